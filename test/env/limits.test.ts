// Linux's exec size limits: the numbers from the stack size limit, and the bytes counted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { argumentLimit, checkTotalSize, execSize, stackLimit } from '../../src/env/limits.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-limits-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const limitsFile = (soft: string) => {
  const file = path.join(dir, `limits-${soft}`);
  writeFileSync(
    file,
    `Limit                     Soft Limit           Hard Limit           Units     \nMax stack size            ${soft.padEnd(20)} unlimited            bytes     \n`,
  );
  return file;
};

t.test('the stack size limit, as /proc/self/limits says; 8 MiB where it cannot be read', async (t) => {
  t.equal(stackLimit(limitsFile('8388608')), 8 * MiB);
  t.equal(stackLimit(limitsFile('unlimited')), Infinity);
  t.equal(stackLimit(path.join(dir, 'missing')), 8 * MiB);
});

t.test('a quarter of the stack, at most 6 MiB, at least 128 KiB', async (t) => {
  t.equal(argumentLimit(8 * MiB), 2 * MiB);
  t.equal(argumentLimit(16 * MiB), 4 * MiB);
  t.equal(argumentLimit(64 * MiB), 6 * MiB);
  t.equal(argumentLimit(Infinity), 6 * MiB);
  t.equal(argumentLimit(256 * 1024), 128 * 1024);
});

t.test('bytes: every string with its NUL, a pointer for each argument and variable, none for the file name', async (t) => {
  t.equal(execSize({ args: [] }, {}), 0);
  t.equal(execSize({ args: ['ab'] }, {}), 3 + 8);
  t.equal(execSize({ args: [], other: ['/bin/x'] }, {}), 7);
  t.equal(execSize({ args: [] }, { A: 'b' }), 4 + 8);
  t.equal(execSize({ args: [] }, { E: '€' }), 'E=€'.length + 2 + 1 + 8, 'UTF-8 bytes, not characters');
});

t.test('a 3 MiB environment: refused under the default stack, passed with an unlimited one', async (t) => {
  const env: Record<string, string> = {};
  for (let i = 0; i < 30; i++) env[`V${i}`] = 's'.repeat(100 * 1024);
  t.doesNotThrow(() => checkTotalSize({ args: ['cmd'] }, env, Infinity));
  const error = t.throws(() => checkTotalSize({ args: ['cmd'] }, env, 8 * MiB)) as Error & { exitCode: number; hint: string };
  t.equal(error.exitCode, 125);
  t.match(
    error.message,
    /^the command's environment and arguments take 3\d{6} bytes; Linux allows 2097152 bytes to start a program with the stack size limit of 8388608 bytes \(ulimit -s\); the largest variables: V\d+ \(10240\d bytes\), V\d+ \(10240\d bytes\), V\d+ \(10240\d bytes\)$/,
  );
  t.notMatch(error.message, 'sss', 'names, never values');
  t.match(error.hint, /raise the stack limit/);
});
