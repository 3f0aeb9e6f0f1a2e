import { kmsDecrypt, parameterPathResources, parameterResource, secretResource, type Statement, type Where } from '../diagnose/iam.js';
import type { Plan } from '../sources/plan.js';

export interface Policy {
  Version: '2012-10-17';
  Statement: Statement[];
}

/**
 * The least-privilege policy for exactly the configured sources, for the task role.
 * Region and account come from ARNs, then from `where` (caller identity / --region);
 * unknown ones stay as the placeholders REGION and ACCOUNT_ID.
 */
export function policyFor(plan: Plan, where: Where): Policy {
  const at = (region: string | undefined): Where => ({ region: region ?? where.region, account: where.account });
  const statements: Statement[] = [];
  const add = (sid: string, action: string, resources: string[]) => {
    if (resources.length > 0) statements.push({ Sid: sid, Effect: 'Allow', Action: action, Resource: [...new Set(resources)] });
  };

  add(
    'ReadPrefixes',
    'ssm:GetParametersByPath',
    plan.prefixes.flatMap((p) => parameterPathResources(p.path, where)),
  );
  const parameterRefs = plan.references.flatMap((r) => (r.target.kind === 'parameter' ? [r.target] : []));
  add(
    'ReadNamedParameters',
    'ssm:GetParameters',
    parameterRefs.filter((p) => !p.arn).map((p) => parameterResource(p.name, at(p.region))),
  );
  add(
    'ReadParametersByArn',
    'ssm:GetParameter',
    parameterRefs.flatMap((p) => (p.arn ? [p.arn] : [])),
  );

  const secretIds = [
    ...plan.secrets.map((s) => ({ id: s.secretId, region: s.region })),
    ...plan.references.flatMap((r) => (r.target.kind === 'secret' ? [{ id: r.target.secretId, region: r.target.region }] : [])),
  ];
  add(
    'ReadSecrets',
    'secretsmanager:GetSecretValue',
    secretIds.map((s) => secretResource(s.id, at(s.region))),
  );
  // BatchGetSecretValue is authorised on no particular secret; each secret still needs GetSecretValue.
  if (new Set(secretIds.map((s) => s.id)).size > 1) add('BatchReadSecrets', 'secretsmanager:BatchGetSecretValue', ['*']);

  // SecureString parameters and secrets under customer-managed keys: only through these services.
  const kms = (sid: string, service: 'ssm' | 'secretsmanager'): Statement => ({ Sid: sid, ...kmsDecrypt(service, '*', where) });
  if (plan.prefixes.length > 0 || parameterRefs.length > 0) statements.push(kms('DecryptParameters', 'ssm'));
  if (secretIds.length > 0) statements.push(kms('DecryptSecrets', 'secretsmanager'));
  return { Version: '2012-10-17', Statement: statements };
}
