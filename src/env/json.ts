import { UserError } from '../core/errors.js';
import { jsonKeyNotFound } from '../diagnose/missing.js';
import type { Secret } from '../stores/store.js';

// A secret's value → variable values: the whole string, one key, or every top-level key.
// Messages name the secret, the key and the JSON type, never a value; JSON.parse's own
// message quotes the text, so it is never passed on.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The whole SecretString (`sm://SECRET` without a key). */
export function secretString(secret: Secret, who: string): string {
  if (secret.value === undefined) throw binary(secret, who);
  return secret.value;
}

/** `sm://SECRET:KEY`: the key's value, as scalarText writes it. */
export function secretKeyValue(secret: Secret, key: string, who: string): string {
  const entries = secretObject(secret, who, `so it has no key ${JSON.stringify(key)}`);
  const raw = entries.get(key);
  if (raw === undefined) throw jsonKeyNotFound(who, secret.name, key, [...entries.keys()]);
  return scalarText(raw, secret.name, key, who);
}

/** SECRETS_MANAGER_SECRET_IDS: every top-level key and its value, as scalarText writes it. */
export function secretEntries(secret: Secret, who: string): Array<[key: string, value: string]> {
  const entries = secretObject(secret, who, 'and a whole secret needs one: one variable per key');
  return [...entries].map(([key, raw]) => [key, scalarText(raw, secret.name, key, who)]);
}

/**
 * A top-level value's JSON text → a variable's value: a string decoded, a number or
 * boolean as written in the secret (`5432`, `1.50`, `12345678901234567890`, `true`:
 * JSON.parse then JSON.stringify would round a number to a double). null, objects and
 * arrays are errors naming the key: there is no one obvious text for them (an app
 * expecting a string would get `null` or `{...}`).
 */
export function scalarText(raw: string, secret: string, key: string, who: string): string {
  const first = raw[0];
  if (first === '"') return JSON.parse(raw) as string;
  if (first === '-' || (first !== undefined && first >= '0' && first <= '9') || raw === 'true' || raw === 'false') return raw;
  throw new UserError(
    `${who}: key ${JSON.stringify(key)} of secret ${secret} is ${jsonKind(JSON.parse(raw) as Json)}; a variable takes a string, number or boolean`,
    {
      hint: 'store that value as a string (e.g. its JSON text), or split it into top-level keys',
    },
  );
}

/** The secret's top-level keys with the JSON text of each value, in the secret's order. */
function secretObject(secret: Secret, who: string, consequence: string): Map<string, string> {
  if (secret.value === undefined) throw binary(secret, who);
  let parsed: Json;
  try {
    // Only to validate (JSON.parse's rules exactly) and to name the type; the values are
    // taken from the text by topLevelEntries.
    parsed = JSON.parse(secret.value) as Json;
  } catch {
    throw new UserError(`${who}: secret ${secret.name} is not JSON (plain text), ${consequence}`, {
      hint: `reference sm://${secret.name} without a key for the whole value`,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UserError(`${who}: secret ${secret.name} is ${jsonKind(parsed)}, not a JSON object, ${consequence}`, {
      hint: `reference sm://${secret.name} without a key for the whole value`,
    });
  }
  return topLevelEntries(secret.value);
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Scans text that JSON.parse accepted as an object: each top-level key (decoded) → the
 * source text of its value. A repeated key keeps its first position and its last value,
 * as JSON.parse does. Works on every supported Node (JSON.parse's reviver only gets the
 * source text from Node 21 on).
 */
export function topLevelEntries(text: string): Map<string, string> {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    const c = text[i];
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      let depth = 0;
      do {
        const d = text[i];
        if (d === '"') {
          skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        i++;
      } while (depth > 0);
      return;
    }
    // A number, true, false or null: up to the next delimiter.
    while (i < text.length && !WHITESPACE.has(text[i]!) && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') i++;
  };

  const entries = new Map<string, string>();
  skipSpace();
  i++; // {
  skipSpace();
  if (text[i] === '}') return entries;
  for (;;) {
    skipSpace();
    const keyStart = i;
    skipString();
    const key = JSON.parse(text.slice(keyStart, i)) as string;
    skipSpace();
    i++; // :
    skipSpace();
    const valueStart = i;
    skipValue();
    entries.set(key, text.slice(valueStart, i));
    skipSpace();
    if (text[i++] === '}') return entries;
  }
}

function binary(secret: Secret, who: string): UserError {
  return new UserError(`${who}: secret ${secret.name} holds binary data (SecretBinary), which cannot be put in an environment variable`, {
    hint: 'store the value as a string (SecretString), e.g. base64-encoded',
  });
}

function jsonKind(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  if (typeof value === 'object') return 'a JSON object';
  return `a JSON ${typeof value}`;
}
