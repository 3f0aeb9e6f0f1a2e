// StoreError: a failed call as facts (service, action, targets, region, the classified
// error and last attempt), immutable.
import t from 'tap';
import { classify } from '../../src/stores/classify.js';
import { StoreError } from '../../src/stores/store.js';

const ROLE = 'arn:aws:sts::123456789012:assumed-role/app-task-role/9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b';
const denied = Object.assign(new SyntaxError('<?xml'), { $metadata: { httpStatusCode: 403 } });

t.test('the facts of the call, classified once', async (t) => {
  const throttled = classify(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
  const e = new StoreError({
    service: 'ssm',
    action: 'GetParameters',
    targets: ['/a', '/b:2'],
    region: 'eu-west-1',
    cause: Object.assign(new Error('Request aborted'), { name: 'AbortError' }),
    lastAttempt: throttled,
  });
  t.equal(e.operation, 'ssm:GetParameters');
  t.same(e.targets, ['/a', '/b:2']);
  t.equal(e.message, 'ssm:GetParameters /a, /b:2 failed');
  t.equal(e.diagnosis.kind, 'timeout');
  t.equal(e.lastAttempt, throttled);
  t.equal(e.name, 'StoreError');
});

t.test("immutable: a principal learnt later makes a new error; AWS's own message wins", async (t) => {
  const targets = ['/app'];
  const e = new StoreError({ service: 'ssm', action: 'GetParametersByPath', targets, region: 'us-east-1', cause: denied });
  targets.push('/other');
  t.same(e.targets, ['/app'], 'a copy of the targets');
  t.ok(Object.isFrozen(e.targets));
  t.throws(() => (e.targets as string[]).push('/x'));
  t.equal(e.principal, undefined);
  const named = e.withPrincipal(ROLE);
  t.not(named, e);
  t.equal(named.principal, ROLE);
  t.equal(e.principal, undefined, 'the first one unchanged');
  t.equal(named.cause, e.cause);
  t.same({ ...named.diagnosis }, { ...e.diagnosis });
  const message = Object.assign(new Error(`User: ${ROLE} is not authorized to perform: ssm:GetParametersByPath on resource: x`), {
    name: 'AccessDeniedException',
    $metadata: { httpStatusCode: 400 },
  });
  t.equal(
    new StoreError({ service: 'ssm', action: 'GetParametersByPath', targets: ['/app'], cause: message }).withPrincipal('arn:aws:iam::123456789012:user/other')
      .principal,
    ROLE,
  );
});
