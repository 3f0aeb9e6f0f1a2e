import { FailureList, UserError } from '../core/errors.js';
import { isValidEnvName } from './names.js';
import { MAX_ARG_STRLEN, checkTotalSize } from './limits.js';
import type { Env } from './build.js';

export { MAX_ARG_STRLEN } from './limits.js';

/**
 * Checks the variables this tool set, and the total size, before exec: turns the kernel's
 * bare E2BIG (limits.ts) into messages naming the variables. The total counts the command
 * as written; the check right before exec (exec/limits.ts) counts the program it found too.
 */
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
  try {
    checkTotalSize({ args: argv }, env);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    failures.push(error);
  }
  if (failures.length > 0) throw new FailureList(failures);
}
