// AWS's failure shapes → kind and evidence. Message texts are AWS's wording as documented
// in the IAM User Guide ("Troubleshoot access denied error messages": no-allow, explicit
// deny, SCP, permissions boundary) and as reported for SSM/Secrets Manager KMS failures.
import t from 'tap';
import { attemptLabel, classify, isAccessDenied, isThrottling, isTimeout } from '../../src/stores/classify.js';

const aws = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const ROLE = 'arn:aws:sts::123456789012:assumed-role/app-task-role/9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b';

t.test('IAM denial: principal, action, resource and why', async (t) => {
  const noAllow = classify(
    aws(
      'AccessDeniedException',
      `User: ${ROLE} is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/app because no identity-based policy allows the ssm:GetParametersByPath action`,
    ),
  );
  t.match(noAllow, {
    kind: 'access-denied',
    principal: ROLE,
    action: 'ssm:GetParametersByPath',
    resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/app',
    reason: 'no-allow',
  });
  const explicit = classify(
    aws(
      'AccessDeniedException',
      `User: ${ROLE} is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/db with an explicit deny in an identity-based policy`,
    ),
  );
  t.match(explicit, { kind: 'access-denied', reason: 'explicit-deny', action: 'secretsmanager:GetSecretValue' });
  const scp = classify(
    aws(
      'AccessDeniedException',
      `User: ${ROLE} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:123456789012:parameter/x with an explicit deny in a service control policy`,
    ),
  );
  t.equal(scp.reason, 'scp');
  const boundary = classify(
    aws(
      'AccessDeniedException',
      `User: ${ROLE} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:123456789012:parameter/x because no permissions boundary allows the ssm:GetParameters action`,
    ),
  );
  t.equal(boundary.reason, 'boundary');
});

t.test("moto's XML 403: a deserialization error carrying the status", async (t) => {
  const d = classify(Object.assign(new SyntaxError(`Unexpected token '<', "<?xml vers"... is not valid JSON`), { $metadata: { httpStatusCode: 403 } }));
  t.match(d, { kind: 'access-denied', principal: undefined, reason: 'unknown' });
});

