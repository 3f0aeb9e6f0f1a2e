import t from 'tap';
import { parseArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/core/errors.js';
import { parseDuration, parseSignal } from '../../src/cli/supervise-options.js';
import { parseAs } from './parse.js';

t.test('defaults: no supervisor; restart, SIGTERM, 20 s', async (t) => {
  const c = parseAs('run', ['x'], {});
  t.equal(c.supervise, false);
  t.equal(c.watchMs, undefined);
  t.same(c.onChange, { kind: 'restart' });
  t.equal(c.stopSignal, 'SIGTERM');
  t.equal(c.stopTimeoutMs, 20_000);
});

t.test('--watch implies --supervise; durations in ms, s, m, h; a bare number is seconds', async (t) => {
  t.equal(parseAs('run', ['--watch', '30s', 'x'], {}).supervise, true);
  t.equal(parseAs('run', ['--watch', '30s', 'x'], {}).watchMs, 30_000);
  t.equal(parseAs('run', ['--watch=5m', 'x'], {}).watchMs, 300_000);
  t.equal(parseAs('run', ['--watch', '1h', 'x'], {}).watchMs, 3_600_000);
  t.equal(parseAs('run', ['--watch', '45', 'x'], {}).watchMs, 45_000);
  t.equal(parseDuration('1.5s', 'x'), 1500);
  t.equal(parseDuration('250ms', 'x'), 250);
  for (const bad of ['', 'soon', '-5s', '5 s', '0', '2d', '25h']) t.throws(() => parseDuration(bad, '--watch'), UsageError, bad);
});

t.test('--watch has a floor of 10 s; tests may lower it with SSM_ENTRYPOINT_TEST_WATCH_FLOOR', async (t) => {
  t.throws(() => parseArgs(['--watch', '5s', 'x'], {}), { message: '--watch 5s is below the floor of 10 s: use e.g. 30s or 5m' });
  t.equal(parseAs('run', ['--watch', '10s', 'x'], {}).watchMs, 10_000);
  t.equal(parseAs('run', ['--watch', '200ms', 'x'], { SSM_ENTRYPOINT_TEST_WATCH_FLOOR: '100ms' }).watchMs, 200);
});

t.test('every option has its SSM_ENTRYPOINT_* form; flags win', async (t) => {
  const env = {
    SSM_ENTRYPOINT_SUPERVISE: 'true',
    SSM_ENTRYPOINT_WATCH: '2m',
    SSM_ENTRYPOINT_ON_CHANGE: 'signal:USR2',
    SSM_ENTRYPOINT_STOP_SIGNAL: 'SIGQUIT',
    SSM_ENTRYPOINT_STOP_TIMEOUT: '25',
  };
  const c = parseAs('run', ['x'], env);
  t.equal(c.supervise, true);
  t.equal(c.watchMs, 120_000);
  t.same(c.onChange, { kind: 'signal', signal: 'SIGUSR2' });
  t.equal(c.stopSignal, 'SIGQUIT');
  t.equal(c.stopTimeoutMs, 25_000);
  t.same(parseAs('run', ['--on-change', 'exit', '--stop-timeout', '0', 'x'], env).onChange, { kind: 'exit' });
  t.equal(parseAs('run', ['--on-change', 'exit', '--stop-timeout', '0', 'x'], env).stopTimeoutMs, 0, 'SIGKILL at once');
  t.equal(parseAs('run', ['x'], { SSM_ENTRYPOINT_SUPERVISE: '0' }).supervise, false);
  t.equal(parseAs('run', ['x'], { SSM_ENTRYPOINT_WATCH: '' }).watchMs, undefined, 'empty means unset');
});

t.test('signals by name, with or without SIG, any case; bad ones are usage errors', async (t) => {
  t.equal(parseSignal('term', 'x'), 'SIGTERM');
  t.equal(parseSignal('SIGHUP', 'x'), 'SIGHUP');
  t.equal(parseSignal(' Usr1 ', 'x'), 'SIGUSR1');
  t.throws(() => parseArgs(['--stop-signal', 'NOPE', 'x'], {}), {
    message: '--stop-signal "NOPE" is not a signal name: use e.g. SIGTERM, SIGINT, SIGQUIT or HUP',
  });
  t.throws(() => parseArgs(['--on-change', 'reload', 'x'], {}), {
    message: '--on-change must be restart, exit or signal:NAME (e.g. signal:HUP), not "reload"',
  });
  t.throws(() => parseArgs(['--on-change', 'signal:', 'x'], {}), UsageError);
  t.throws(() => parseArgs(['x'], { SSM_ENTRYPOINT_ON_CHANGE: 'signal:BOGUS' }), { message: /^SSM_ENTRYPOINT_ON_CHANGE "BOGUS" is not a signal name/ });
});
