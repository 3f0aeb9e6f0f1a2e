import { UserError } from '../report/errors.js';
import { jsonKeyNotFound } from '../report/missing.js';
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
  const object = secretObject(secret, who, `so it has no key ${JSON.stringify(key)}`);
  if (!Object.hasOwn(object, key)) throw jsonKeyNotFound(who, secret.name, key, Object.keys(object));
  return scalarText(object[key]!, secret.name, key, who);
}

/** SECRETS_MANAGER_SECRET_IDS: every top-level key and its value, as scalarText writes it. */
export function secretEntries(secret: Secret, who: string): Array<[key: string, value: string]> {
  const object = secretObject(secret, who, 'and a whole secret needs one: one variable per key');
  return Object.entries(object).map(([key, value]) => [key, scalarText(value, secret.name, key, who)]);
}

/**
 * A JSON value → a variable's value: a string as is, a number or boolean as its JSON text
 * (`5432`, `true`). null, objects and arrays are errors naming the key: there is no one
 * obvious text for them (an app expecting a string would get `null` or `{...}`).
 */
export function scalarText(value: Json, secret: string, key: string, who: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  throw new UserError(`${who}: key ${JSON.stringify(key)} of secret ${secret} is ${jsonKind(value)}; a variable takes a string, number or boolean`, {
    hint: 'store that value as a string (e.g. its JSON text), or split it into top-level keys',
  });
}

function secretObject(secret: Secret, who: string, consequence: string): Record<string, Json> {
  if (secret.value === undefined) throw binary(secret, who);
  let parsed: Json;
  try {
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
  return parsed;
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
