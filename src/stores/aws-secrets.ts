// Secrets Manager through the AWS SDK. Imported lazily by aws.ts, on the first secret.
import {
  GetSecretValueCommand,
  SecretsManagerClient,
  paginateBatchGetSecretValue,
  type APIErrorType,
  type SecretValueEntry,
} from '@aws-sdk/client-secrets-manager';
import { StoreCall, clientConfig, errorName, regionOf, regionalClients } from './aws-clients.js';
import { isAccessDenied } from './classify.js';
import type { AwsStoreOptions } from './aws-ssm.js';
import { createLimit } from './limit.js';
import { isVersioned, type FetchContext, type Outcome, type Secret, type SecretQuery, type Store } from './store.js';

/** GetSecretValue calls in flight at once, across all batches, when they stand in for a batch. */
export const SINGLE_CALLS_AT_ONCE = 8;

export function createSecretsStore(options: AwsStoreOptions): Pick<Store, 'getSecrets'> {
  const secrets = regionalClients(options.region, (region) => new SecretsManagerClient(clientConfig(region)));
  const limit = createLimit(SINGLE_CALLS_AT_ONCE);
  // Once BatchGetSecretValue is denied, later batches go straight to GetSecretValue.
  let batchDenied = false;

  const one = (client: SecretsManagerClient, query: SecretQuery, ctx: FetchContext): Promise<Outcome<Secret>> =>
    limit(async () => {
      const call = new StoreCall('secretsmanager', 'GetSecretValue', [query.secretId], options.log);
      const started = Date.now();
      try {
        const out = await client.send(
          call.watch(new GetSecretValueCommand({ SecretId: query.secretId, VersionStage: query.versionStage, VersionId: query.versionId })),
          { abortSignal: ctx.signal },
        );
        ctx.log.debug('GetSecretValue', { secret: query.secretId, stage: query.versionStage, versionId: query.versionId, ms: Date.now() - started });
        return { status: 'found', value: fromSdk(out) };
      } catch (error) {
        const region = await regionOf(client);
        if (errorName(error) === 'ResourceNotFoundException') return { status: 'missing', region };
        // A stage and a version id together must name one version (GetSecretValue in the
        // API reference); AWS answers a mismatch with InvalidRequestException.
        if (query.versionStage !== undefined && query.versionId !== undefined && errorName(error) === 'InvalidRequestException') {
          return { status: 'missing', region };
        }
        return { status: 'failed', error: await call.failed(client, error) };
      }
    });

  /** BatchGetSecretValue, all pages; a failure of the call is thrown as it came. */
  const batch = async (client: SecretsManagerClient, call: StoreCall, queries: readonly SecretQuery[], ctx: FetchContext): Promise<Outcome<Secret>[]> => {
    const ids = queries.map((q) => q.secretId);
    const values: SecretValueEntry[] = [];
    const errors: APIErrorType[] = [];
    // No pageSize: MaxResults is for Filters, not for a SecretIdList.
    let started = Date.now();
    for await (const out of paginateBatchGetSecretValue({ client, withCommand: call.watch }, { SecretIdList: ids }, { abortSignal: ctx.signal })) {
      values.push(...(out.SecretValues ?? []));
      errors.push(...(out.Errors ?? []));
      ctx.log.debug('BatchGetSecretValue', { secrets: ids, got: out.SecretValues?.length ?? 0, errors: out.Errors?.length ?? 0, ms: Date.now() - started });
      started = Date.now();
    }

    const region = await regionOf(client);
    return Promise.all(
      queries.map(async (query): Promise<Outcome<Secret>> => {
        const error = errors.find((e) => e.SecretId === query.secretId);
        if (error?.ErrorCode === 'ResourceNotFoundException') return { status: 'missing', region };
        if (error) {
          // Any other error of one secret (AccessDeniedException for a secret of another
          // account, whose resource policy the batch call does not honour; a KMS error):
          // GetSecretValue on it alone decides, and its error is the one reported.
          ctx.log.debug('BatchGetSecretValue could not read a secret: reading it alone with GetSecretValue', {
            secret: query.secretId,
            error: error.ErrorCode,
          });
          return one(client, query, ctx);
        }
        const value = values.find((v) => answers(v, query.secretId));
        // Neither answered nor reported: ask for it alone rather than guess.
        return value ? { status: 'found', value: fromSdk(value) } : one(client, query, ctx);
      }),
    );
  };

  return {
    /**
     * One secret, or one with a version stage or id, goes through GetSecretValue (the IAM
     * action every role that reads secrets already has); several current versions through
     * BatchGetSecretValue, and, where that is denied (it is an IAM action of its own), through
     * GetSecretValue each, a few at a time.
     */
    async getSecrets(queries, ctx) {
      const client = secrets(queries[0]?.region);
      const single = isVersioned;
      const batchable = queries.filter((q) => !single(q));
      const batched = async (): Promise<Outcome<Secret>[]> => {
        if (batchable.length === 0) return [];
        if (batchable.length === 1 || batchDenied) return Promise.all(batchable.map((q) => one(client, q, ctx)));
        const call = new StoreCall(
          'secretsmanager',
          'BatchGetSecretValue',
          batchable.map((q) => q.secretId),
          options.log,
        );
        try {
          return await batch(client, call, batchable, ctx);
        } catch (error) {
          if (!isAccessDenied(error)) throw await call.failed(client, error);
          if (!batchDenied) {
            batchDenied = true;
            ctx.log.debug(
              'BatchGetSecretValue is denied (it needs its own IAM action, secretsmanager:BatchGetSecretValue): reading each secret with GetSecretValue instead',
            );
          }
          return Promise.all(batchable.map((q) => one(client, q, ctx)));
        }
      };
      const [fromBatch, singles] = await Promise.all([batched(), Promise.all(queries.filter(single).map((q) => one(client, q, ctx)))]);
      let b = 0;
      let s = 0;
      return queries.map((q) => (single(q) ? singles[s++]! : fromBatch[b++]!));
    },
  };
}

/** Whether a batch answer is the one for `id`: a name, a full ARN, or a partial ARN (no `-AbCdEf`). */
function answers(value: SecretValueEntry, id: string): boolean {
  if (!id.startsWith('arn:')) return value.Name === id;
  const arn = value.ARN ?? '';
  return arn === id || (arn.startsWith(`${id}-`) && arn.length === id.length + 7);
}

function fromSdk(out: { Name?: string; ARN?: string; VersionId?: string; SecretString?: string; SecretBinary?: Uint8Array }): Secret {
  return { name: out.Name ?? '', arn: out.ARN, versionId: out.VersionId, value: out.SecretString, binary: out.SecretBinary };
}
