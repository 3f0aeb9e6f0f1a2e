// The signal dispositions the command inherits, and the debugger door SIGUSR1 would open,
// read from the kernel (/proc/self/status) rather than from Node's listener lists.
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import t from 'tap';
import { releaseInspectorGuard, restoreDefaultSignals } from '../../src/exec/signals.js';

const mask = (field: 'SigIgn' | 'SigCgt'): bigint =>
  BigInt(
    `0x${
      /^(\w+):\s*([0-9a-f]+)$/m.exec(
        readFileSync('/proc/self/status', 'utf8')
          .split('\n')
          .find((l) => l.startsWith(field))!,
      )![2]
    }`,
  );
const has = (field: 'SigIgn' | 'SigCgt', signal: keyof typeof constants.signals) => (mask(field) & (1n << BigInt(constants.signals[signal] - 1))) !== 0n;

t.test('SIGPIPE and SIGXFSZ, ignored by Node, are back to their default action', async (t) => {
  t.ok(has('SigIgn', 'SIGPIPE'), 'Node ignores SIGPIPE');
  restoreDefaultSignals();
  for (const signal of ['SIGPIPE', 'SIGXFSZ'] as const) {
    // Only an ignored signal stays so across execve; a caught one is reset to its default.
    t.notOk(has('SigIgn', signal), `${signal} not ignored`);
  }
  // This test process still writes to pipes: catch SIGPIPE again from here on.
  process.on('SIGPIPE', () => {});
});

// That SIGUSR1 then opens no inspector is checked end to end (test/e2e/security.test.ts):
// signalled here, it would reach the test runner too.
t.test('SIGUSR1 has a listener from the moment the module loads, until the command runs as a child', async (t) => {
  const before = process.listenerCount('SIGUSR1');
  t.ok(before >= 1, 'guarded on import');
  releaseInspectorGuard();
  t.equal(process.listenerCount('SIGUSR1'), before - 1, 'released');
  releaseInspectorGuard();
  t.equal(process.listenerCount('SIGUSR1'), before - 1, 'twice is harmless');
});
