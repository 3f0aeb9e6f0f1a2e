import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import type { Program } from './kernel.js';

// Linux's exec size limits (fs/exec.c): each string at most MAX_ARG_STRLEN (32 pages, NUL
// included); all strings plus one pointer each at most a quarter of the stack size limit
// (RLIMIT_STACK, `ulimit -s`), but no more than 6 MiB (3/4 of the 8 MiB _STK_LIM) and no less
// than 128 KiB. Past them execve fails with E2BIG, which would abort Node.
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

/** Refuses (exit 125) what execve would refuse with E2BIG, naming variables, never values. */
export function checkExecSize(program: Program, env: Record<string, string>, stack = stackLimit()): void {
  const size = (s: string) => Buffer.byteLength(s) + 1;
  for (const [name, value] of Object.entries(env)) {
    const bytes = size(`${name}=${value}`);
    if (bytes > MAX_ARG_STRLEN) {
      throw new UserError(`the variable ${name} is ${bytes} bytes; Linux passes at most ${MAX_ARG_STRLEN} bytes per variable to a program`, {
        hint: 'store a smaller value, or have the command read it itself',
      });
    }
  }
  program.argv.forEach((arg, i) => {
    if (size(arg) > MAX_ARG_STRLEN) {
      throw new UserError(`argument ${i} of the command is ${size(arg)} bytes; Linux passes at most ${MAX_ARG_STRLEN} bytes per argument`, {
        hint: 'pass it in a file instead',
      });
    }
  });

  // The file name is on the new stack (AT_EXECFN), and a script's name once more as its interpreter's argument.
  const strings = [program.file, ...(program.added.length > 0 ? [program.file] : []), ...program.argv, ...program.added];
  let total = strings.reduce((sum, s) => sum + size(s), 0);
  const sizes: [string, number][] = [];
  for (const [name, value] of Object.entries(env)) {
    const bytes = size(`${name}=${value}`);
    sizes.push([name, bytes]);
    total += bytes;
  }
  total += (program.argv.length + program.added.length + sizes.length) * POINTER;
  const limit = argumentLimit(stack);
  if (total <= limit) return;
  const largest = sizes
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, bytes]) => `${name} (${bytes} bytes)`)
    .join(', ');
  const stackText = stack === Infinity ? 'unlimited' : `${stack} bytes`;
  throw new UserError(`the command's environment and arguments take ${total} bytes; Linux allows ${limit} bytes to start a program with the stack size limit of ${stackText} (ulimit -s); the largest variables: ${largest}`, {
    hint: 'load fewer or smaller values, or raise the stack limit (docker run --ulimit stack=..., ECS "ulimits" name "stack"; a quarter of it is available, up to 6 MiB)',
  });
}
