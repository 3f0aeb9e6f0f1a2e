// Parameter Store through the AWS SDK. Imported lazily by aws.ts.
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  SSMClient,
  type Parameter as SdkParameter,
} from '@aws-sdk/client-ssm';
import { parameterIdentity } from '../sources/identifiers.js';
import { clientConfig, errorName, watchAttempts, regionOf, regionalClients } from './aws-clients.js';
import type { Logger } from '../core/log.js';
import { StoreError, type FetchContext, type Outcome, type Parameter, type ParameterQuery, type ParameterType, type Store } from './store.js';

export interface AwsStoreOptions {
  /** --region; otherwise the SDK default chain (AWS_REGION, profile, ...). */
  region: string | undefined;
  /** --verbose: every failed attempt. */
  log?: Logger;
}

const NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound']);

export function createSsmStore(options: AwsStoreOptions): Pick<Store, 'getParametersByPath' | 'getParameters'> {
  const ssm = regionalClients(options.region, (region) => watchAttempts(new SSMClient(clientConfig(region)), 'ssm', options.log));

  /** GetParameters for names (with `:version`/`:label`), one call. */
  const byNames = async (client: SSMClient, queries: readonly ParameterQuery[], ctx: FetchContext): Promise<Outcome<Parameter>[]> => {
    // Answers are matched to questions by Name, the way Parameter Store identifies a
    // parameter: it answers `ssm://TestParam1` with the stored `/TestParam1` (and the
    // reverse). moto does not echo `Selector`, so a call must not hold two queries for one
    // parameter (resolve/batch.ts packs calls that way).
    if (new Set(queries.map((q) => parameterIdentity(q.name))).size !== queries.length) throw new Error('GetParameters: one query per parameter per call');
    const names = queries.map(apiName);
    const started = Date.now();
    let out;
    try {
      out = await client.send(new GetParametersCommand({ Names: names, WithDecryption: true }), { abortSignal: ctx.signal });
    } catch (error) {
      throw new StoreError({ operation: 'ssm:GetParameters', target: names.join(', '), region: await regionOf(client), cause: error });
    }
    ctx.log.debug('GetParameters', { names, got: out.Parameters?.length ?? 0, ms: Date.now() - started });
    const region = await regionOf(client);
    return queries.map((query): Outcome<Parameter> => {
      const p = out.Parameters?.find((candidate) => parameterIdentity(candidate.Name ?? '') === parameterIdentity(query.name));
      return p ? { status: 'found', value: fromSdk(p) } : { status: 'missing', region };
    });
  };

  /**
   * GetParameter for one ARN. AWS's GetParameters accepts ARNs but moto's does not, and
   * GetParameter takes them on both; its one answer needs no matching of a returned Name
   * to the requested ARN (which differ). ARN references are few (cross-region or
   * cross-account), and they run concurrently with everything else.
   */
  const byArn = async (client: SSMClient, query: ParameterQuery, ctx: FetchContext): Promise<Outcome<Parameter>> => {
    const name = apiName(query);
    const started = Date.now();
    try {
      const out = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }), { abortSignal: ctx.signal });
      ctx.log.debug('GetParameter', { name, ms: Date.now() - started });
      return out.Parameter ? { status: 'found', value: fromSdk(out.Parameter) } : { status: 'missing', region: await regionOf(client) };
    } catch (error) {
      if (NOT_FOUND.has(errorName(error))) return { status: 'missing', region: await regionOf(client) };
      return { status: 'failed', error: new StoreError({ operation: 'ssm:GetParameter', target: name, region: await regionOf(client), cause: error }) };
    }
  };

  return {
    async getParametersByPath(path, ctx) {
      const client = ssm(undefined);
      const parameters: Parameter[] = [];
      let nextToken: string | undefined;
      let page = 0;
      // AWS may answer empty pages that still carry a NextToken: follow it until absent.
      do {
        page++;
        const started = Date.now();
        try {
          const out = await client.send(
            new GetParametersByPathCommand({ Path: path, Recursive: true, WithDecryption: true, MaxResults: 10, NextToken: nextToken }),
            { abortSignal: ctx.signal },
          );
          for (const p of out.Parameters ?? []) parameters.push(fromSdk(p));
          nextToken = out.NextToken;
          ctx.log.debug('GetParametersByPath', { path, page, got: out.Parameters?.length ?? 0, ms: Date.now() - started });
        } catch (error) {
          throw new StoreError({ operation: 'ssm:GetParametersByPath', target: path, region: await regionOf(client), cause: error });
        }
      } while (nextToken);
      return parameters;
    },

    async getParameters(queries, ctx) {
      const client = ssm(queries[0]?.region);
      const named = queries.filter((q) => q.arn === undefined);
      const [byName, byArns] = await Promise.all([
        named.length > 0 ? byNames(client, named, ctx) : [],
        Promise.all(queries.filter((q) => q.arn !== undefined).map((q) => byArn(client, q, ctx))),
      ]);
      // Back in the order of the queries.
      let n = 0;
      let a = 0;
      return queries.map((q) => (q.arn === undefined ? byName[n++]! : byArns[a++]!));
    },
  };
}

/** What the API is asked for: the name or ARN, with `:version` or `:label`. */
function apiName(query: ParameterQuery): string {
  const base = query.arn ?? query.name;
  if (query.version !== undefined) return `${base}:${query.version}`;
  if (query.label !== undefined) return `${base}:${query.label}`;
  return base;
}

function fromSdk(p: SdkParameter): Parameter {
  return { name: p.Name ?? '', value: p.Value ?? '', type: (p.Type ?? 'String') as ParameterType, version: p.Version };
}
