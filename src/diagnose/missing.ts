import type { ParameterQuery, SecretQuery } from '../stores/store.js';
import { UserError } from '../core/errors.js';

// "Not found" in every form: a parameter, a version or label of one, a secret, a version
// stage or id of one, a JSON key. Each names exactly what was asked for and who asked.

/** `DB_USER`, or `secret entry DB_:prod/db`: who wanted the item. */
function wantedBy(usedBy: readonly string[]): string {
  return usedBy.length === 0 ? '' : `, wanted by ${usedBy.join(', ')}`;
}

function inRegion(region: string | undefined): string {
  return region ? ` in ${region}` : '';
}

export function parameterNotFound(query: ParameterQuery, region: string | undefined, usedBy: readonly string[]): UserError {
  const name = query.arn ?? query.name;
  const what =
    query.version !== undefined
      ? `version ${query.version} of parameter ${name}`
      : query.label !== undefined
        ? `parameter ${name} with label ${JSON.stringify(query.label)}`
        : `parameter ${name}`;
  const selector = query.version !== undefined ? ', the version' : query.label !== undefined ? ', the label' : '';
  return new UserError(`${what} not found${inRegion(region ?? query.region)}${wantedBy(usedBy)}`, {
    hint: `check the name (case-sensitive)${selector} and the region: parameters live in one region`,
  });
}

export function secretNotFound(query: SecretQuery, region: string | undefined, usedBy: readonly string[]): UserError {
  const parts = [
    query.versionStage !== undefined ? `version stage ${query.versionStage}` : undefined,
    query.versionId !== undefined ? `version id ${query.versionId}` : undefined,
  ].filter((p) => p !== undefined);
  const what = parts.length > 0 ? `${parts.join(' and ')} of secret ${query.secretId}` : `secret ${query.secretId}`;
  const both = parts.length === 2 ? '; a version stage and a version id together must name the same version (or give only one)' : '';
  return new UserError(`${what} not found${inRegion(region ?? query.region)}${wantedBy(usedBy)}`, {
    hint: `check the name or ARN${parts.length > 0 ? ', the version stage or id' : ''} and the region: secrets live in one region${both}`,
  });
}

const MAX_KEYS_LISTED = 20;

/** The key names only, never a value. */
export function jsonKeyNotFound(who: string, secret: string, key: string, keys: readonly string[]): UserError {
  const listed = keys.slice(0, MAX_KEYS_LISTED).join(', ');
  const more = keys.length > MAX_KEYS_LISTED ? ` and ${keys.length - MAX_KEYS_LISTED} more` : '';
  return new UserError(
    `${who}: secret ${secret} has no JSON key ${JSON.stringify(key)}; ${keys.length === 0 ? 'it has no keys' : `its keys are ${listed}${more}`}`,
    { hint: 'keys are case-sensitive' },
  );
}
