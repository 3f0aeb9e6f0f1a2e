// IAM statements that allow what the tool does: for the fix in an access-denied message
// and for --doctor --policy. One place, so both always agree.

import { dnsSuffixOfRegion, partitionOfRegion } from '../sources/partitions.js';

export interface Statement {
  Sid?: string;
  Effect: 'Allow';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Where {
  region: string | undefined;
  account: string | undefined;
}

/** Placeholders where the region or account is unknown: clearly not real values. */
const REGION = 'REGION';
const ACCOUNT = 'ACCOUNT_ID';

export function accountOf(arn: string | undefined): string | undefined {
  return arn?.split(':')[4] || undefined;
}

const prefixed = (name: string) => (name.startsWith('/') ? name : `/${name}`);
/** `arn:aws-cn:...` in cn-north-1: the partition of the region (the SDK's data), `aws` if unknown. */
const arnPrefix = (service: string, where: Where) =>
  `arn:${(where.region && partitionOfRegion(where.region)) || 'aws'}:${service}:${where.region ?? REGION}:${where.account ?? ACCOUNT}`;

/** GetParametersByPath is authorised on the path itself and reads what is below it. */
export function parameterPathResources(path: string, where: Where): string[] {
  const base = `${arnPrefix('ssm', where)}:parameter${prefixed(path)}`;
  return [base, `${base}/*`];
}

/** A parameter name (`/a/b`, `name`) or ARN → its ARN, without `:version`/`:label`. */
export function parameterResource(nameOrArn: string, where: Where): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn.replace(/(:parameter\/[^:]*):[^:]*$/, '$1');
  const name = nameOrArn.replace(/:[^/:]*$/, '');
  return `${arnPrefix('ssm', where)}:parameter${prefixed(name)}`;
}

/** Secret ARNs end in `-` and 6 random characters that a name does not know: `-??????`. */
export function secretResource(idOrArn: string, where: Where): string {
  if (idOrArn.startsWith('arn:')) {
    const name = idOrArn.split(':secret:')[1] ?? '';
    return /-[A-Za-z0-9]{6}$/.test(name) ? idOrArn : `${idOrArn}-??????`;
  }
  return `${arnPrefix('secretsmanager', where)}:secret:${idOrArn}-??????`;
}

export function kmsDecrypt(service: 'ssm' | 'secretsmanager', keyId: string | undefined, where: Where): Statement {
  const region = where.region ?? REGION;
  const resource = keyId?.startsWith('arn:') ? keyId : `${arnPrefix('kms', where)}:key/${keyId ?? 'KEY_ID'}`;
  return {
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: resource,
    Condition: { StringEquals: { 'kms:ViaService': `${service}.${region}.${dnsSuffixOfRegion(region)}` } },
  };
}

/** The statement that allows `action` on what a failed call was about. */
export function statementFor(action: string, targets: readonly string[], where: Where): Statement {
  switch (action) {
    case 'ssm:GetParametersByPath':
      return { Effect: 'Allow', Action: action, Resource: targets.flatMap((t) => parameterPathResources(t, where)) };
    case 'ssm:GetParameters':
    case 'ssm:GetParameter':
      return { Effect: 'Allow', Action: action, Resource: one(targets.map((t) => parameterResource(t, where))) };
    case 'secretsmanager:GetSecretValue':
      return { Effect: 'Allow', Action: action, Resource: one(targets.map((t) => secretResource(t, where))) };
    default:
      return { Effect: 'Allow', Action: action, Resource: '*' };
  }
}

function one(resources: string[]): string | string[] {
  const unique = [...new Set(resources)];
  return unique.length === 1 ? unique[0]! : unique;
}
