// The AWS store. stores/aws-*.ts are the only modules that import the AWS SDK; main.ts
// loads this one with a dynamic import, so a run with no source configured never
// evaluates SDK code, and each service's client is loaded on its first use (a run with
// parameters only never evaluates the Secrets Manager client).
import { isAccessDenied } from './classify.js';
import { StoreError, type CallerIdentity, type FetchContext, type Outcome, type Store } from './store.js';
import type { AwsStoreOptions } from './aws-ssm.js';

export type { AwsStoreOptions } from './aws-ssm.js';

export function createAwsStore(options: AwsStoreOptions): Store {
  const ssm = once(async () => (await import('./aws-ssm.js')).createSsmStore(options));
  const secrets = once(async () => (await import('./aws-secrets.js')).createSecretsStore(options));
  const sts = once(async () => (await import('./aws-identity.js')).createIdentity(options.region));
  const identity = async (ctx: FetchContext) => (await sts())(ctx);
  // A denial names who was denied: AWS's message says it; moto's 403 does not, so ask STS.
  let who: Promise<CallerIdentity | undefined> | undefined;
  const explain = async (error: unknown, ctx: FetchContext): Promise<unknown> => {
    if (!(error instanceof StoreError) || !isAccessDenied(error.cause) || error.principal !== undefined) return error;
    who ??= identity(ctx).catch(() => undefined);
    return error.withPrincipal((await who)?.arn);
  };
  const explained = async <T>(ctx: FetchContext, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw await explain(error, ctx);
    }
  };
  const explainedOutcomes = async <T>(ctx: FetchContext, work: () => Promise<Outcome<T>[]>): Promise<Outcome<T>[]> => {
    const outcomes = await explained(ctx, work);
    return Promise.all(
      outcomes.map(async (outcome): Promise<Outcome<T>> =>
        outcome.status === 'failed' ? { status: 'failed', error: (await explain(outcome.error, ctx)) as StoreError } : outcome,
      ),
    );
  };
  return {
    getParametersByPath: (path, ctx) => explained(ctx, async () => (await ssm()).getParametersByPath(path, ctx)),
    getParameters: (queries, ctx) => explainedOutcomes(ctx, async () => (await ssm()).getParameters(queries, ctx)),
    getSecrets: (queries, ctx) => explainedOutcomes(ctx, async () => (await secrets()).getSecrets(queries, ctx)),
    identity,
    region: async () => (await import('./aws-identity.js')).resolveRegion(options.region),
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
