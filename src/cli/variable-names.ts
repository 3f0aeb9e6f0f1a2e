// What a variable name is, and the order names are listed in: one rule for every stage
// that checks or lists names (--env-prefix, the ENV_PREFIX of --secret, the name rule of
// prefixes and secrets, the check before exec, file names, --print, --dry-run, logs).
// Here, in cli/, because the option parser is the first stage that needs it.
// See README "Variable names".

/** The characters of a variable name (POSIX's portable set); the name rule maps every other one to `_`. */
export const NAME_CHARACTERS = 'A-Za-z0-9_';

const VALID_NAME = new RegExp(`^[A-Za-z_][${NAME_CHARACTERS}]*$`);

/** Letters, digits and `_`, not starting with a digit (what a shell can export). */
export function isValidEnvName(name: string): boolean {
  return VALID_NAME.test(name);
}

/**
 * Names in code-point order (byte order of their UTF-8): the same everywhere a list of
 * variables is shown, and no locale (localeCompare would start ICU, 10-15 ms).
 */
export function compareNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// UTF-16 units sort as code points, except surrogates (U+D800-DFFF, which encode U+10000
// and up): they must sort after U+E000-FFFF.
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
