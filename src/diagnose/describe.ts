import { attemptLabel, isCertificateCode, type Diagnosis } from '../stores/classify.js';
import { StoreError } from '../stores/store.js';
import { CONTAINER_ENDPOINT, ecsOf, predictCredentialSource, withoutUserinfo } from './credentials.js';
import { guessRole } from './role.js';
import { dnsSuffixOfRegion } from '../sources/partitions.js';
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
  const d = error.diagnosis;
  const region = error.region;
  const what = `${error.operation} ${error.targets.join(', ')}${inRegion(region)}`;
  const principal = error.principal;
  const where: Where = { region, account: accountOf(principal) };

  switch (d.kind) {
    case 'access-denied':
      return accessDenied(error, d, principal, where);
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
      return deadline(error, what, context);
    case 'tls':
      return tlsFailure(error, d, what, context.env);
    case 'bad-endpoint': {
      const setting = endpointSetting(error.service, context.env);
      return new UserError(`the endpoint ${setting ? `in ${setting} ` : ''}is not a valid URL, for ${what}`, {
        hint: setting
          ? `set ${setting} to a URL such as https://host:port, or unset it to use AWS's`
          : 'check the endpoint configuration (endpoint_url in the AWS config file)',
      });
    }
    case 'network':
      return networkFailure(error, d.code ?? 'network error', what, context.env);
    case 'not-aws':
      return notAws(error, d, what, context.env);
    case 'throttled':
      return new UserError(`throttled by AWS (${d.message || attemptLabel(d)}) for ${what}`, { hint: THROTTLED_HINT });
    default:
      // Not an AWS answer: its message may quote anything (a body, a file), so only its name.
      if (d.message === '') return new UserError(`${what} failed: ${d.name || 'error'} (not an answer from AWS; its text is not shown)`);
      return new UserError(`${what} failed: ${d.name ? `${d.name}: ` : ''}${d.message}`);
  }
}

/** The deadline ended the call: its last failed attempt says why it was retried until then. */
function deadline(error: StoreError, what: string, context: DescribeContext): UserError {
  const last = error.lastAttempt;
  const until = `until the ${context.timeoutMs / 1000} s deadline`;
  switch (last?.kind) {
    case 'throttled':
      return new UserError(`throttled by AWS (${attemptLabel(last)}) ${until} for ${what}`, { hint: THROTTLED_HINT });
    // Refused or unreachable on every attempt says more than "no answer".
    case 'network':
      return networkFailure(error, attemptLabel(last), `${what}, retried ${until}`, context.env);
    // Every attempt answered, but not as AWS does (a gateway's 502 page): not "no answer".
    case 'not-aws':
      return notAws(error, last, `${what}, on every attempt ${until}`, context.env);
    default:
      // AWS answered each attempt with an error it retries (a 5xx).
      if (last?.kind === 'other' && last.message !== '') return new UserError(`${what} failed: ${last.name}: ${last.message} (on every attempt ${until})`);
      return new UserError(`no answer from ${endpointHost(error, context.env)} within ${context.timeoutMs / 1000} s for ${what}`, {
        hint: `${networkHint(error.service, error.region, context.env)}; or raise --timeout`,
      });
  }
}

// What a refused certificate is, in words (Node's own text may suggest flags of its CLI).
const CERTIFICATE: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'a certificate chain whose root this process does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'a certificate whose issuer this process does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'a certificate whose issuer this process does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'a certificate whose issuer this process does not trust',
  CERT_UNTRUSTED: 'a certificate this process does not trust',
  CERT_HAS_EXPIRED: 'an expired certificate',
  CERT_NOT_YET_VALID: 'a certificate that is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'a certificate for another host name',
  HOSTNAME_MISMATCH: 'a certificate for another host name',
  CERT_REVOKED: 'a revoked certificate',
};

/**
 * TLS refused: a certificate this process does not trust (a TLS-inspecting proxy, a local
 * endpoint with its own CA), or a handshake that failed (https:// to a plain-HTTP port).
 * Certificates are always verified; trust is extended with NODE_EXTRA_CA_CERTS.
 */
