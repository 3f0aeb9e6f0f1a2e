import { UserError } from '../core/errors.js';
import { isValidEnvName } from '../env/names.js';

// Variable names → file names, and the `--file-vars` globs. A file's name is the name of
// its variable, which must be a valid variable name: no `/`, no `.`, nothing from a store
// that could walk out of the directory.

export const FILE_SUFFIX = '_FILE';

/** Linux NAME_MAX: the longest name of one directory entry, in bytes. */
const NAME_MAX = 255;

/** `POSTGRES_PASSWORD_FILE` → `POSTGRES_PASSWORD`; undefined when the name does not end in _FILE. */
export function baseOfFileVariable(name: string): string | undefined {
  return name.length > FILE_SUFFIX.length && name.endsWith(FILE_SUFFIX) ? name.slice(0, -FILE_SUFFIX.length) : undefined;
}

/** The file name for a variable: the name itself, when it is a safe one. */
export function fileNameFor(name: string, variable: string): string {
  if (!isValidEnvName(name)) {
    throw new UserError(`${variable}: ${JSON.stringify(name)} is not a valid variable name, so it cannot name a file`, {
      hint: 'use letters, digits and _, not starting with a digit',
    });
  }
  if (Buffer.byteLength(name) > NAME_MAX) {
    throw new UserError(`${variable}: the name is ${Buffer.byteLength(name)} bytes, longer than a file name can be (${NAME_MAX})`, {
      hint: 'use a shorter variable name',
    });
  }
  return name;
}
