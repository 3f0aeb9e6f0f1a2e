// The failures the README's Troubleshooting section shows, built by the code that prints
// them, so the README cannot drift from what the tool says (troubleshooting.test.ts).
import { describeFailure } from '../../src/diagnose/describe.js';
import type { UserError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/log.js';
import { classify } from '../../src/stores/classify.js';
import { StoreError, type Service } from '../../src/stores/store.js';

const ROLE = 'arn:aws:sts::123456789012:assumed-role/app-task-role/9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b';
const EXEC = 'arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b';
const aws = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
const sys = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const store = (operation: string, target: string, cause: unknown, lastAttempt?: unknown) => {
  const [service, action] = operation.split(':') as [Service, string];
  return new StoreError({
    service,
    action,
    targets: [target],
    region: 'eu-west-1',
    cause,
    lastAttempt: lastAttempt === undefined ? undefined : classify(lastAttempt),
  });
};
const denied = (who: string, action: string, resource: string) =>
  aws(
    'AccessDeniedException',
    `User: ${who} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  );

export const CASES: Array<{ title: string; error: UserError }> = [
  {
    title: 'Access denied (the task role lacks the permission)',
    error: describeFailure(
      store('ssm:GetParametersByPath', '/myapp/prod', denied(ROLE, 'ssm:GetParametersByPath', 'arn:aws:ssm:eu-west-1:123456789012:parameter/myapp/prod')),
      { timeoutMs: 30_000, env: {} },
    ),
  },
  {
    title: 'Access denied for the execution role (no task role set, or the wrong one granted)',
    error: describeFailure(
      store(
        'secretsmanager:GetSecretValue',
        'prod/db',
        denied(EXEC, 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'),
      ),
      { timeoutMs: 30_000, env: {} },
    ),
  },
  {
    title: 'SecureString or secret under a KMS key the role may not use',
    error: describeFailure(
      store(
        'ssm:GetParametersByPath',
        '/myapp/prod',
        denied(ROLE, 'kms:Decrypt', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
      ),
      { timeoutMs: 30_000, env: {} },
    ),
  },
  {
    title: 'Credentials lost on ECS (su, sudo, docker exec, a user switch)',
    error: describeFailure(
      store(
        'ssm:GetParametersByPath',
        '/myapp/prod',
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      ),
      { timeoutMs: 30_000, env: { ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/x' } },
    ),
  },
  {
    title: 'No credentials at all',
    error: describeFailure(
      store(
        'ssm:GetParametersByPath',
        '/myapp/prod',
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      ),
      { timeoutMs: 30_000, env: {} },
    ),
  },
  {
    title: 'No region',
    error: describeFailure(new StoreError({ service: 'ssm', action: 'GetParametersByPath', targets: ['/myapp/prod'], cause: new Error('Region is missing') }), {
      timeoutMs: 30_000,
      env: {},
    }),
  },
  {
    title: 'No answer (private subnet without VPC endpoints or NAT)',
    error: describeFailure(store('ssm:GetParametersByPath', '/myapp/prod', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })), {
      timeoutMs: 30_000,
      env: {},
    }),
  },
  {
    title: 'Endpoint name does not resolve',
    error: describeFailure(store('secretsmanager:GetSecretValue', 'prod/db', sys('ENOTFOUND')), { timeoutMs: 30_000, env: {} }),
  },
  {
    title: 'Something other than AWS answered (a wrong AWS_ENDPOINT_URL, a firewall)',
    error: describeFailure(
      store('ssm:GetParametersByPath', '/myapp/prod', Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 404 } })),
      {
        timeoutMs: 30_000,
        env: { AWS_ENDPOINT_URL: 'http://localhost:4566' },
      },
    ),
  },
  {
    title: 'A certificate this process does not trust (a TLS-inspecting proxy)',
    error: describeFailure(
      store(
        'ssm:GetParametersByPath',
        '/myapp/prod',
        Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN', $metadata: { attempts: 1 } }),
      ),
      {
        timeoutMs: 30_000,
        env: {},
      },
    ),
  },
  {
    title: 'A credentials endpoint that answers something else',
    error: describeFailure(store('ssm:GetParametersByPath', '/myapp/prod', Object.assign(new SyntaxError('Unexpected token'), {})), {
      timeoutMs: 30_000,
      env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:8080/creds' },
    }),
  },
  {
    title: 'Throttled until the deadline',
    error: describeFailure(
      store(
        'ssm:GetParametersByPath',
        '/myapp/prod',
        Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }),
        Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }),
      ),
      { timeoutMs: 30_000, env: {} },
    ),
  },
];

/** What the tool prints on stderr for one failure. */
export function printed(error: UserError): string {
  let text = '';
  const log = createLogger({ level: 'error', format: 'text', write: (s) => (text += s) });
  log.error(error.message, { hint: error.hint, details: error.details.length > 0 ? error.details : undefined });
  return text;
}
