// sts:GetCallerIdentity: who the credentials belong to. Needs no IAM permission.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, regionOf } from './aws-clients.js';
import { StoreError, type CallerIdentity, type FetchContext } from './store.js';

export function createIdentity(region: string | undefined): (ctx: FetchContext) => Promise<CallerIdentity> {
  let client: STSClient | undefined;
  return async (ctx) => {
    client ??= new STSClient(clientConfig(region));
    try {
      const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal });
      return { arn: out.Arn ?? '', account: out.Account ?? '', region: await regionOf(client) };
    } catch (error) {
      throw new StoreError({ operation: 'sts:GetCallerIdentity', target: 'caller', region: await regionOf(client), cause: error });
    }
  };
}
