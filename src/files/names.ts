import { UserError } from '../report/errors.js';

// Variable names → file names, and the `--file-vars` globs. A file's name is the name of
// its variable, which must be a valid variable name: no `/`, no `.`, nothing from a store
// that could walk out of the directory.

export const FILE_SUFFIX = '_FILE';

/** Linux NAME_MAX: the longest name of one directory entry, in bytes. */
const NAME_MAX = 255;
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `POSTGRES_PASSWORD_FILE` → `POSTGRES_PASSWORD`; undefined when the name does not end in _FILE. */
export function baseOfFileVariable(name: string): string | undefined {
  return name.length > FILE_SUFFIX.length && name.endsWith(FILE_SUFFIX) ? name.slice(0, -FILE_SUFFIX.length) : undefined;
}

/** The file name for a variable: the name itself, when it is a safe one. */
export function fileNameFor(name: string, variable: string): string {
  if (!VALID_NAME.test(name)) {
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

/**
 * `--file-vars` patterns: `*` any run of characters, `?` one, everything else literal,
 * matched against the whole final variable name, case-sensitively (as names are).
 */
export function compilePatterns(patterns: readonly string[], origin: string): (name: string) => string | undefined {
  const compiled = patterns.map((pattern) => {
    if (!/^[A-Za-z0-9_*?]+$/.test(pattern)) {
      throw new UserError(`${origin}: pattern ${JSON.stringify(pattern)} can never match a variable name`, {
        hint: 'a pattern is letters, digits and _, with * for any run of characters and ? for one, e.g. DB_*,*_KEY',
      });
    }
    const source = pattern.replace(/[*?]/g, (c) => (c === '*' ? '.*' : '.'));
    return { pattern, regex: new RegExp(`^${source}$`, 's') };
  });
  return (name) => compiled.find((c) => c.regex.test(name))?.pattern;
}
