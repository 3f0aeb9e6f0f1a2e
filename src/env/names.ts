const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The SPEC's name rule: every character outside [A-Za-z0-9_] becomes `_`, upper-case,
 * a leading digit gets a `_` in front, then the env prefix is prepended.
 * `database/sample/master/user` → `DATABASE_SAMPLE_MASTER_USER`. Returns '' when
 * nothing is left (the caller reports that).
 */
export function toEnvName(relative: string, envPrefix = ''): string {
  const mapped = relative.replace(/[^A-Za-z0-9_]/gu, '_').toUpperCase();
  if (mapped === '') return '';
  return envPrefix + (/^[0-9]/.test(mapped) ? `_${mapped}` : mapped);
}

export function isValidEnvName(name: string): boolean {
  return VALID_NAME.test(name);
}
