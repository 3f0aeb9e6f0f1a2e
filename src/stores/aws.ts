// The AWS store. stores/aws-*.ts are the only modules that import the AWS SDK; main.ts
// loads this one with a dynamic import, so a run with no source configured never
// evaluates SDK code, and each service's client is loaded on its first use (a run with
// parameters only never evaluates the Secrets Manager client).
import { isAccessDenied, lastAttemptError } from './aws-clients.js';
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
  const withPrincipal = async <T>(ctx: FetchContext, work: () => Promise<T>): Promise<T> => {
    const fill = async (error: unknown) => {
      if (error instanceof StoreError && /^(AbortError|TimeoutError)$/.test(String((error.cause as Error)?.name))) {
        error.lastAttempt = lastAttemptError(error.operation);
      }
      if (error instanceof StoreError && isAccessDenied(error.cause) && !/User: arn:/.test(String((error.cause as Error)?.message))) {
        who ??= identity(ctx).catch(() => undefined);
        error.principal = (await who)?.arn;
      }
    };
    try {
      const result = await work();
      if (Array.isArray(result)) for (const outcome of result as Outcome<unknown>[]) if (outcome.status === 'failed') await fill(outcome.error);
      return result;
    } catch (error) {
      await fill(error);
      throw error;
    }
  };
  return {
    getParametersByPath: (path, ctx) => withPrincipal(ctx, async () => (await ssm()).getParametersByPath(path, ctx)),
    getParameters: (queries, ctx) => withPrincipal(ctx, async () => (await ssm()).getParameters(queries, ctx)),
    getSecrets: (queries, ctx) => withPrincipal(ctx, async () => (await secrets()).getSecrets(queries, ctx)),
    identity,
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
