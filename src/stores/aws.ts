// The only module that imports the AWS SDK. main.ts loads it with a dynamic import,
// so a run with no source configured never evaluates SDK code.
import { GetParametersByPathCommand, SSMClient, type Parameter as SdkParameter } from '@aws-sdk/client-ssm';
import { StoreError, type Parameter, type ParameterType, type Store } from './store.js';

export interface AwsStoreOptions {
  /** --region; otherwise the SDK default chain (AWS_REGION, profile, ...). */
  region: string | undefined;
}

export function createAwsStore(options: AwsStoreOptions): Store {
  const clients = new Map<string, SSMClient>();
  const ssm = (region: string | undefined) => {
    const key = region ?? '';
    let client = clients.get(key);
    if (!client) {
      client = new SSMClient(region ? { region } : {});
      clients.set(key, client);
    }
    return client;
  };

  return {
    async getParametersByPath(path, ctx) {
      const client = ssm(options.region);
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
  };
}

function fromSdk(p: SdkParameter): Parameter {
  return { name: p.Name ?? '', value: p.Value ?? '', type: (p.Type ?? 'String') as ParameterType, version: p.Version };
}

async function regionOf(client: SSMClient): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return undefined;
  }
}
