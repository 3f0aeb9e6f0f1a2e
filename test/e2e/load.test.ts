// A deployment: 50 tasks start at once against Parameter Store's default 40 requests/s.
// Throttled requests are retried; every command starts, with the complete environment.
import { execa } from 'execa';
import t from 'tap';
import { putParameters } from '../harness/aws.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { startProxy } from '../harness/proxy.js';
import { SEA, artifacts, cleanEnv, toolArgv } from './artifacts.js';

artifacts();
const TASKS = 50;
const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  await putParameters(
    moto.url,
    Array.from({ length: 30 }, (_, i) => ({ name: `/fleet/p${i}`, value: `v${i}` })),
  );
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  proxy.rateLimit(40);

  t.test(`${TASKS} entrypoints at once, 30 parameters each, 40 requests/s`, async (t) => {
    const started = Date.now();
    const runs = await Promise.all(
      Array.from({ length: TASKS }, () =>
        execa(...toolArgv(SEA, ['--prefix', '/fleet', 'sh', '-c', 'env | grep -c "^P[0-9]*="'], cleanEnv(proxy.env)), { reject: false }).then((r) => ({
          ...r,
          at: Date.now() - started,
        })),
      ),
    );
    const failed = runs.filter((r) => r.exitCode !== 0 || r.stdout !== '30');
    t.same(
      failed.map((r) => r.stderr.split('\n')[0]),
      [],
      'every command started with all 30 variables',
    );
    const times = runs.map((r) => r.at).sort((a, b) => a - b);
    const throttled = (proxy.counts().GetParametersByPath ?? 0) - TASKS * 4;
    t.comment(`start times: first ${times[0]} ms, median ${times[TASKS >> 1]} ms, last ${times.at(-1)} ms; ${throttled} throttled requests retried`);
    t.ok(throttled > 0, 'the rate limit really throttled some requests');
  });
}
