// sts:GetCallerIdentity: who the credentials belong to. Needs no IAM permission. And the
// region, as the SDK resolves it for every client.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  getProfileName,
  loadConfig,
  loadSharedConfigFiles,
  resolveRegionConfig,
} from '@smithy/core/config';
import { StoreCall, clientConfig, regionOf } from './aws-clients.js';
import type { CallerIdentity, FetchContext, RegionAnswer } from './store.js';

export function createIdentity(region: string | undefined): (ctx: FetchContext) => Promise<CallerIdentity> {
  let client: STSClient | undefined;
  return async (ctx) => {
    client ??= new STSClient(clientConfig(region));
    const call = new StoreCall('sts', 'GetCallerIdentity', ['caller'], undefined);
    let out;
    try {
      out = await client.send(call.watch(new GetCallerIdentityCommand({})), { abortSignal: ctx.signal });
    } catch (error) {
      throw await call.failed(client, error);
    }
    if (!out.Arn) {
      // A 200 without an identity (a captive portal, a wrong AWS_ENDPOINT_URL): not AWS.
      throw await call.failed(client, Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: out.$metadata }));
    }
    const credentials = (await client.config.credentials().catch(() => undefined)) as { $source?: Record<string, unknown> } | undefined;
    return { arn: out.Arn, account: out.Account ?? '', region: await regionOf(client), credentialFeatures: Object.keys(credentials?.$source ?? {}) };
  };
}

/**
 * The region every client uses when none is given: the SDK's own chain (AWS_REGION, then
 * the profile's `region` in the shared files, the credentials file first, then EC2
 * instance metadata; never AWS_DEFAULT_REGION), and which link of it answered.
 */
export async function resolveRegion(configured: string | undefined): Promise<RegionAnswer> {
  const found = configured ?? (await loadConfig(NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS)().catch(() => undefined));
  if (found === undefined) return { region: undefined, source: undefined };
  // The client's own check and mapping (fips-us-east-1 → us-east-1; "" or "eu west" refused).
  const region = await resolveRegionConfig({ region: async () => found, useFipsEndpoint: false })
    .region()
    .catch(() => undefined);
  const answer = (source: string): RegionAnswer => (region === undefined ? { region: found, source, invalid: true } : { region, source });
  if (configured !== undefined) return answer('--region');
  if (NODE_REGION_CONFIG_OPTIONS.environmentVariableSelector(process.env, {}) !== undefined) return answer('AWS_REGION');
  const profile = getProfileName({});
  const { configFile, credentialsFile } = await loadSharedConfigFiles({});
  const file =
    credentialsFile[profile]?.region !== undefined
      ? process.env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials'
      : configFile[profile]?.region !== undefined
        ? process.env.AWS_CONFIG_FILE || '~/.aws/config'
        : undefined;
  return answer(file ? `the region of profile ${profile} in ${file}` : 'EC2 instance metadata');
}
