// The signals the supervisor passes on to the command, as tini does.
import { constants } from 'node:os';
import t from 'tap';
import { FORWARDED, STOP_REQUESTS, signalNumber } from '../../src/supervise/signals.js';

t.test('every catchable signal an app may use is forwarded', async (t) => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGCONT', 'SIGTSTP'] as const)
    t.ok(FORWARDED.includes(signal), signal);
});

t.test('never the uncatchable ones, the supervisor’s own, or a fault of this process', async (t) => {
  for (const signal of [
    'SIGKILL',
    'SIGSTOP',
    'SIGCHLD',
    'SIGPIPE',
    'SIGSEGV',
    'SIGBUS',
    'SIGFPE',
    'SIGILL',
    'SIGTRAP',
    'SIGABRT',
    'SIGSYS',
    'SIGPROF',
  ] as const) {
    t.notOk(FORWARDED.includes(signal), signal);
  }
  t.ok(
    FORWARDED.every((s) => s in constants.signals),
    'only signals this system has',
  );
});

t.test('stop requests and signal numbers', async (t) => {
  t.same([...STOP_REQUESTS].sort(), ['SIGINT', 'SIGTERM']);
  t.equal(signalNumber('SIGTERM'), 15);
  t.equal(signalNumber('SIGKILL'), 9);
});
