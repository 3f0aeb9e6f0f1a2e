// Throttling, 5xx and resets are retried within the deadline; a persistent fault fails
// closed with a classified message, never a partial environment.
import { execa } from 'execa';
import t from 'tap';
import { putParameters } from '../harness/aws.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { serverError, startProxy, throttlingError } from '../harness/proxy.js';
import { SEA, artifacts, cleanEnv, toolArgv } from './artifacts.js';

artifacts();
const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  await putParameters(
    moto.url,
    Array.from({ length: 12 }, (_, i) => ({ name: `/app/p${i}`, value: `v${i}` })),
  );
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  const run = (args: string[]) => execa(...toolArgv(SEA, args, cleanEnv(proxy.env)), { reject: false });
  const countVars = ['sh', '-c', 'env | grep -c "^P[0-9]*="'];

  t.test('throttling, 5xx and a reset mid-response are retried', async (t) => {
    const tooMany = { status: 429, raw: '', contentType: 'text/plain' };
    for (const answer of [throttlingError(), tooMany, serverError(), 'reset' as const, 'truncate' as const]) {
      proxy.clearRules();
      proxy.resetCounts();
      proxy.inject({ operation: 'GetParametersByPath', times: 2, answer });
      const r = await run(['--prefix', '/app', ...countVars]);
      t.equal(r.exitCode, 0, `${JSON.stringify(answer)}: ${r.stderr}`);
      t.equal(r.stdout, '12', 'the complete environment');
      t.ok((proxy.counts().GetParametersByPath ?? 0) >= 4, 'two failed attempts, then the pages');
    }
  });

  t.test('an answer slower than the attempt timeout (10 s): abandoned, retried, complete', async (t) => {
    proxy.clearRules();
    proxy.inject({ operation: 'GetParametersByPath', times: 1, answer: 'hang' });
    const started = Date.now();
    const r = await run(['--verbose', '--log-format', 'json', '--prefix', '/app', ...countVars]);
    const took = Date.now() - started;
    t.equal(r.exitCode, 0, r.stderr);
    t.equal(r.stdout, '12', 'the complete environment');
    t.ok(took >= 10_000 && took < 20_000, `one attempt timeout, not the whole deadline (${took} ms)`);
    t.match(r.stderr, /"msg":"attempt failed[^\n]*"attempt":1[^\n]*"error":"ETIMEDOUT"/);
  });

  t.test('--verbose logs each failed attempt: operation, attempt number, time, error', async (t) => {
    proxy.clearRules();
    proxy.inject({ operation: 'GetParametersByPath', times: 2, answer: throttlingError() });
    const r = await run(['--verbose', '--log-format', 'json', '--prefix', '/app', 'true']);
    t.equal(r.exitCode, 0, r.stderr);
    const failed = r.stderr
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => String(entry.msg).startsWith('attempt failed'));
    t.same(
      failed.map(({ operation, attempt, error }) => ({ operation, attempt, error })),
      [
        { operation: 'ssm:GetParametersByPath', attempt: 1, error: 'ThrottlingException' },
        { operation: 'ssm:GetParametersByPath', attempt: 2, error: 'ThrottlingException' },
      ],
    );
    t.ok(failed.every((entry) => typeof entry.ms === 'number'));
  });

  t.test('a throttle that never ends: fails closed at the deadline, classified', async (t) => {
    proxy.clearRules();
    proxy.inject({ operation: 'GetParametersByPath', answer: throttlingError() });
    const started = Date.now();
    const r = await run(['--timeout', '3', '--prefix', '/app', 'echo', 'started']);
    t.equal(r.exitCode, 125);
    t.equal(r.stdout, '');
    t.ok(Date.now() - started < 5000, `ended in ${Date.now() - started} ms`);
    t.match(
      r.stderr,
      'ssm-entrypoint: error: throttled by AWS (ThrottlingException) until the 3 s deadline for ssm:GetParametersByPath /app (us-east-1); retried up to 8 times with backoff within --timeout',
    );
    proxy.clearRules();
    // A bare HTTP 429, as a proxy or gateway in front of AWS may answer.
    proxy.inject({ operation: 'GetParametersByPath', answer: { status: 429, raw: '', contentType: 'text/plain' } });
    const bare = await run(['--timeout', '3', '--prefix', '/app', 'echo', 'started']);
    t.equal(bare.exitCode, 125);
    t.match(bare.stderr, 'ssm-entrypoint: error: throttled by AWS (HTTP 429) until the 3 s deadline for ssm:GetParametersByPath /app (us-east-1)');
    proxy.clearRules();
  });

  t.test('a non-retryable error fails at once', async (t) => {
    proxy.clearRules();
    proxy.resetCounts();
    proxy.inject({ operation: 'GetParametersByPath', answer: { status: 400, body: { __type: 'AccessDeniedException', message: 'denied' } } });
    const r = await run(['--prefix', '/app', 'true']);
    t.equal(r.exitCode, 125);
    t.equal(proxy.counts().GetParametersByPath, 1, 'not retried');
    proxy.clearRules();
  });
}
