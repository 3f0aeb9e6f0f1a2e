import { FailureList, UserError } from '../core/errors.js';
import { isValidEnvName } from './names.js';
import type { Env } from './build.js';

// Linux: one "NAME=value" string may be at most MAX_ARG_STRLEN (32 pages = 128 KiB,
// with its NUL); argv + envp together at most ARG_MAX, a quarter of the 8 MiB default
// stack. Checking here turns the kernel's bare E2BIG into a message naming the variable.
export const MAX_ARG_STRLEN = 128 * 1024;
export const ARG_MAX = 2 * 1024 * 1024;

/** Checks the variables this tool set, and the total size, before exec. */
export function validateEnv(env: Env, names: readonly string[], argv: readonly string[]): void {
  const failures: UserError[] = [];
  for (const name of names) {
    const value = env[name];
    if (value === undefined) continue;
    if (!isValidEnvName(name)) failures.push(new UserError(`variable name ${JSON.stringify(name)} is not valid`));
    if (value.includes('\0')) {
      failures.push(new UserError(`the value for ${name} contains a NUL byte, which cannot be passed in the environment`));
    }
    const bytes = Buffer.byteLength(name) + 1 + Buffer.byteLength(value) + 1;
    if (bytes > MAX_ARG_STRLEN) {
      failures.push(
        new UserError(`the value for ${name} is ${bytes} bytes; Linux passes at most ${MAX_ARG_STRLEN} bytes per variable`, {
          hint: 'store a smaller value, or have the command read it from Parameter Store itself',
        }),
      );
    }
  }
  const pointer = 8;
  let total = 0;
  for (const [name, value] of Object.entries(env)) total += Buffer.byteLength(name) + Buffer.byteLength(value) + 2 + pointer;
  for (const arg of argv) total += Buffer.byteLength(arg) + 1 + pointer;
  if (total > ARG_MAX) {
    failures.push(new UserError(`the environment and arguments total ${total} bytes, past the ${ARG_MAX}-byte exec limit`));
  }
  if (failures.length > 0) throw new FailureList(failures);
}
