// --doctor --watch: a refresh repeats the start-up's reads, so the watch passes exactly when
// every source check passed, and names the IAM actions it repeats.
import t from 'tap';
import { watchCheck } from '../../src/doctor/watch.js';
import type { Plan } from '../../src/sources/plan.js';
import { parseReference } from '../../src/sources/reference.js';

const config = (watchMs: number | undefined) => ({
  supervise: watchMs !== undefined,
  watchMs,
  onChange: 'restart' as never,
  stopSignal: 'SIGTERM' as const,
  stopTimeoutMs: 10_000,
});
const plan: Plan = { prefixes: [{ kind: 'prefix', path: '/app', envPrefix: '' }], secrets: [], references: [parseReference('TOKEN', 'sm://api:token')] };
const empty: Plan = { prefixes: [], secrets: [], references: [] };

t.test('no --watch, no check', async (t) => {
  t.equal(watchCheck(config(undefined), plan, []), undefined);
});

t.test('nothing to watch: a warning', async (t) => {
  t.same(watchCheck(config(60_000), empty, []), { name: 'watch', status: 'warn', detail: 'every 60 s (+-10%), but no source is configured: nothing to watch' });
});

t.test('passes with the start-up’s IAM actions, fails with any failing check', async (t) => {
  const pass = watchCheck(config(300_000), plan, [{ name: 'prefix /app', status: 'pass', detail: '' }]);
  t.equal(pass?.status, 'pass');
  t.match(
    pass?.detail,
    /^every 300 s \(\+-10%\) repeats the reads above with the same IAM actions \(ssm:GetParametersByPath, secretsmanager:GetSecretValue\); no other permission$/,
  );
  const fail = watchCheck(config(300_000), plan, [{ name: 'prefix /app', status: 'fail', detail: 'denied' }]);
  t.equal(fail?.status, 'fail');
  t.match(fail?.fix, /a refresh needs the same IAM actions as the start-up/);
});
