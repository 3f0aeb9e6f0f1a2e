// Store failures → one message with the fix: what failed (the call's service, action,
// targets and region), why, and what to do; never the text of something that is not AWS.
import t from 'tap';
import { describeFailure } from '../../src/diagnose/describe.js';
import { classify } from '../../src/stores/classify.js';
import { StoreError } from '../../src/stores/store.js';

const aws = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const ROLE = 'arn:aws:sts::123456789012:assumed-role/app-task-role/9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b';
/** A failed call of ssm:GetParametersByPath /app, as the AWS store reports it. */
const byPath = (cause: unknown, { region = 'us-east-1', lastAttempt }: { region?: string | null; lastAttempt?: unknown } = {}) =>
  new StoreError({
    service: 'ssm',
    action: 'GetParametersByPath',
    targets: ['/app'],
    region: region ?? undefined,
    cause,
    lastAttempt: lastAttempt === undefined ? undefined : classify(lastAttempt),
  });

t.test('the message: what failed, for whom, the fix as an IAM statement', async (t) => {
  const error = byPath(
    aws(
      'AccessDeniedException',
      `User: ${ROLE} is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/app because no identity-based policy allows the ssm:GetParametersByPath action`,
    ),
  );
  const e = describeFailure(error, { timeoutMs: 30_000, env: {} });
  t.equal(e.message, `access denied: ssm:GetParametersByPath on /app (us-east-1) for ${ROLE}`);
  t.match(e.hint, /task role \(taskRoleArn\).*task execution role/);
  t.match(
    e.details.join('\n'),
    '{"Effect":"Allow","Action":"ssm:GetParametersByPath","Resource":["arn:aws:ssm:us-east-1:123456789012:parameter/app","arn:aws:ssm:us-east-1:123456789012:parameter/app/*"]}',
  );
  const lost = describeFailure(byPath(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })), {
    timeoutMs: 30_000,
    env: { ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/x' },
  });
  t.match(lost.message, 'this process runs on ECS (ECS_CONTAINER_METADATA_URI_V4 is set) but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not');
  t.match(lost.hint, /--user/);
});

t.test('an answer that is not from AWS: status kept, body never quoted; 403 stays a denial', async (t) => {
  const empty = Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 404 } });
  t.match(classify(empty), { kind: 'not-aws', status: 404, message: '' });
  const emptyXml = Object.assign(new Error('Unknown'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  t.match(classify(emptyXml), { kind: 'not-aws', status: 404 });
  const html = Object.assign(
    new SyntaxError('Unexpected token \'<\', "<html>secret-looking" is not valid JSON\n  Deserialization error: to see the raw response'),
    { $metadata: { httpStatusCode: 200 } },
  );
  t.match(classify(html), { kind: 'not-aws', status: 200, message: '' });
  const motoDenial = Object.assign(new SyntaxError('Unexpected token \'<\', "<ErrorRespo"... is not valid JSON'), { $metadata: { httpStatusCode: 403 } });
  t.equal(classify(motoDenial).kind, 'access-denied');
  const described = describeFailure(byPath(html), { timeoutMs: 30000, env: {} });
  t.equal(
    described.message,
    'not an AWS answer from ssm.us-east-1.amazonaws.com for ssm:GetParametersByPath /app (us-east-1): HTTP 200 without an AWS error body',
  );
  t.match(described.hint, 'firewall or TLS-intercepting proxy');
  t.notMatch(JSON.stringify(described), 'secret-looking');
});

