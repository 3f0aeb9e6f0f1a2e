// ARNs of parameters and secrets, as written in references and secret ids. Each parser
// returns what it read, or a problem (a phrase) that the caller turns into a message
// naming the variable or option.

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

const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

/**
 * `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME[:SELECTOR]`. AWS writes one `/` after
 * `parameter` whether the name is `/a/b` or `a`: a name with a `/` in it gets its leading
 * `/` back; a single-level name is returned without one (the store knows the ambiguity).
 */
export function parseParameterArn(text: string): Parsed<ParameterArn> {
  const fields = text.split(':');
  if (fields.length < 6 || fields.length > 7) return fail('is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)');
  const [, partition, service, region, account, resource] = fields as [string, string, string, string, string, string];
  const common = checkCommon(partition, service, 'ssm', region, account);
  if (common) return fail(common);
  if (!resource.startsWith('parameter/') || resource.length === 'parameter/'.length) {
    return fail(`has resource ${JSON.stringify(resource)}; expected parameter/NAME`);
  }
  const body = resource.slice('parameter/'.length);
  const name = body.includes('/') ? `/${body}` : body;
  return { ok: true, value: { arn: fields.slice(0, 6).join(':'), region, account, name, selector: fields[6] } };
}

/** `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:more:fields]`. */
export function parseSecretArn(text: string): Parsed<SecretArn> {
  const fields = text.split(':');
  if (fields.length < 7) return fail('is not a Secrets Manager ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)');
  const [, partition, service, region, account, type, name] = fields as [string, string, string, string, string, string, string];
  const common = checkCommon(partition, service, 'secretsmanager', region, account);
  if (common) return fail(common);
  if (type !== 'secret') return fail(`has resource type ${JSON.stringify(type)}; expected secret`);
  if (name === '') return fail('names no secret after secret:');
  return { ok: true, value: { arn: fields.slice(0, 7).join(':'), region, account, name, rest: fields.slice(7) } };
}

function checkCommon(partition: string, service: string, expected: string, region: string, account: string): string | undefined {
  if (!PARTITION.test(partition)) return `has partition ${JSON.stringify(partition)}; expected aws (or aws-cn, aws-us-gov)`;
  if (service !== expected) return `is an ARN of service ${JSON.stringify(service)}, not ${expected}`;
  if (!REGION.test(region)) return `has region ${JSON.stringify(region)}; expected a region such as eu-west-1`;
  if (!ACCOUNT.test(account)) return `has account ${JSON.stringify(account)}; expected 12 digits`;
  return undefined;
}

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}