function tlsFailure(error: StoreError, d: Diagnosis, what: string, env: DescribeContext['env']): UserError {
  const host = endpointHost(error, env);
  const setting = endpointSetting(error.service, env);
  const check = setting ? `check ${setting}=${withoutUserinfo(env[setting]!)}` : undefined;
  const code = d.code ?? 'TLS error';
  if (!isCertificateCode(d.code)) {
    return new UserError(`TLS handshake with ${host} failed (${code}) for ${what}`, {
      hint: check
        ? `${check}: an https:// URL must point at a TLS port (a plain-HTTP endpoint takes http://)`
        : 'something between the container and AWS broke the TLS handshake: check for a proxy or firewall',
    });
  }
  const trust = env.NODE_EXTRA_CA_CERTS
    ? `NODE_EXTRA_CA_CERTS=${env.NODE_EXTRA_CA_CERTS} is set but does not hold the certificate authority that signed it`
    : 'give this process its certificate authority with NODE_EXTRA_CA_CERTS=/path/to/ca.pem';
  const hints = [
    ...(d.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || d.code === 'HOSTNAME_MISMATCH' ? [`the certificate does not name ${host.replace(/:\d+$/, '')}`] : []),
    check
      ? `${check}: if it is right (a proxy that inspects TLS, a local endpoint with its own CA), ${trust}`
      : `a TLS-inspecting proxy or firewall between the container and AWS presents its own certificate: ${trust}, or exempt the AWS endpoints from inspection`,
    ...(d.code === 'CERT_HAS_EXPIRED' || d.code === 'CERT_NOT_YET_VALID' ? ['or check the system clock'] : []),
    ...(env.AWS_CA_BUNDLE ? ['AWS_CA_BUNDLE is read by the AWS CLI, not by the AWS SDK for JavaScript'] : []),
  ];
  return new UserError(`TLS: ${host} presented ${CERTIFICATE[code] ?? 'a certificate that fails verification'} (${code}) for ${what}`, {
    hint: hints.join('; '),
  });
}

function inRegion(region: string | undefined): string {
  return region ? ` (${region})` : '';
}

function accessDenied(error: StoreError, d: Diagnosis, principal: string | undefined, where: Where): UserError {
  const action = d.action ?? error.operation;
  const statement = statementFor(action, d.resource && action !== 'ssm:GetParametersByPath' ? [d.resource] : error.targets, where);
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
  return new UserError(`access denied: ${action} on ${error.targets.join(', ')}${inRegion(error.region)} for ${principal ?? 'the current credentials'}`, {
    hint: FIX[d.reason ?? 'unknown'] ?? `grant ${action} to the task role; ${TASK_ROLE_REMINDER}`,
    details,
  });
}

const REASONS: Record<string, string> = {
  'no-allow': 'no identity-based policy allows it',
  'explicit-deny': 'an explicit Deny in an identity-based policy',
  scp: 'an explicit Deny in a service control policy of your AWS Organization',
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
  const service = error.service === 'secretsmanager' ? 'secretsmanager' : 'ssm';
  const key = d.keyId ?? 'the key (AWS did not name it)';
  if (d.keyUnusable) {
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
  const { onEcs, credentials } = ecsOf(env);
  if (onEcs && !credentials) {
    return new UserError(
      `no AWS credentials for ${what}: this process runs on ECS (ECS_CONTAINER_METADATA_URI_V4 is set) but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not`,
      {
        hint: "it was lost on the way (su, sudo, docker exec, a script that clears the environment, a switch to another user): run the tool as the container's main process, and use --user to switch user after fetching; check the task has a task role",
        details: [`providers tried: ${PROVIDERS}`],
      },
    );
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
  const where =
    source.remote === 'container' && source.variable
      ? `${CONTAINER_ENDPOINT} (${source.variable}=${withoutUserinfo(env[source.variable] ?? '')})`
      : source.what;
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
    hint: `${unresolved}${networkHint(error.service, error.region, env)}`,
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
  const setting = endpointSetting(error.service, env);
  return new UserError(`not an AWS answer from ${endpointHost(error, env)} for ${what}: HTTP ${d.status} without an AWS error body`, {
    hint: setting
      ? `check ${setting}=${withoutUserinfo(env[setting]!)}: it must be the service's API endpoint; unset it to use AWS's`
      : 'something other than AWS answered: check for a firewall or TLS-intercepting proxy between the container and AWS',
  });
}

/** The endpoint a service is called at: AWS_ENDPOINT_URL(_SERVICE) or the regional default. */
export function endpointUrl(service: string, region: string | undefined, env: DescribeContext['env']): string {
  const setting = endpointSetting(service, env);
  return (setting && env[setting]) || `https://${service}.${region ?? 'REGION'}.${region ? dnsSuffixOfRegion(region) : 'amazonaws.com'}`;
}

function endpointHost(error: StoreError, env: DescribeContext['env']): string {
  const url = endpointUrl(error.service, error.region, env);
  try {
    // `localhost:4566` parses as a URL with scheme "localhost:" and no host.
    return new URL(url).host || withoutUserinfo(url);
  } catch {
    return withoutUserinfo(url);
  }
}
