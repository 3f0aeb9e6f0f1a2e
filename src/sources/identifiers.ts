// What Parameter Store and Secrets Manager accept as names, versions and labels. Checked
// before any request: one malformed name would otherwise fail a whole batch of ten or
// twenty with a ValidationException that names none of the variables.

import type { Parsed } from './arn.js';

const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]+$/;
const LABEL = /^[A-Za-z_.\-][A-Za-z0-9_.\-]{0,99}$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@\-]{1,512}$/;

/**
 * A parameter name as written in `ssm://NAME` → the name Parameter Store knows: a name
 * with a `/` gets its leading `/` if missing (`goecssample/db/user` → `/goecssample/db/user`);
 * a name without `/` stays as is.
 */
export function normalizeParameterName(text: string): Parsed<string> {
  if (text === '') return { ok: false, problem: 'names no parameter' };
  if (!PARAMETER_NAME.test(text)) {
    return { ok: false, problem: 'has a character Parameter Store does not allow in names (allowed: letters, digits, _ . - /)' };
  }
  if (!text.includes('/')) return { ok: true, value: text };
  const name = text.startsWith('/') ? text : `/${text}`;
  const segments = name.slice(1).split('/');
  if (segments.some((s) => s === '')) return { ok: false, problem: 'has an empty path segment (// or a trailing /)' };
  return { ok: true, value: name };
}

/** What follows `NAME:` in `ssm://NAME:VERSION` or `ssm://NAME:LABEL`. */
export type Selector = { version: number; label: undefined } | { version: undefined; label: string };

/** Digits are a version (labels cannot start with a digit); anything else is a label. */
export function parseSelector(text: string): Parsed<Selector> {
  if (text === '') return { ok: false, problem: "has nothing after ':' (give a version number or a label, or drop the ':')" };
  if (/^\d+$/.test(text)) {
    const version = Number(text);
    if (!Number.isSafeInteger(version) || version < 1) return { ok: false, problem: `has version ${text}; versions start at 1` };
    return { ok: true, value: { version, label: undefined } };
  }
  if (!LABEL.test(text)) {
    return {
      ok: false,
      problem: `has label ${JSON.stringify(text)}, which is not a valid label (letters, digits, _ . -, not starting with a digit, at most 100)`,
    };
  }
  return { ok: true, value: { version: undefined, label: text } };
}

/** A secret name (not an ARN): letters, digits and `/_+=.@-`, as Secrets Manager allows. */
export function checkSecretName(text: string): string | undefined {
  if (text === '') return 'names no secret';
  if (!SECRET_NAME.test(text)) return 'has a character Secrets Manager does not allow in names (allowed: letters, digits, / _ + = . @ -)';
  return undefined;
}
