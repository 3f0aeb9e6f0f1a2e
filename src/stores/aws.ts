// The AWS store. stores/aws-*.ts are the only modules that import the AWS SDK; main.ts
// loads this one with a dynamic import, so a run with no source configured never
// evaluates SDK code, and each service's client is loaded on its first use (a run with
// parameters only never evaluates the Secrets Manager client).
import type { Store } from './store.js';
import type { AwsStoreOptions } from './aws-ssm.js';

export type { AwsStoreOptions } from './aws-ssm.js';

export function createAwsStore(options: AwsStoreOptions): Store {
  const ssm = once(async () => (await import('./aws-ssm.js')).createSsmStore(options));
  const secrets = once(async () => (await import('./aws-secrets.js')).createSecretsStore(options));
  return {
    getParametersByPath: async (path, ctx) => (await ssm()).getParametersByPath(path, ctx),
    getParameters: async (queries, ctx) => (await ssm()).getParameters(queries, ctx),
    getSecrets: async (queries, ctx) => (await secrets()).getSecrets(queries, ctx),
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
