import { StoreError } from '../stores/store.js';
import { classify, guessRole, isNetworkCode, type Diagnosis } from './classify.js';
import { predictCredentialSource, withoutUserinfo } from './credentials.js';
import { UserError, describeUnexpected } from '../core/errors.js';
import { accountOf, kmsDecrypt, statementFor, type Where } from './iam.js';

export const TASK_ROLE_REMINDER =
  "the tool runs inside the container and uses the task role (taskRoleArn); ECS's own 'secrets:' injection uses the task execution role instead";

const PROVIDERS =
  'environment (AWS_ACCESS_KEY_ID), shared config and credentials files (AWS_PROFILE, SSO), web identity (AWS_WEB_IDENTITY_TOKEN_FILE), ECS container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI), EC2 instance metadata';

const VPC_HINT = (region: string) =>
  `in a private subnet, add VPC interface endpoints com.amazonaws.${region}.ssm, com.amazonaws.${region}.secretsmanager and com.amazonaws.${region}.kms (private DNS on), or a route to a NAT gateway`;

const THROTTLED_HINT =
  'retried up to 8 times with backoff within --timeout; raise --timeout, stagger task starts, or raise the Parameter Store throughput setting';

export interface DescribeContext {
  timeoutMs: number;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Any failure from fetching → one UserError: the first line says what failed and why, the
 * hint what to do, the details the evidence (principal, reason) and the IAM statement.
 */
export function describeFailure(error: unknown, context: DescribeContext): UserError {
  if (error instanceof UserError) return error;
  if (!(error instanceof StoreError)) return new UserError(describeUnexpected(error));
  const d = classify(error.cause);
  const region = error.region;
  const what = `${error.operation} ${error.target}${region ? ` (${region})` : ''}`;
  const principal = d.principal ?? error.principal;
  const where: Where = { region, account: accountOf(principal) };

  switch (d.kind) {
    case 'access-denied':
      return accessDenied(error, d, what, principal, where);
    case 'kms':
      return kmsFailure(error, d, what, principal, where);
    case 'no-credentials':
      return noCredentials(what, context.env);
    case 'bad-credentials':
      return badCredentials(what, context.env);
    case 'no-region':
      if (d.badRegion !== undefined) {
        return new UserError(`the AWS region ${JSON.stringify(d.badRegion)} is not valid, for ${what}`, {
          hint: 'set AWS_REGION (or --region) to a region code such as eu-west-1; the AWS SDK takes an empty AWS_REGION as is, not as unset',
        });
      }
      return new UserError(`no AWS region configured for ${what}`, {
        hint: 'set AWS_REGION (ECS sets it for you; locally, export it or use a profile with a region) or pass --region',
      });
    case 'timeout':
      if (error.lastAttempt && /Throttl|TooManyRequests|^HTTP 429$/.test(error.lastAttempt)) {
        return new UserError(`throttled by AWS (${error.lastAttempt}) until the ${context.timeoutMs / 1000} s deadline for ${what}`, {
          hint: THROTTLED_HINT,
        });
      }
      // Refused or unreachable on every attempt says more than "no answer"; ETIMEDOUT does not.
      if (isNetworkCode(error.lastAttempt) && error.lastAttempt !== 'ETIMEDOUT') {
        return networkFailure(error, error.lastAttempt!, `${what}, retried until the ${context.timeoutMs / 1000} s deadline`, context.env);
      }
      // Every attempt answered, but not as AWS does (a gateway's 502 page): not "no answer".
      if (/^HTTP \d+$/.test(error.lastAttempt ?? '')) {
        return notAws(error, { ...d, status: Number(error.lastAttempt!.slice(5)) }, `${what}, on every attempt until the ${context.timeoutMs / 1000} s deadline`, context.env);
      }
      return new UserError(`no answer from ${endpointHost(error, context.env)} within ${context.timeoutMs / 1000} s for ${what}`, {
        hint: `${networkHint(serviceOf(error), region, context.env)}; or raise --timeout`,
      });
    case 'bad-endpoint': {
      const setting = endpointSetting(serviceOf(error), context.env);
      return new UserError(`the endpoint ${setting ? `in ${setting} ` : ''}is not a valid URL, for ${what}`, {
        hint: setting ? `set ${setting} to a URL such as https://host:port, or unset it to use AWS's` : 'check the endpoint configuration (endpoint_url in the AWS config file)',
      });
    }
    case 'network':
      return networkFailure(error, d.code ?? 'network error', what, context.env);
    case 'not-aws':
      return notAws(error, d, what, context.env);
    case 'throttled':
      return new UserError(`throttled by AWS (${d.message || d.name}) for ${what}`, { hint: THROTTLED_HINT });
    default:
      // Not an AWS answer: its message may quote anything (a body, a file), so only its name.
      if (d.message === '') return new UserError(`${what} failed: ${d.name || 'error'} (not an answer from AWS; its text is not shown)`);
      return new UserError(`${what} failed: ${d.name ? `${d.name}: ` : ''}${d.message}`);
  }
}

function accessDenied(error: StoreError, d: Diagnosis, what: string, principal: string | undefined, where: Where): UserError {
  const action = d.action ?? error.operation;
  const targets = error.target.split(', ');
  const statement = statementFor(action, d.resource && !action.startsWith('ssm:GetParametersByPath') ? [d.resource] : targets, where);
  const role = guessRole(principal);
  const details = [
    `principal: ${principal ?? 'unknown'}${role ? ` — ${role.what}` : ''}`,
    `action: ${action}; resource: ${d.resource ?? [statement.Resource].flat().join(', ')}`,
    `why: ${REASONS[d.reason ?? 'unknown']}`,
    ...(role?.advice ? [`note: ${role.advice}`] : []),
    ...(d.reason === 'explicit-deny' || d.reason === 'scp' || d.reason === 'boundary' ? [] : [`allow it on the task role with: ${JSON.stringify(statement)}`]),
  ];
  if (action === 'ssm:GetParametersByPath') {
    details.push('GetParametersByPath is authorised on the path itself (parameter/PATH), not only on parameter/PATH/*: grant both');
  }
  return new UserError(`access denied: ${action} on ${error.target}${what.endsWith(')') ? ` ${what.slice(what.lastIndexOf('('))}` : ''} for ${principal ?? 'the current credentials'}`, {
    hint: FIX[d.reason ?? 'unknown'] ?? `grant ${action} to the task role; ${TASK_ROLE_REMINDER}`,
    details,
  });
}

const REASONS: Record<string, string> = {
  'no-allow': 'no identity-based policy allows it',
  'explicit-deny': 'an explicit Deny in an identity-based policy',
  scp: "an explicit Deny in a service control policy of your AWS Organization",
  boundary: "the role's permissions boundary does not allow it",
  'session-policy': 'the session policy does not allow it',
  unknown: 'not stated by AWS (no policy allows it, or one denies it)',
};

const FIX: Record<string, string> = {
  'explicit-deny': 'an allow cannot override it: remove or narrow the Deny statement that matches',
  scp: "an allow in the role cannot override it: ask your organization's administrators to change the SCP",
  boundary: "add the action to the role's permissions boundary as well as to its policy",
  'session-policy': 'the credentials were issued with a session policy: widen it where the role is assumed',
};

function kmsFailure(error: StoreError, d: Diagnosis, what: string, principal: string | undefined, where: Where): UserError {
  const service = error.operation.startsWith('secretsmanager:') ? 'secretsmanager' : 'ssm';
  const disabled = /disabled|pending deletion|KMSInvalidState|DisabledException/i.test(`${d.name} ${d.message}`);
  const key = d.keyId ?? 'the key (AWS did not name it)';
  if (disabled) {
    return new UserError(`the KMS key ${key} cannot be used (disabled or pending deletion) for ${what}`, {
      hint: 'enable the key (kms:EnableKey, or cancel its deletion), or re-encrypt the value with an enabled key',
      details: [`AWS said: ${d.name}: ${d.message}`],
    });
  }
  return new UserError(`cannot decrypt: ${what} needs kms:Decrypt on ${key} for ${principal ?? 'the current credentials'}`, {
    hint: `grant kms:Decrypt on that key to the same role that reads the value (the task role), or allow that role in the key policy; ${TASK_ROLE_REMINDER}`,
    details: [`AWS said: ${d.name}: ${d.message}`, `allow it with: ${JSON.stringify(kmsDecrypt(service, d.keyId, where))}`],
  });
}

function noCredentials(what: string, env: DescribeContext['env']): UserError {
  const onEcs = Boolean(env.ECS_CONTAINER_METADATA_URI_V4 || env.ECS_CONTAINER_METADATA_URI);
  const endpoint = Boolean(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
  if (onEcs && !endpoint) {
    return new UserError(`no AWS credentials for ${what}: this process runs on ECS (ECS_CONTAINER_METADATA_URI_V4 is set) but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not`, {
      hint: 'it was lost on the way (su, sudo, docker exec, a script that clears the environment, a switch to another user): run the tool as the container\'s main process, and use --user to switch user after fetching; check the task has a task role',
      details: [`providers tried: ${PROVIDERS}`],
    });
  }
  return new UserError(`no AWS credentials found for ${what}`, {
    hint: onEcs
      ? 'set a task role (taskRoleArn) on the task definition'
      : 'on ECS set a task role (taskRoleArn); locally set AWS_PROFILE (aws sso login) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    details: [`providers tried: ${PROVIDERS}`],
  });
}

function badCredentials(what: string, env: DescribeContext['env']): UserError {
  const source = predictCredentialSource(env);
  const where = source.variable ? `${source.what.replace(/ \(.*\)$/, '')} (${source.variable}=${withoutUserinfo(env[source.variable] ?? '')})` : source.what;
  return new UserError(`${where} returned something that is not JSON credentials, for ${what}`, {
    hint:
      source.remote === 'container'
        ? `its answer is not shown (it may hold keys); check that ${source.variable} points at a credentials endpoint (on ECS the agent sets AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: do not override it)`
        : 'its answer is not shown (it may hold keys); check that credentials source',
  });
}

function networkFailure(error: StoreError, code: string, what: string, env: DescribeContext['env']): UserError {
  const unresolved = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the name does not resolve: ' : '';
  return new UserError(`cannot reach ${endpointHost(error, env)} (${code}) for ${what}`, {
    hint: `${unresolved}${networkHint(serviceOf(error), error.region, env)}`,
  });
}

/**
 * What to check when `service` cannot be reached: the variable that points it elsewhere
 * when one is set (shown without any user:password@), else the private-subnet routes.
 * The run and --doctor give the same hint.
 */
export function networkHint(service: string, region: string | undefined, env: DescribeContext['env']): string {
  const setting = endpointSetting(service, env);
  return setting ? `check ${setting}=${withoutUserinfo(env[setting]!)}` : VPC_HINT(region ?? 'REGION');
}

/** The variable that overrides the endpoint of `service` (ssm, secretsmanager, sts), if one is set. */
export function endpointSetting(service: string, env: DescribeContext['env']): string | undefined {
  const specific = `AWS_ENDPOINT_URL_${service === 'secretsmanager' ? 'SECRETS_MANAGER' : service.toUpperCase()}`;
  return env[specific] ? specific : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
}

function notAws(error: StoreError, d: Diagnosis, what: string, env: DescribeContext['env']): UserError {
  const setting = endpointSetting(serviceOf(error), env);
  return new UserError(`not an AWS answer from ${endpointHost(error, env)} for ${what}: HTTP ${d.status} without an AWS error body`, {
    hint: setting
      ? `check ${setting}=${withoutUserinfo(env[setting]!)}: it must be the service's API endpoint; unset it to use AWS's`
      : 'something other than AWS answered: check for a firewall or TLS-intercepting proxy between the container and AWS',
  });
}

/** The endpoint a service is called at: AWS_ENDPOINT_URL(_SERVICE) or the regional default. */
export function endpointUrl(service: string, region: string | undefined, env: DescribeContext['env']): string {
  const setting = endpointSetting(service, env);
  return (setting && env[setting]) || `https://${service}.${region ?? 'REGION'}.amazonaws.com`;
}

function serviceOf(error: StoreError): string {
  return error.operation.split(':')[0] ?? 'ssm';
}

function endpointHost(error: StoreError, env: DescribeContext['env']): string {
  const url = endpointUrl(serviceOf(error), error.region, env);
  try {
    // `localhost:4566` parses as a URL with scheme "localhost:" and no host.
    return new URL(url).host || withoutUserinfo(url);
  } catch {
    return withoutUserinfo(url);
  }
}