t.test('the deadline ended the retries: refused says so, a timed-out attempt is "no answer"', async (t) => {
  const aborted = (lastAttempt: unknown) => byPath(Object.assign(new Error('aborted'), { name: 'AbortError' }), { lastAttempt });
  const context = { timeoutMs: 30_000, env: {} };
  t.equal(
    describeFailure(aborted(Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError', code: 'ECONNREFUSED' })), context).message,
    'cannot reach ssm.us-east-1.amazonaws.com (ECONNREFUSED) for ssm:GetParametersByPath /app (us-east-1), retried until the 30 s deadline',
  );
  t.equal(
    describeFailure(aborted(Object.assign(new Error('request timeout'), { name: 'TimeoutError', code: 'ETIMEDOUT' })), context).message,
    'no answer from ssm.us-east-1.amazonaws.com within 30 s for ssm:GetParametersByPath /app (us-east-1)',
  );
});

t.test('the text of an error that is not an AWS answer is never printed', async (t) => {
  const body = '{"AccessKeyId":"AKIAFAKE","SecretAccessKey":"fake-secret-key-text"';
  const parseError = (() => {
    try {
      JSON.parse(body);
    } catch (error) {
      return error as SyntaxError;
    }
    throw new Error('unreachable');
  })();
  const context = { timeoutMs: 30_000, env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://user:pw@127.0.0.1:9/creds' } };
  const fail = (cause: unknown) => describeFailure(byPath(cause), context);
  const cases = [
    parseError,
    Object.assign(new Error(`SyntaxError: ${parseError.message}`), { name: 'CredentialsProviderError' }),
    Object.assign(new Error('HTTP credential provider response not of the required format, an object matching: ...'), { name: 'CredentialsProviderError' }),
  ];
  for (const cause of cases) {
    t.match(classify(cause), { kind: 'bad-credentials', message: '' });
    const e = fail(cause);
    t.equal(
      e.message,
      'the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9/creds) returned something that is not JSON credentials, for ssm:GetParametersByPath /app (us-east-1)',
    );
    t.notMatch(JSON.stringify([e.message, e.hint, e.details]), /fake-secret-key-text|AKIAFAKE|pw@/);
  }
  // A gateway's HTML 429: throttling, its page never quoted.
  const html429 = Object.assign(new SyntaxError(`Unexpected token '<', "<html>secret-page"... is not valid JSON`), { $metadata: { httpStatusCode: 429 } });
  t.match(classify(html429), { kind: 'throttled', status: 429, message: '' });
  t.equal(fail(html429).message, 'throttled by AWS (HTTP 429) for ssm:GetParametersByPath /app (us-east-1)');
  // Anything else without $metadata: its name only.
  const other = Object.assign(new TypeError('cannot read "secret-text"'), {});
  t.equal(fail(other).message, 'ssm:GetParametersByPath /app (us-east-1) failed: TypeError (not an answer from AWS; its text is not shown)');
  t.equal(
    fail(aws('ValidationException', 'Parameter path: /x is invalid')).message,
    'ssm:GetParametersByPath /app (us-east-1) failed: ValidationException: Parameter path: /x is invalid',
  );
});

t.test('endpoint URLs in hints never carry user:password@', async (t) => {
  const env = { AWS_ENDPOINT_URL: 'https://admin:s3cret@proxy.example:8443/aws' };
  const refused = describeFailure(byPath(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), { timeoutMs: 30_000, env });
  t.equal(refused.hint, 'check AWS_ENDPOINT_URL=https://proxy.example:8443/aws');
  const timeout = byPath(Object.assign(new Error('aborted'), { name: 'AbortError' }));
  const late = describeFailure(timeout, { timeoutMs: 30_000, env });
  t.equal(late.message, 'no answer from proxy.example:8443 within 30 s for ssm:GetParametersByPath /app (us-east-1)');
  t.equal(late.hint, 'check AWS_ENDPOINT_URL=https://proxy.example:8443/aws; or raise --timeout', 'the endpoint variable, not VPC endpoints');
  t.match(
    describeFailure(timeout, { timeoutMs: 30_000, env: {} }).hint,
    /^in a private subnet, add VPC interface endpoints com\.amazonaws\.us-east-1\.ssm, .*; or raise --timeout$/,
    'AWS itself: VPC endpoints',
  );
  const notAws = describeFailure(byPath(aws('Unknown', 'UnknownError', 404)), { timeoutMs: 30_000, env });
  t.notMatch(`${notAws.message} ${notAws.hint}`, /admin|s3cret/);
});

t.test("the SDK's own refusals of the configuration are named, not hidden", async (t) => {
  const fail = (cause: unknown, env: Record<string, string> = {}) => describeFailure(byPath(cause, { region: null }), { timeoutMs: 30_000, env });
  // AWS_REGION="" (a template rendered to ""): the SDK takes it as is.
  const empty = fail(new Error('Region not accepted: region="" is not a valid hostname component.'));
  t.equal(empty.message, 'the AWS region "" is not valid, for ssm:GetParametersByPath /app');
  t.match(empty.hint, 'the AWS SDK takes an empty AWS_REGION as is, not as unset');
  t.equal(
    fail(new Error('Region not accepted: region="eu west" is not a valid hostname component.')).message,
    'the AWS region "eu west" is not valid, for ssm:GetParametersByPath /app',
  );
  const url = fail(Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), { AWS_ENDPOINT_URL: 'not a url' });
  t.equal(url.message, 'the endpoint in AWS_ENDPOINT_URL is not a valid URL, for ssm:GetParametersByPath /app');
  const fips = fail(Object.assign(new Error('Invalid Configuration: FIPS and custom endpoint are not supported'), { name: 'EndpointError' }));
  t.equal(fips.message, 'ssm:GetParametersByPath /app failed: EndpointError: Invalid Configuration: FIPS and custom endpoint are not supported');
});

t.test('the deadline ended the retries: the last attempt of this call says why', async (t) => {
  const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
  const context = { timeoutMs: 3000, env: {} };
  const say = (lastAttempt: unknown) => describeFailure(byPath(abort, { lastAttempt }), context).message;
  t.equal(
    say(aws('ThrottlingException', 'Rate exceeded')),
    'throttled by AWS (ThrottlingException) until the 3 s deadline for ssm:GetParametersByPath /app (us-east-1)',
  );
  t.equal(
    say(Object.assign(new Error(''), { name: 'Unknown', $metadata: { httpStatusCode: 429 } })),
    'throttled by AWS (HTTP 429) until the 3 s deadline for ssm:GetParametersByPath /app (us-east-1)',
  );
  t.equal(
    say(Object.assign(new SyntaxError('Unexpected token < "<html>gateway-page"'), { $metadata: { httpStatusCode: 502 } })),
    'not an AWS answer from ssm.us-east-1.amazonaws.com for ssm:GetParametersByPath /app (us-east-1), on every attempt until the 3 s deadline: HTTP 502 without an AWS error body',
  );
  t.equal(
    say(aws('InternalServerError', 'Internal error', 500)),
    'ssm:GetParametersByPath /app (us-east-1) failed: InternalServerError: Internal error (on every attempt until the 3 s deadline)',
  );
  t.equal(say(undefined), 'no answer from ssm.us-east-1.amazonaws.com within 3 s for ssm:GetParametersByPath /app (us-east-1)', 'no attempt failed: no answer');
});

t.test("TLS: the endpoint host, what its certificate is, Node's code; the fix, never Node's text", async (t) => {
  const tls = (code: string) =>
    Object.assign(new Error(`${code}; if the root CA is installed locally, try running Node.js with --use-system-ca`), { code, $metadata: { attempts: 1 } });
  const say = (code: string, env: Record<string, string> = {}) => describeFailure(byPath(tls(code)), { timeoutMs: 30_000, env });
  const inspected = say('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  t.equal(
    inspected.message,
    'TLS: ssm.us-east-1.amazonaws.com presented a certificate whose issuer this process does not trust (UNABLE_TO_GET_ISSUER_CERT_LOCALLY) for ssm:GetParametersByPath /app (us-east-1)',
  );
  t.equal(
    inspected.hint,
    'a TLS-inspecting proxy or firewall between the container and AWS presents its own certificate: give this process its certificate authority with NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or exempt the AWS endpoints from inspection',
  );
  t.match(say('CERT_HAS_EXPIRED').message, 'presented an expired certificate (CERT_HAS_EXPIRED)');
  t.match(say('CERT_HAS_EXPIRED').hint, /; or check the system clock$/);
  t.match(say('CERT_NOT_YET_VALID').hint, /; or check the system clock$/);
  t.match(say('CERT_REJECTED').message, 'presented a certificate that fails verification (CERT_REJECTED)');
  const renamed = say('ERR_TLS_CERT_ALTNAME_INVALID', { AWS_ENDPOINT_URL: 'https://user:pw@localstack.internal:4566' });
  t.equal(
    renamed.message,
    'TLS: localstack.internal:4566 presented a certificate for another host name (ERR_TLS_CERT_ALTNAME_INVALID) for ssm:GetParametersByPath /app (us-east-1)',
  );
  t.equal(
    renamed.hint,
    'the certificate does not name localstack.internal; check AWS_ENDPOINT_URL=https://localstack.internal:4566/: if it is right (a proxy that inspects TLS, a local endpoint with its own CA), give this process its certificate authority with NODE_EXTRA_CA_CERTS=/path/to/ca.pem',
  );
  t.match(
    say('SELF_SIGNED_CERT_IN_CHAIN', { NODE_EXTRA_CA_CERTS: '/etc/ssl/proxy.pem', AWS_CA_BUNDLE: '/etc/ssl/proxy.pem' }).hint,
    'NODE_EXTRA_CA_CERTS=/etc/ssl/proxy.pem is set but does not hold the certificate authority that signed it, or exempt the AWS endpoints from inspection; AWS_CA_BUNDLE is read by the AWS CLI, not by the AWS SDK for JavaScript',
  );
  const plain = say('ERR_SSL_WRONG_VERSION_NUMBER');
  t.equal(plain.message, 'TLS handshake with ssm.us-east-1.amazonaws.com failed (ERR_SSL_WRONG_VERSION_NUMBER) for ssm:GetParametersByPath /app (us-east-1)');
  t.equal(plain.hint, 'something between the container and AWS broke the TLS handshake: check for a proxy or firewall');
  for (const e of [inspected, renamed, plain]) t.notMatch(JSON.stringify([e.message, e.hint, e.details]), /use-system-ca|Node\.js|pw@/);
});

t.test('the service and region come from the call, not from parsing its text', async (t) => {
  const denied = aws(
    'AccessDeniedException',
    `User: ${ROLE} is not authorized to perform: secretsmanager:GetSecretValue because no identity-based policy allows the secretsmanager:GetSecretValue action`,
  );
  const e = describeFailure(new StoreError({ service: 'secretsmanager', action: 'GetSecretValue', targets: ['a (b)', 'c, d'], cause: denied }), {
    timeoutMs: 30_000,
    env: {},
  });
  t.equal(e.message, `access denied: secretsmanager:GetSecretValue on a (b), c, d for ${ROLE}`, 'a target ending in ")" is not taken for a region');
  t.match(
    e.details.join('\n'),
    '"Resource":["arn:aws:secretsmanager:REGION:123456789012:secret:a (b)-??????","arn:aws:secretsmanager:REGION:123456789012:secret:c, d-??????"]',
  );
  const refused = describeFailure(
    new StoreError({
      service: 'secretsmanager',
      action: 'GetSecretValue',
      targets: ['x'],
      region: 'eu-west-1',
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    }),
    {
      timeoutMs: 30_000,
      env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:4566' },
    },
  );
  t.equal(refused.message, 'cannot reach 127.0.0.1:4566 (ECONNREFUSED) for secretsmanager:GetSecretValue x (eu-west-1)');
});
