// ARNs of parameters and secrets, as written in references and secret ids. Each parser
// returns what it read, or a problem (a phrase) that the caller turns into a message
// naming the variable or option.

import { partitionOfRegion, PARTITIONS } from './partitions.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface ParameterArn {
  /** The ARN without the `:version`/`:label` selector. */
  arn: string;
  region: string;
  account: string;
  /** The name inside it: `/a/b` for `parameter/a/b`; `name` for `parameter/name` (see below). */
  name: string;
  /** What followed the name after `:` (a version or label), if anything. */
  selector: string | undefined;
}

export interface SecretArn {
  /** The seven fields `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME`. */
  arn: string;
  region: string;
  account: string;
  /** The name as written in the ARN: with AWS's 6-character suffix if it is a full ARN. */
  name: string;
  /** The fields after the name (ECS `valueFrom`: JSON key, version stage, version id). */
  rest: string[];
}

// Every partition id of the SDK's data has this shape (test/sources/partitions.test.ts).
const PARTITION = /^aws(-[a-z]+)*$/;
// Every region of the SDK's data, and every region its regionRegex patterns describe,
// has this shape; a region newer than the data still passes (the SDK would call it too).
const REGION = /^[a-z]+(-[a-z0-9]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

/**
 * An ARN, or one written in the wrong case (`ARN:AWS:SSM:...`, three fields at least, so
 * that an env prefix `ARN:` of a secret id stays one).
 */
export function looksLikeArn(text: string): boolean {
  return text.startsWith('arn:') || /^arn:[^:]*:[^:]*:/i.test(text);
}

/**
 * `arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME[:SELECTOR]`. AWS writes one `/` after
 * `parameter` whether the name is `/a/b` or `a`: a name with a `/` in it gets its leading
 * `/` back; a single-level name is returned without one (the store knows the ambiguity).
 */
export function parseParameterArn(text: string): Parsed<ParameterArn> {
  const fields = text.split(':');
  const common = checkCommon(text, fields, 'ssm');
  if (common) return fail(common);
  if (fields.length < 6 || fields.length > 7) return fail('is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)');
  const [, , , region, account, resource] = fields as [string, string, string, string, string, string];
  const where = checkWhere(fields[1]!, region, account);
  if (where) return fail(where);
  if (!resource.startsWith('parameter/') || resource.length === 'parameter/'.length) {
    return fail(`has resource ${JSON.stringify(resource)}; expected parameter/NAME`);
  }
  const body = resource.slice('parameter/'.length);
  const name = body.includes('/') ? `/${body}` : body;
  return { ok: true, value: { arn: fields.slice(0, 6).join(':'), region, account, name, selector: fields[6] } };
}

/** `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME[:more:fields]`. */
export function parseSecretArn(text: string): Parsed<SecretArn> {
  const fields = text.split(':');
  const common = checkCommon(text, fields, 'secretsmanager');
  if (common) return fail(common);
  if (fields.length < 7) return fail('is not a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)');
  const [, , , region, account, type, name] = fields as [string, string, string, string, string, string, string];
  const where = checkWhere(fields[1]!, region, account);
  if (where) return fail(where);
  if (type !== 'secret') return fail(`has resource type ${JSON.stringify(type)}; expected secret`);
  if (name === '') return fail('names no secret after secret:');
  return { ok: true, value: { arn: fields.slice(0, 7).join(':'), region, account, name, rest: fields.slice(7) } };
}

/** Case, and the service: an ARN of the other service gets pointed at the right scheme. */
function checkCommon(text: string, fields: readonly string[], expected: 'ssm' | 'secretsmanager'): string | undefined {
  const head = fields.slice(0, 4);
  if (head.some((field) => field !== field.toLowerCase())) {
    return `is written in upper case: ARNs are lower case (arn:aws:${expected}:REGION:...); write ${JSON.stringify(lowerHead(fields))}`;
  }
  const service = fields[2] ?? '';
  if (service === expected) return undefined;
  if (service === 'ssm' && /^parameter\//.test(fields[5] ?? '')) {
    return `is an SSM parameter ARN, not a Secrets Manager secret: use ssm://${text}`;
  }
  if (service === 'secretsmanager') return `is a Secrets Manager secret ARN, not an SSM parameter: use sm://${text}`;
  if (fields.length < 3)
    return expected === 'ssm'
      ? 'is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)'
      : 'is not a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)';
  return `is an ARN of service ${JSON.stringify(service)}, not ${expected}`;
}

/** Partition, region (which must belong to the partition, as the SDK's data says) and account. */
function checkWhere(partition: string, region: string, account: string): string | undefined {
  if (!PARTITION.test(partition)) {
    return `has partition ${JSON.stringify(partition)}; expected one of ${PARTITIONS.map((p) => p.id).join(', ')}`;
  }
  if (!REGION.test(region)) return `has region ${JSON.stringify(region)}; expected a region such as eu-west-1`;
  const owner = partitionOfRegion(region);
  if (owner !== undefined && owner !== partition) {
    return `has region ${region} in partition ${partition}, but ${region} is in partition ${owner} (arn:${owner}:...)`;
  }
  if (!ACCOUNT.test(account)) return `has account ${JSON.stringify(account)}; expected 12 digits`;
  return undefined;
}

/** The ARN with its `arn:partition:service:region` in lower case; the rest as written. */
function lowerHead(fields: readonly string[]): string {
  return fields.map((field, i) => (i < 4 ? field.toLowerCase() : field)).join(':');
}

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}