t.test('KMS through SSM and through Secrets Manager', async (t) => {
  t.match(
    classify(
      aws(
        'AccessDeniedException',
        'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
      ),
    ),
    { kind: 'kms' },
  );
  t.match(
    classify(
      aws(
        'AccessDeniedException',
        `User: ${ROLE} is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action`,
      ),
    ),
    { kind: 'kms', principal: ROLE, keyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  );
  t.match(classify(aws('AccessDeniedException', 'Access to KMS is not allowed')), { kind: 'kms' });
  t.match(classify(aws('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key.")), { kind: 'kms' });
  t.match(classify(aws('KMSDisabledException', 'arn:aws:kms:us-east-1:123456789012:key/abc is disabled.')), { kind: 'kms' });
});

t.test('credentials, region, network, timeout, throttling', async (t) => {
  t.equal(classify(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).kind, 'no-credentials');
  t.equal(classify(new Error('Region is missing')).kind, 'no-region');
  t.match(classify(Object.assign(new Error('getaddrinfo ENOTFOUND ssm.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' })), {
    kind: 'network',
    code: 'ENOTFOUND',
  });
  t.equal(classify(Object.assign(new Error('aborted'), { name: 'AbortError' })).kind, 'timeout');
  t.equal(classify(aws('ThrottlingException', 'Rate exceeded')).kind, 'throttled');
  t.equal(classify(aws('ValidationException', 'bad')).kind, 'other');
});

t.test('HTTP 429 is throttling, with or without an AWS body', async (t) => {
  const bare = classify(Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 429 } }));
  t.match(bare, { kind: 'throttled', status: 429, message: '' });
  t.equal(attemptLabel(bare), 'HTTP 429');
  t.match(classify(aws('TooManyRequestsException', 'Too Many Requests', 429)), { kind: 'throttled', message: 'Too Many Requests' });
});

t.test('throttling is what the SDK retries as throttling: its error names, and 429', async (t) => {
  for (const name of [
    'ThrottlingException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'SlowDown',
    'ProvisionedThroughputExceededException',
    'Throttling',
    'RequestThrottledException',
  ]) {
    t.equal(classify(aws(name, 'slow down')).kind, 'throttled', name);
    t.ok(isThrottling(aws(name, 'slow down')), name);
  }
  t.equal(classify(aws('ValidationException', 'Rate exceeded')).kind, 'throttled', "AWS's own words");
  t.notOk(isThrottling(Object.assign(new Error('Rate exceeded'), { name: 'Error' })), 'not from an error that is not an AWS answer');
});

t.test('one access-denied predicate: JSON protocols (AccessDeniedException), XML ones (AccessDenied), any 403', async (t) => {
  t.ok(isAccessDenied(aws('AccessDeniedException', 'no')));
  t.ok(isAccessDenied(aws('AccessDenied', 'User: x is not authorized', 403)));
  t.ok(isAccessDenied(Object.assign(new SyntaxError('<?xml'), { $metadata: { httpStatusCode: 403 } })));
  t.notOk(isAccessDenied(aws('ValidationException', 'bad')));
  t.match(classify(aws('AccessDenied', `User: ${ROLE} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/x`, 403)), {
    kind: 'access-denied',
    principal: ROLE,
    action: 'sts:AssumeRole',
  });
});

t.test('timeouts: the deadline, an attempt timeout; a refused or reset connection is a network failure', async (t) => {
  // The SDK's node-http-handler names ECONNREFUSED, ECONNRESET, EPIPE and ETIMEDOUT "TimeoutError".
  const sdk = (code: string | undefined) => Object.assign(new Error(`connect ${code}`), { name: 'TimeoutError', code, $metadata: { attempts: 8 } });
  t.match(classify(sdk('ECONNREFUSED')), { kind: 'network', code: 'ECONNREFUSED', message: '' });
  t.match(classify(sdk('ECONNRESET')), { kind: 'network', code: 'ECONNRESET' });
  t.match(classify(sdk('ETIMEDOUT')), { kind: 'timeout', code: 'ETIMEDOUT' });
  t.match(classify(sdk(undefined)), { kind: 'timeout' }, 'the connect timeout has no code');
  t.ok(isTimeout(Object.assign(new Error('Request aborted'), { name: 'AbortError' })));
  t.notOk(isTimeout(sdk('ECONNREFUSED')));
  t.equal(attemptLabel(classify(sdk('ECONNREFUSED'))), 'ECONNREFUSED');
  t.equal(attemptLabel(classify(aws('ThrottlingException', 'Rate exceeded'))), 'ThrottlingException');
});

t.test("TLS: a refused certificate or a failed handshake is its own kind, by code, without Node's text", async (t) => {
  const tls = (code: string, message: string) => Object.assign(new Error(message), { code, $metadata: { attempts: 1 } });
  const codes = [
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'HOSTNAME_MISMATCH',
    'CERT_REVOKED',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'EPROTO',
  ];
  for (const code of codes) {
    const d = classify(tls(code, 'self-signed certificate; if the root CA is installed locally, try running Node.js with --use-system-ca'));
    t.match(d, { kind: 'tls', code, message: '' }, code);
    t.equal(attemptLabel(d), code);
  }
  t.equal(classify(tls('ECONNREFUSED', 'connect ECONNREFUSED')).kind, 'network');
});

t.test('a socket error is not an AWS answer, though the SDK gives it $metadata: its text is dropped', async (t) => {
  const d = classify(
    Object.assign(new Error('something "quoted" from a body'), { name: 'Error', code: 'ERR_SOMETHING', $metadata: { attempts: 1, totalRetryDelay: 0 } }),
  );
  t.match(d, { kind: 'other', message: '' });
});

t.test('a diagnosis is frozen', async (t) => {
  const d = classify(aws('ThrottlingException', 'Rate exceeded'));
  t.ok(Object.isFrozen(d));
});
