import { UserError } from '../core/errors.js';
import { MAX_ARG_STRLEN, checkTotalSize, stackLimit } from '../env/limits.js';
import type { Program } from './kernel.js';

// The limits themselves are computed in env/limits.ts, for this check and the earlier one
// of env/validate.ts alike.
export { MAX_ARG_STRLEN, argumentLimit, execSize, stackLimit } from '../env/limits.js';

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
  const other = [program.file, ...(program.added.length > 0 ? [program.file] : [])];
  checkTotalSize({ args: [...program.argv, ...program.added], other }, env, stack);
}
