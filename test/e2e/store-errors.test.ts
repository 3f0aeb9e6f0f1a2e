// Calls ended by the deadline each say why they were retried: the last failed attempt is
// kept per call, so concurrent calls of one operation (several prefixes; one action in
// several regions) are each reported with their own cause.
import { execa } from 'execa';
import t from 'tap';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { startProxy, throttlingError } from '../harness/proxy.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const tools = artifacts();
const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  // Nothing reaches moto: the proxy answers every request of these tests itself.
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  const host = new URL(proxy.url).host;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  t.test('three prefixes at once: throttled, no answer, reset; each with its own cause', async (t) => {
    proxy.clearRules();
    proxy.inject({ operation: 'GetParametersByPath', when: (body) => body.Path === '/a', answer: throttlingError() });
    proxy.inject({ operation: 'GetParametersByPath', when: (body) => body.Path === '/b', answer: 'hang' });
    proxy.inject({ operation: 'GetParametersByPath', when: (body) => body.Path === '/c', answer: 'reset' });
    for (const tool of tools) {
      const r = await execa(
        ...toolArgv(tool, ['--timeout', '3', '--prefix', '/a', '--prefix', '/b', '--prefix', '/c', 'echo', 'started'], cleanEnv(proxy.env)),
        { reject: false },
      );
      t.equal(r.exitCode, 125, `${tool.name}: ${r.stderr}`);
      t.equal(r.stdout, '', 'not started');
      t.match(
        r.stderr,
        'ssm-entrypoint: error: throttled by AWS (ThrottlingException) until the 3 s deadline for ssm:GetParametersByPath /a (us-east-1);',
        tool.name,
      );
      t.match(r.stderr, `ssm-entrypoint: error: no answer from ${host} within 3 s for ssm:GetParametersByPath /b (us-east-1);`, tool.name);
      // Eight resets may fit in the deadline: then the SDK gave up, not the deadline.
      t.match(
        r.stderr,
        new RegExp(
          `ssm-entrypoint: error: cannot reach ${escape(host)} \\(ECONNRESET\\) for ssm:GetParametersByPath /c \\(us-east-1\\)(, retried until the 3 s deadline)?;`,
        ),
        tool.name,
      );
      t.equal(r.stderr.match(/^ssm-entrypoint: error: /gm)?.length, 4, 'three failures and "not started"');
    }
    proxy.clearRules();
  });

  t.test('one action in two regions at once: each region its own cause', async (t) => {
    const arn = (region: string) => `arn:aws:ssm:${region}:123456789012:parameter/app/x`;
    proxy.clearRules();
    proxy.inject({ operation: 'GetParameter', when: (body) => String(body.Name).includes(':eu-west-1:'), answer: throttlingError() });
    proxy.inject({ operation: 'GetParameter', when: (body) => String(body.Name).includes(':us-west-2:'), answer: 'hang' });
    const env = cleanEnv({ ...proxy.env, IN_EU: `ssm://${arn('eu-west-1')}`, IN_US: `ssm://${arn('us-west-2')}` });
    const r = await execa(...toolArgv(tools[0]!, ['--timeout', '3', 'echo', 'started'], env), { reject: false });
    t.equal(r.exitCode, 125, r.stderr);
    t.equal(r.stdout, '');
    t.match(
      r.stderr,
      `error: throttled by AWS (ThrottlingException) until the 3 s deadline for ssm:GetParameter ${arn('eu-west-1')} (eu-west-1), wanted by IN_EU;`,
    );
    t.match(r.stderr, `error: no answer from ${host} within 3 s for ssm:GetParameter ${arn('us-west-2')} (us-west-2), wanted by IN_US;`);
    proxy.clearRules();
  });
}
