// Seeds moto with the AWS SDK, as a user would with the console or the CLI.
import { readFileSync } from 'node:fs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient, type ParameterType } from '@aws-sdk/client-ssm';

export interface SeedParameter {
  name: string;
  value: string;
  type?: ParameterType;
}

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** The classic sample, with the values of examples/parameters.json. */
export const SAMPLE: SeedParameter[] = Object.entries(
  (
    JSON.parse(readFileSync(new URL('../../examples/parameters.json', import.meta.url), 'utf8')) as {
      parameters: Record<string, string | { type: ParameterType; value: string }>;
    }
  ).parameters,
).map(([name, entry]) => (typeof entry === 'string' ? { name, value: entry } : { name, value: entry.value, type: entry.type }));

export async function putParameters(url: string, parameters: SeedParameter[], region = 'us-east-1'): Promise<void> {
  const ssm = new SSMClient({ endpoint: url, region, credentials });
  const queue = [...parameters];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      await ssm.send(new PutParameterCommand({ Name: p.name, Value: p.value, Type: p.type ?? 'String', Overwrite: true }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  ssm.destroy();
}

/** Creates a secret and returns its ARN. */
export async function putSecret(url: string, name: string, secretString: string, region = 'us-east-1'): Promise<string> {
  const sm = new SecretsManagerClient({ endpoint: url, region, credentials });
  const out = await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretString }));
  sm.destroy();
  return out.ARN!;
}
