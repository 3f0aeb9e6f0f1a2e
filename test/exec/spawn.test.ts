// The spawn fallback (Node < 22.15): the command runs as a child; signals are forwarded,
// its status passed on. The end-to-end tests run it through the bundle on every Node.
import t from 'tap';
import { FORWARDED_SIGNALS, spawnAndWait } from '../../src/exec/spawn.js';

t.test('the forwarding handlers are in place before the child starts', async (t) => {
  // Otherwise a SIGTERM that comes as the command starts (ECS stopping the task) finds the
  // default action: the tool dies and the command runs on, orphaned.
  const atSpawn: number[] = [];
  // spawn.ts takes child_process when it spawns (not at start-up): patch the module it gets.
  const cp = process.getBuiltinModule('node:child_process');
  const real = cp.spawn;
  cp.spawn = ((...args: Parameters<typeof real>) => {
    atSpawn.push(...FORWARDED_SIGNALS.map((s) => process.listenerCount(s)));
    return real(...args);
  }) as typeof real;
  t.teardown(() => {
    cp.spawn = real;
  });
  const before = FORWARDED_SIGNALS.map((s) => process.listenerCount(s));
  const status = await spawnAndWait({ file: '/bin/sh', argv: ['sh', '-c', 'exit 3'], added: [] }, { PATH: '/usr/bin:/bin' });
  t.equal(status, 3, "the command's status");
  // SIGUSR1's guard (exec/signals.ts) gives way to the forwarder: caught at every moment, counted apart.
  const others = (counts: number[]) => counts.filter((_, i) => FORWARDED_SIGNALS[i] !== 'SIGUSR1');
  t.same(
    others(atSpawn),
    others(before).map((n) => n + 1),
    'one handler per forwarded signal when spawn() is called',
  );
  t.ok(atSpawn[FORWARDED_SIGNALS.indexOf('SIGUSR1')]! >= 1, 'SIGUSR1 caught too');
  t.same(others(FORWARDED_SIGNALS.map((s) => process.listenerCount(s))), others(before), 'and removed once the child is gone');
});

t.test('a child killed by signal N: 128 + N', async (t) => {
  t.equal(await spawnAndWait({ file: '/bin/sh', argv: ['sh', '-c', 'kill -KILL $$'], added: [] }, {}), 137);
});
