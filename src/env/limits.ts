import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';

// Linux's exec size limits (fs/exec.c), the one computation for the check after the
// environment is built (validate.ts) and the one right before exec (exec/limits.ts): each
// string at most MAX_ARG_STRLEN (32 pages, NUL included); all strings plus one pointer each
// at most a quarter of the stack size limit (RLIMIT_STACK, `ulimit -s`), but no more than
// 6 MiB (3/4 of the 8 MiB _STK_LIM) and no less than 128 KiB. Past them execve fails with
// E2BIG, which would abort Node. See README "Security: Exec".
export const MAX_ARG_STRLEN = 32 * 4096;
const MIN_LIMIT = 32 * 4096;
const MAX_LIMIT = (8 * 1024 * 1024 * 3) / 4;
const POINTER = 8;
const DEFAULT_STACK = 8 * 1024 * 1024;

/** The soft stack limit of this process, which the command inherits; Infinity for unlimited. */
export function stackLimit(limitsFile = '/proc/self/limits'): number {
  try {
    const line = readFileSync(limitsFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max stack size'));
    const soft = line?.slice('Max stack size'.length).trim().split(/\s+/)[0];
    if (soft === 'unlimited') return Infinity;
    if (soft !== undefined && /^\d+$/.test(soft)) return Number(soft);
  } catch {
    // No /proc: assume Docker's default.
  }
  return DEFAULT_STACK;
}

/** The bytes execve may take for argv + envp, for a stack limit. */
export function argumentLimit(stack: number): number {
  return Math.max(Math.min(MAX_LIMIT, Math.floor(stack / 4)), MIN_LIMIT);
}

/** What execve copies: these strings, each with its NUL. */
export interface ExecStrings {
  /** argv (and the strings a #! line adds): one pointer each. */
  args: readonly string[];
  /** Also on the new stack, without a pointer: the file name (AT_EXECFN). */
  other?: readonly string[];
}

const size = (s: string) => Buffer.byteLength(s) + 1;

/** The bytes of argv + envp as the kernel counts them against argumentLimit. */
export function execSize(strings: ExecStrings, env: Readonly<Record<string, string>>): number {
  let total = [...strings.args, ...(strings.other ?? [])].reduce((sum, s) => sum + size(s), 0) + strings.args.length * POINTER;
  for (const [name, value] of Object.entries(env)) total += size(`${name}=${value}`) + POINTER;
  return total;
}

/** Refuses (exit 125) a total execve would refuse with E2BIG, naming the largest variables, never values. */
export function checkTotalSize(strings: ExecStrings, env: Readonly<Record<string, string>>, stack = stackLimit()): void {
  const total = execSize(strings, env);
  const limit = argumentLimit(stack);
  if (total <= limit) return;
  const largest = Object.entries(env)
    .map(([name, value]): [string, number] => [name, size(`${name}=${value}`)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, bytes]) => `${name} (${bytes} bytes)`)
    .join(', ');
  const stackText = stack === Infinity ? 'unlimited' : `${stack} bytes`;
  throw new UserError(
    `the command's environment and arguments take ${total} bytes; Linux allows ${limit} bytes to start a program with the stack size limit of ${stackText} (ulimit -s); the largest variables: ${largest}`,
    {
      hint: 'load fewer or smaller values, or raise the stack limit (docker run --ulimit stack=..., ECS "ulimits" name "stack"; a quarter of it is available, up to 6 MiB)',
    },
  );
}
