// Answers that are not AWS's (a gateway's HTML 429, a credentials endpoint answering
// something else, an endpoint URL with a password in it): named for what answered, their
// bodies and passwords never printed. Through both artifacts.
import { createServer } from 'node:http';
import { execa } from 'execa';
import t from 'tap';
import { putParameters } from '../harness/aws.js';
import { MOTO_MISSING, freePort, startMoto } from '../harness/moto.js';
import { startProxy } from '../harness/proxy.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const tools = artifacts();
const moto = await startMoto();
const FAKE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRETKEY';
const HTML = `<html><head><title>429 Too Many Requests</title></head><body>gateway-page-text ${FAKE_SECRET}</body></html>`;

if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  await putParameters(moto.url, [{ name: '/app/p', value: 'v' }]);
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  const host = new URL(proxy.url).host;

  for (const tool of tools) {
    const run = (args: string[], env: Record<string, string>) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false });

    t.test(`${tool.name}: a gateway's HTML 429 until the deadline is throttling`, async (t) => {
      proxy.clearRules();
      proxy.inject({ operation: 'GetParametersByPath', answer: { status: 429, raw: HTML, contentType: 'text/html' } });
      const r = await run(['--timeout', '3', '--prefix', '/app', 'echo', 'started'], proxy.env);
      t.equal(r.exitCode, 125);
      t.equal(r.stdout, '');
      t.match(
        r.stderr,
        'ssm-entrypoint: error: throttled by AWS (HTTP 429) until the 3 s deadline for ssm:GetParametersByPath /app (us-east-1); retried up to 8 times',
      );
      t.notMatch(r.stderr, 'no answer');
      t.notMatch(r.stderr, 'gateway-page-text');
      t.notMatch(r.stderr, FAKE_SECRET);
      // Once, then AWS answers: retried, complete.
      proxy.clearRules();
      proxy.inject({ operation: 'GetParametersByPath', times: 1, answer: { status: 429, raw: HTML, contentType: 'text/html' } });
      const ok = await run(['--prefix', '/app', 'sh', '-c', 'echo "$P"'], proxy.env);
      t.equal(ok.exitCode, 0, ok.stderr);
      t.equal(ok.stdout, 'v');
    });

    t.test(`${tool.name}: an HTML 502 on every attempt is not "no answer"`, async (t) => {
      proxy.clearRules();
      proxy.inject({ operation: 'GetParametersByPath', answer: { status: 502, raw: HTML, contentType: 'text/html' } });
      const r = await run(['--timeout', '3', '--prefix', '/app', 'echo', 'started'], proxy.env);
      t.equal(r.exitCode, 125);
      // The deadline or the last of the 8 attempts ends it, whichever comes first.
      t.match(
        r.stderr,
        new RegExp(
          `ssm-entrypoint: error: not an AWS answer from ${host} for ssm:GetParametersByPath /app \\(us-east-1\\)(, on every attempt until the 3 s deadline)?: HTTP 502 without an AWS error body`,
        ),
      );
      t.notMatch(r.stderr, 'gateway-page-text');
      t.notMatch(r.stderr, FAKE_SECRET);
      proxy.clearRules();
    });

    t.test(`${tool.name}: a credentials endpoint that answers something other than JSON`, async (t) => {
      const bodies = [`{"AccessKeyId":"AKIAFAKE","SecretAccessKey":"${FAKE_SECRET}",`, `<html>${FAKE_SECRET}</html>`];
      for (const body of bodies) {
        const endpoint = createServer((_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end(body);
        });
        await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
        const uri = `http://127.0.0.1:${(endpoint.address() as { port: number }).port}/creds`;
        const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...anonymous } = proxy.env;
        const env = { ...anonymous, AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, PARAMETER_STORE_PREFIX: '/app' };
        const r = await run(['echo', 'started'], env);
        const doctor = await run(['--doctor'], env);
        endpoint.close();
        t.equal(r.exitCode, 125);
        t.equal(r.stdout, '');
        t.match(
          r.stderr,
          `ssm-entrypoint: error: the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI=${uri}) returned something that is not JSON credentials, for ssm:GetParametersByPath /app (us-east-1)`,
        );
        t.equal(doctor.exitCode, 1);
        t.match(doctor.stdout, /^FAIL +identity +the container credentials endpoint/m);
        for (const text of [r.stderr, doctor.stdout, doctor.stderr]) {
          t.notMatch(text, FAKE_SECRET, 'the body is never printed');
          t.notMatch(text, 'AKIAFAKE');
        }
      }
    });

    t.test(`${tool.name}: the password of an endpoint URL is never printed`, async (t) => {
      const url = `http://user:hunter2-${FAKE_SECRET.slice(0, 8)}@127.0.0.1:${await freePort()}`;
      const r = await run(['--prefix', '/app', 'echo', 'started'], { ...moto.env, AWS_ENDPOINT_URL: url });
      t.equal(r.exitCode, 125);
      t.match(r.stderr, /cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      t.match(r.stderr, `check AWS_ENDPOINT_URL=http://127.0.0.1:`);
      const doctor = await run(['--doctor', '--prefix', '/app'], { ...moto.env, AWS_ENDPOINT_URL: url });
      for (const text of [r.stderr, doctor.stdout, doctor.stderr]) {
        t.notMatch(text, 'hunter2');
        t.notMatch(text, 'user:');
      }
    });
  }
}
