import { isValidEnvName } from '../cli/variable-names.js';
import { UsageError } from '../core/errors.js';
import { looksLikeArn, parseSecretArn } from './arn.js';
import { checkSecretName, SECRET_ID_MAX } from './identifiers.js';

/** SECRETS_MANAGER_SECRET_IDS / --secret: one variable per top-level key of a JSON secret. */
export interface SecretSource {
  kind: 'secret';
  /** The entry as written (`DB_:prod/db`), for messages. */
  entry: string;
  /** Prepended to each variable name (after the name rule). */
  envPrefix: string;
  /** A name, partial ARN or full ARN. */
  secretId: string;
  /** The region of the ARN; otherwise undefined. */
  region: string | undefined;
}

/**
 * `[ENV_PREFIX:]SECRET`. Secret names cannot contain `:` and ARNs start with `arn:`, so
 * the first `:` of anything else ends the env prefix: `DB_:prod/db`, `DB_:arn:aws:...`.
 */
export function parseSecretId(entry: string): SecretSource {
  const fail = (problem: string) => new UsageError(`secret ${JSON.stringify(entry)} ${problem}; expected [ENV_PREFIX:]SECRET, SECRET a name or ARN`);
  let envPrefix = '';
  let secretId = entry;
  if (!looksLikeArn(entry) && entry.includes(':')) {
    const colon = entry.indexOf(':');
    envPrefix = entry.slice(0, colon);
    secretId = entry.slice(colon + 1);
    if (envPrefix === '') throw fail("has an empty ENV_PREFIX before ':'");
    if (!isValidEnvName(envPrefix)) {
      throw fail(`has ENV_PREFIX ${JSON.stringify(envPrefix)}, which is not a valid start of a variable name (letters, digits, _, not starting with a digit)`);
    }
  }
  if (secretId.length > SECRET_ID_MAX) throw fail(`is ${secretId.length} characters long; Secrets Manager takes secret ids of at most ${SECRET_ID_MAX}`);
  if (looksLikeArn(secretId)) {
    const arn = parseSecretArn(secretId);
    if (!arn.ok) throw fail(arn.problem);
    const problem = checkSecretName(arn.value.name, true);
    if (problem) throw fail(problem);
    if (arn.value.rest.length > 0) {
      throw fail('has fields after the secret name; a whole secret takes no JSON key or version (use sm://... in a variable for that)');
    }
    return { kind: 'secret', entry, envPrefix, secretId, region: arn.value.region };
  }
  if (secretId.includes(':')) {
    throw fail("has a second ':'; a whole secret takes no JSON key or version (use sm://SECRET:KEY in a variable for one key)");
  }
  const problem = checkSecretName(secretId);
  if (problem) throw fail(problem);
  return { kind: 'secret', entry, envPrefix, secretId, region: undefined };
}
