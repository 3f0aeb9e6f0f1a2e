// A fleet: 200 supervised tasks refresh on a short interval against Parameter Store's
// default 40 requests/s. Throttled refreshes are retried within the deadline: none gives
// up, and no command is restarted without a change.
import { execa } from 'execa';
import t from 'tap';
import { putParameters } from '../harness/aws.js';
import { lines, type Lines } from '../harness/lines.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { startProxy } from '../harness/proxy.js';
import { SEA, artifacts, cleanEnv, toolArgv } from './artifacts.js';

artifacts();
const TASKS = 200;
const REFRESHES = 2;
const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  await putParameters(
    moto.url,
    Array.from({ length: 5 }, (_, i) => ({ name: `/fleet/p${i}`, value: `v${i}` })),
  );
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  proxy.rateLimit(40);

  t.test(`${TASKS} tasks, --watch 8s each (25 requests/s on average), 40 requests/s`, async (t) => {
    const env = cleanEnv({ ...proxy.env, SSM_ENTRYPOINT_TEST_WATCH_FLOOR: '1s' });
    const tasks = Array.from({ length: TASKS }, () => {
      const child = execa(
        ...toolArgv(SEA, ['--verbose', '--timeout', '120', '--watch', '8s', '--prefix', '/fleet', 'sh', '-c', 'echo start; exec sleep 1000'], env),
        { reject: false, stdin: 'ignore' },
      );
      return { child, out: lines(child.stdout), err: lines(child.stderr) };
    });
    t.teardown(() => {
      for (const task of tasks) task.child.kill('SIGKILL');
    });
    // Readiness by counting: every task has finished REFRESHES refreshes.
    const refreshes = async (err: Lines) => {
      let from = 0;
      for (let i = 0; i < REFRESHES; i++) {
        await err.waitFor(/refreshed: no change|refresh failed/, { from, timeoutMs: 150_000 });
        from = err.all.findIndex((l, at) => at >= from && /refreshed: no change|refresh failed/.test(l)) + 1;
      }
    };
    await Promise.all(tasks.map(({ err }) => refreshes(err)));
    const throttled = (proxy.counts().GetParametersByPath ?? 0) - TASKS * (1 + REFRESHES);
    for (const task of tasks) task.child.kill('SIGTERM');
    const results = await Promise.all(tasks.map((task) => task.child));
    t.same(
      results.filter((r) => /refresh failed/.test(r.stderr)).map((r) => r.stderr.split('\n').find((l) => /error/.test(l))),
      [],
      'no refresh gave up',
    );
    t.same(
      results.filter((r) => r.stdout !== 'start').map((r) => r.stdout),
      [],
      'every command started once: no restart without a change',
    );
    t.same(
      results.filter((r) => r.exitCode !== 143).map((r) => r.exitCode),
      [],
      'SIGTERM ended each',
    );
    t.comment(`${throttled} throttled requests retried`);
  });
}
