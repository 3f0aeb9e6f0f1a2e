// --watch against moto: a new parameter version, a rotated secret and a moved label reach
// the command; a refresh that fails (throttling, 5xx, a denial, no answer) leaves it
// running on its current values until a good refresh applies the change.
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LabelParameterVersionCommand, SSMClient } from '@aws-sdk/client-ssm';
import { execa } from 'execa';
import t from 'tap';
import { putParameters, putSecret } from '../harness/aws.js';
import { lines } from '../harness/lines.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { accessDenied, serverError, startProxy, throttlingError, type Fault } from '../harness/proxy.js';
import { BUNDLE, SEA, artifacts, cleanEnv, toolArgv, type Artifact } from './artifacts.js';

artifacts();
const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const ssm = new SSMClient({ endpoint: moto.url, region: 'us-east-1', credentials });
  const sm = new SecretsManagerClient({ endpoint: moto.url, region: 'us-east-1', credentials });
  t.teardown(() => {
    ssm.destroy();
    sm.destroy();
  });
  const rotate = (secret: string, value: string) => sm.send(new PutSecretValueCommand({ SecretId: secret, SecretString: value }));

  // The command prints its PID and a fingerprint of what it got (cksum: no value on screen).
  const APP = ['sh', '-c', 'echo "start $$ host=$APP_HOST pw=$(printf %s "$DB_PASSWORD" | cksum | cut -d" " -f1) flag=$FLAG"; while :; do sleep 0.05; done'];
  const cksum = (text: string) => execa('cksum', { input: text }).then((r) => r.stdout.split(' ')[0]);
  const env = (prefix: string, secret: string) => ({
    ...proxy.env,
    SSM_ENTRYPOINT_TEST_WATCH_FLOOR: '100ms',
    PARAMETER_STORE_PREFIX: prefix,
    PARAMETER_STORE_ENV_PREFIX: 'APP_',
    DB_PASSWORD: `sm://${secret}:password`,
  });
  const start = (tool: Artifact, args: string[], extra: Record<string, string>) => {
    const child = execa(...toolArgv(tool, ['--watch', '400ms', '--timeout', '1', ...args, ...APP], cleanEnv(extra)), { reject: false, stdin: 'ignore' });
    return { child, out: lines(child.stdout, 'stdout'), err: lines(child.stderr, 'stderr') };
  };
  let n = 0;
  const seed = async () => {
    const id = n++;
    await putParameters(moto.url, [
      { name: `/w${id}/host`, value: 'host-1' },
      { name: `/w${id}/port`, value: '5432' },
    ]);
    await putSecret(moto.url, `prod/db${id}`, JSON.stringify({ username: 'app', password: 'pw-1' }));
    return { prefix: `/w${id}`, secret: `prod/db${id}` };
  };

  for (const tool of [SEA, BUNDLE]) {
    t.test(`${tool.name}: a new parameter version and a rotated secret restart the command with the new values`, async (t) => {
      const { prefix, secret } = await seed();
      const { child, out, err } = start(tool, [], env(prefix, secret));
      const first = await out.waitFor(/^start /);
      t.match(first, `host=host-1 pw=${await cksum('pw-1')}`);
      await putParameters(moto.url, [{ name: `${prefix}/host`, value: 'host-2' }]);
      await out.waitFor(/host=host-2/);
      await err.waitFor(/^ssm-entrypoint: new values for APP_HOST: restarting/);
      await rotate(secret, JSON.stringify({ username: 'app', password: 'rotated-pw-2' }));
      const third = await out.waitFor(new RegExp(`host=host-2 pw=${await cksum('rotated-pw-2')}`));
      t.not(third.split(' ')[1], first.split(' ')[1]);
      await err.waitFor(/^ssm-entrypoint: new values for DB_PASSWORD: restarting/);
      child.kill('SIGTERM');
      const r = await child;
      t.equal(r.exitCode, 143);
      t.notMatch(r.stderr, /pw-1|rotated-pw-2|host-2/, 'names only, never values');
      t.equal(out.all.filter((l) => l.startsWith('start')).length, 3, 'one restart per change, none without');
    });
  }

  t.test('a label moved to another version is a change', async () => {
    const { prefix, secret } = await seed();
    const flag = `/flags${prefix}/flag`;
    await putParameters(moto.url, [{ name: flag, value: 'off' }]);
    await ssm.send(new LabelParameterVersionCommand({ Name: flag, ParameterVersion: 1, Labels: ['live'] }));
    await putParameters(moto.url, [{ name: flag, value: 'on' }]); // version 2, the label still on 1
    const { child, out, err } = start(SEA, [], { ...env(prefix, secret), FLAG: `ssm://${flag}:live` });
    await out.waitFor(/flag=off$/);
    await ssm.send(new LabelParameterVersionCommand({ Name: flag, ParameterVersion: 2, Labels: ['live'] }));
    await out.waitFor(/flag=on$/);
    await err.waitFor(/new values for FLAG: restarting/);
    child.kill('SIGTERM');
    await child;
  });

  t.test('one refresh costs the start-up calls again: 1 by path (5 parameters), 1 GetSecretValue', async (t) => {
    const { prefix, secret } = await seed();
    const { child, out, err } = start(SEA, ['--verbose'], env(prefix, secret));
    await out.waitFor(/^start /);
    await err.waitFor(/refreshed: no change/);
    proxy.resetCounts();
    const from = err.all.length;
    await err.waitFor(/refreshed: no change/, { from });
    await err.waitFor(/refreshed: no change/, { from: err.all.findIndex((l, i) => i >= from && /refreshed: no change/.test(l)) + 1 });
    t.same(proxy.counts(), { GetParametersByPath: 2, GetSecretValue: 2 }, 'two refreshes');
    child.kill('SIGTERM');
    await child;
  });

  t.test('a new version with the same value is no change: the command keeps running', async (t) => {
    const { prefix, secret } = await seed();
    const { child, out, err } = start(SEA, ['--verbose'], env(prefix, secret));
    await out.waitFor(/^start /);
    await putParameters(moto.url, [{ name: `${prefix}/host`, value: 'host-1' }]); // version 2, same value
    const from = err.all.length;
    await err.waitFor(/refreshed: no change/, { from });
    await err.waitFor(/refreshed: no change/, { from: err.all.findIndex((l, i) => i >= from && /refreshed: no change/.test(l)) + 1 });
    t.equal(out.all.filter((l) => l.startsWith('start')).length, 1);
    child.kill('SIGTERM');
    await child;
  });

  const denial = accessDenied(
    'User: arn:aws:sts::123456789012:assumed-role/app-task-role/abc is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/w because no identity-based policy allows the ssm:GetParametersByPath action',
  );
  const faults: [string, Fault, RegExp][] = [
    ['throttling', throttlingError(), /error: throttled by AWS \(ThrottlingException\) until the 1 s deadline for ssm:GetParametersByPath/],
    // Retried until the deadline, as at start-up (the same message).
    ['a 5xx', serverError(), /error: no answer from 127\.0\.0\.1:\d+ within 1 s for ssm:GetParametersByPath|error: .*InternalServerError/],
    ['a denial', denial, /error: access denied.*ssm:GetParametersByPath|error: .*not authorized to perform: ssm:GetParametersByPath/],
    ['no answer (a black hole)', 'hang', /error: no answer from 127\.0\.0\.1:\d+ within 1 s for ssm:GetParametersByPath/],
  ];
  for (const [what, answer, message] of faults) {
    t.test(`a refresh failing with ${what}: same PID, old values; the next good refresh applies the change`, async (t) => {
      const { prefix, secret } = await seed();
      const { child, out, err } = start(SEA, [], env(prefix, secret));
      const first = await out.waitFor(/^start /);
      proxy.inject({ operation: 'GetParametersByPath', when: (body) => body.Path === prefix, answer });
      await putParameters(moto.url, [{ name: `${prefix}/host`, value: 'host-2' }]);
      await err.waitFor(/refresh failed: the command keeps running with the values it has/);
      t.match(err.all.join('\n'), message, 'the classified message a start-up failure prints');
      t.same(
        out.all.filter((l) => l.startsWith('start')),
        [first],
        'not restarted: same PID, old values',
      );
      t.ok(child.exitCode === null, 'the tool and the command run on');
      proxy.clearRules();
      const second = await out.waitFor(/host=host-2/);
      t.not(second.split(' ')[1], first.split(' ')[1]);
      child.kill('SIGTERM');
      t.equal((await child).exitCode, 143);
    });
  }
}
