// What Parameter Store and Secrets Manager accept as names, versions and labels: one rule
// set for references, --secret and the offline file (stores/file-format.ts). Checked
// before any request: one malformed name would otherwise fail a whole batch of ten or
// twenty with a ValidationException that names none of the variables.

import type { Parsed } from './arn.js';

// Parameter Store's naming rules (PutParameter in the API reference): letters, digits,
// `_ . -`, and `/` between the levels of a hierarchy; a hierarchical name starts with `/`;
// at most 15 levels; at most 1011 characters (which AWS counts with the ARN in front, so
// real names are shorter: this bound never refuses a name that exists).
const PARAMETER_CHARS = /^[A-Za-z0-9_.\-/]+$/;
export const PARAMETER_NAME_MAX = 1011;
export const PARAMETER_MAX_LEVELS = 15;
const LABEL = /^[A-Za-z_.-][A-Za-z0-9_.-]{0,99}$/;

// Secrets Manager: the names users create are letters, digits and `/_+=.@-`; the names AWS
// services create add `!` (`rds!db-<uuid>`, `rds!cluster-<uuid>`, `events!connection/...`).
// The API's SecretId has no pattern (1-2048 characters), so any printable ASCII character
// is taken, except the space and `:`, which no secret name contains (`:` separates the
// fields of an ARN and of ECS `valueFrom`).
const SECRET_CHARS = /^[\x21-\x39\x3b-\x7e]+$/;
export const SECRET_NAME_MAX = 512;
export const SECRET_ID_MAX = 2048;
/** AWS's suffix on a secret's name in its full ARN: `-` and 6 random letters or digits. */
export const SECRET_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * A full parameter name, as Parameter Store stores it or is asked for it (`/a/b`, `/a`,
 * `a`): a problem phrase, or undefined when the name is valid.
 */
export function checkParameterName(name: string): string | undefined {
  if (name === '') return 'names no parameter';
  if (!PARAMETER_CHARS.test(name)) return 'has a character Parameter Store does not allow in names (allowed: letters, digits, _ . - /)';
  const body = name.startsWith('/') ? name.slice(1) : name;
  const segments = body.split('/');
  if (segments.some((s) => s === '')) return 'has an empty path segment (// or a trailing /)';
  if (segments.length > 1 && !name.startsWith('/')) return 'has a hierarchy (/) but does not start with /';
  if (segments.length > PARAMETER_MAX_LEVELS) return `has ${segments.length} levels; Parameter Store allows at most ${PARAMETER_MAX_LEVELS}`;
  if (name.length > PARAMETER_NAME_MAX) return `is ${name.length} characters long; parameter names have at most ${PARAMETER_NAME_MAX}`;
  return undefined;
}

/**
 * What Parameter Store refuses to create on top of checkParameterName: a name starting
 * with `aws` or `ssm` (any case). Names below `/aws/` are AWS's own public parameters,
 * which exist and can be read.
 */
export function checkStoredParameterName(name: string): string | undefined {
  const problem = checkParameterName(name);
  if (problem) return problem;
  const first = name.replace(/^\//, '').toLowerCase();
  if ((first.startsWith('aws') || first.startsWith('ssm')) && !name.startsWith('/aws/')) {
    return 'starts with "aws" or "ssm", which Parameter Store does not allow (any case)';
  }
  return undefined;
}

/**
 * A parameter name as written in `ssm://NAME` → the name Parameter Store knows: a name
 * with a `/` gets its leading `/` if missing (`goecssample/db/user` → `/goecssample/db/user`);
 * a name without `/` stays as is.
 */
export function normalizeParameterName(text: string): Parsed<string> {
  if (text === '') return { ok: false, problem: 'names no parameter' };
  const name = text.includes('/') && !text.startsWith('/') ? `/${text}` : text;
  const problem = checkParameterName(name);
  return problem ? { ok: false, problem } : { ok: true, value: name };
}

/**
 * How Parameter Store identifies a parameter: `/TestParam1` and `TestParam1` are one
 * top-level parameter (it answers with the spelling it stored), while `/a/b` and `a/b`
 * are not (a hierarchical name always starts with `/`).
 */
export function parameterIdentity(name: string): string {
  const body = name.startsWith('/') ? name.slice(1) : name;
  return body.includes('/') ? name : body;
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

/** A label Parameter Store lets you put on a version: a valid label not starting with aws or ssm. */
export function checkStoredLabel(text: string): string | undefined {
  const parsed = parseSelector(text);
  if (!parsed.ok || parsed.value.label === undefined) return 'is not a valid label (letters, digits, _ . -, not starting with a digit, at most 100)';
  if (/^(aws|ssm)/i.test(text)) return 'starts with "aws" or "ssm", which labels cannot (any case)';
  return undefined;
}

/**
 * A secret name (not an ARN), or the name inside an ARN (`inArn`: with AWS's 7-character
 * suffix when it is a full ARN): a problem phrase, or undefined when valid.
 */
export function checkSecretName(text: string, inArn = false): string | undefined {
  if (text === '') return 'names no secret';
  if (!SECRET_CHARS.test(text)) {
    const bad = [...text].find((c) => !SECRET_CHARS.test(c))!;
    const what =
      bad === ' ' ? 'a space' : /\s/.test(bad) ? 'white space' : `the character U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `has a character Secrets Manager does not allow in names (${what}); names are ASCII letters, digits and symbols such as / _ + = . @ - !`;
  }
  const max = SECRET_NAME_MAX + (inArn ? 7 : 0);
  if (text.length > max) return `names a secret of ${text.length} characters; secret names have at most ${SECRET_NAME_MAX}`;
  return undefined;
}
