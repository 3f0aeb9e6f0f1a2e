import { NAME_CHARACTERS } from '../cli/variable-names.js';

// The one rule of a valid name lives in cli/variable-names.ts; re-exported for the stages
// after this one.
export { compareNames, isValidEnvName } from '../cli/variable-names.js';

const OUTSIDE_NAME = new RegExp(`[^${NAME_CHARACTERS}]`, 'gu');

/**
 * The name rule (README "Variable names"): every character outside [A-Za-z0-9_] becomes
 * `_`, upper-case, a leading digit gets a `_` in front, then the env prefix is prepended.
 * `database/sample/master/user` → `DATABASE_SAMPLE_MASTER_USER`. Returns '' when
 * nothing is left (the caller reports that).
 */
export function toEnvName(relative: string, envPrefix = ''): string {
  const mapped = relative.replace(OUTSIDE_NAME, '_').toUpperCase();
  if (mapped === '') return '';
  return envPrefix + (/^[0-9]/.test(mapped) ? `_${mapped}` : mapped);
}
