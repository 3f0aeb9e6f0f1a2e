// IAM set-up in moto through IAM's query API (no IAM SDK client in the project). Run it
// before enforcement is on: moto does not check the signature until then.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

async function iam(url: string, params: Record<string, string>): Promise<string> {
  const body = new URLSearchParams({ ...params, Version: '2010-05-08' });
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`IAM ${params.Action}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
});

/** A role with exactly `policy` attached inline. */
export async function createRole(url: string, name: string, policy: object | undefined): Promise<string> {
  const created = await iam(url, { Action: 'CreateRole', RoleName: name, AssumeRolePolicyDocument: trust });
  if (policy) await iam(url, { Action: 'PutRolePolicy', RoleName: name, PolicyName: 'inline', PolicyDocument: JSON.stringify(policy) });
  return /<Arn>([^<]+)<\/Arn>/.exec(created)![1]!;
}

/** Temporary credentials for the role, as env variables; the session name shows in the ARN. */
export async function assumeRole(url: string, roleArn: string, sessionName: string): Promise<Record<string, string>> {
  const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  sts.destroy();
  const c = out.Credentials!;
  return { AWS_ACCESS_KEY_ID: c.AccessKeyId!, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey!, AWS_SESSION_TOKEN: c.SessionToken! };
}
