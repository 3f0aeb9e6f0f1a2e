import { FailureList, UserError } from '../core/errors.js';
import type { Fetched } from '../resolve/resolve.js';
import { relativeTo } from '../sources/path.js';
import type { ParameterType } from '../stores/store.js';
import { whyDangerous } from './dangerous.js';
import { secretEntries, secretKeyValue, secretString } from './json.js';
import { toEnvName } from './names.js';

/**
 * Always made by emptyEnv (no prototype): on a plain object, `env.__proto__ = v` sets
 * the prototype instead of a variable, and a `__proto__` variable would vanish.
 */
export type Env = Record<string, string>;

export function emptyEnv(): Env {
  return Object.create(null) as Env;
}

export interface BuildOptions {
  overwrite: boolean;
  /** --allow-name: dangerous names (see dangerous.ts) a prefix or whole secret may set. */
  allowName?: (name: string) => boolean;
}

/** Where a variable's value came from, for logs and --dry-run (never the value). */
export interface Origin {
  kind: 'prefix' | 'reference' | 'secret';
  /** The prefix path, the reference as written (`ssm://...`), or the secret id. */
  source: string;
  /** The parameter name or secret (with its JSON key) that held the value. */
  item: string;
  /** Parameter version or secret version id, when known. */
  version: string | undefined;
  type: ParameterType | 'SecretString';
}

export interface Variable {
  name: string;
  value: string;
  origin: Origin;
  /** The name was already set and its value was replaced. */
  replaced: boolean;
  /** The name was already set and --no-overwrite kept the old value. */
  kept: boolean;
}

export interface Built {
  env: Env;
  variables: Variable[];
}

/**
 * Fetched values + the current environment → the command's environment.
 *
 * Precedence, lowest first: prefixes (a later prefix over an earlier one) < whole secrets
 * (a later one over an earlier one) < references (a reference is the most explicit thing
 * a user can write). Within one prefix or one secret, two items that map to one name are
 * an error naming both. Fetched values replace existing variables unless `overwrite` is
 * false; a variable that held a reference is always replaced (that is what it is for).
 */
export function buildEnv(base: Readonly<Env>, fetched: Fetched, options: BuildOptions): Built {
  const failures: UserError[] = [];
  // Names from a prefix or a secret's keys are the store writer's choice, not the task
  // definition's: refuse those that change how programs load code or connect.
  const refused = (name: string, what: string, namespaced: string): boolean => {
    const danger = whyDangerous(name);
    if (danger === undefined || options.allowName?.(name)) return false;
    const rule = danger.rule === name ? '' : ` (${danger.rule})`;
    failures.push(
      new UserError(`${what} would set ${name}${rule}, a name refused from the store's contents: ${danger.why}`, {
        hint: `if that is intended, allow it with --allow-name ${name} (SSM_ENTRYPOINT_ALLOW_NAME); otherwise ${namespaced}, or set ${name} with a reference in the task definition`,
      }),
    );
    return true;
  };
  const byName = new Map<string, { value: string; origin: Origin }>();
  const attempt = (step: () => void) => {
    try {
      step();
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failures.push(error);
    }
  };

  for (const { source, parameters } of fetched.prefixes) {
    const seen = new Map<string, string>();
    for (const p of parameters) {
      const relative = relativeTo(p.name, source.path);
      const name = toEnvName(relative, source.envPrefix);
      if (name === '') {
        failures.push(new UserError(`parameter ${p.name} under prefix ${source.path} maps to an empty variable name`));
        continue;
      }
      const other = seen.get(name);
      if (other !== undefined) {
        // Sorted: AWS returns a path's parameters in no promised order.
        const [first, second] = [other, p.name].sort();
        failures.push(
          new UserError(`parameters ${first} and ${second} both map to ${name}`, {
            hint: 'rename one of them, or load them under different prefixes',
          }),
        );
        continue;
      }
      seen.set(name, p.name);
      if (refused(name, `parameter ${p.name} under prefix ${source.path}`, 'give the prefix an env prefix (PARAMETER_STORE_ENV_PREFIX=APP_)')) continue;
      const version = p.version === undefined ? undefined : String(p.version);
      byName.set(name, { value: p.value, origin: { kind: 'prefix', source: source.path, item: p.name, type: p.type, version } });
    }
  }

  for (const { source, secret } of fetched.secrets) {
    attempt(() => {
      const seen = new Map<string, string>();
      for (const [key, value] of secretEntries(secret, `secret entry ${source.entry}`)) {
        const name = toEnvName(key, source.envPrefix);
        if (name === '') {
          failures.push(new UserError(`key ${JSON.stringify(key)} of secret ${secret.name} maps to an empty variable name`));
          continue;
        }
        const other = seen.get(name);
        if (other !== undefined) {
          failures.push(
            new UserError(`keys ${JSON.stringify(other)} and ${JSON.stringify(key)} of secret ${secret.name} both map to ${name}`, {
              hint: 'rename one of them in the secret',
            }),
          );
          continue;
        }
        seen.set(name, key);
        if (refused(name, `key ${JSON.stringify(key)} of secret ${secret.name}`, `give the secret an env prefix (APP_:${source.secretId})`)) continue;
        const origin: Origin = { kind: 'secret', source: source.secretId, item: `${secret.name}:${key}`, version: secret.versionId, type: 'SecretString' };
        byName.set(name, { value, origin });
      }
    });
  }

  for (const fetchedReference of fetched.references) {
    attempt(() => {
      const { source } = fetchedReference;
      if ('parameter' in fetchedReference) {
        const p = fetchedReference.parameter;
        const version = p.version === undefined ? undefined : String(p.version);
        byName.set(source.variable, { value: p.value, origin: { kind: 'reference', source: source.reference, item: p.name, type: p.type, version } });
        return;
      }
      const { secret, target } = fetchedReference;
      const value = target.jsonKey === undefined ? secretString(secret, source.variable) : secretKeyValue(secret, target.jsonKey, source.variable);
      const item = target.jsonKey === undefined ? secret.name : `${secret.name}:${target.jsonKey}`;
      byName.set(source.variable, { value, origin: { kind: 'reference', source: source.reference, item, type: 'SecretString', version: secret.versionId } });
    });
  }
  if (failures.length > 0) throw new FailureList(failures);

  const env = Object.assign(emptyEnv(), base);
  const variables: Variable[] = [];
  // By name: logs and the command's environment do not depend on the order AWS answered in.
  for (const [name, { value, origin }] of [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const exists = Object.hasOwn(base, name);
    const isReference = origin.kind === 'reference';
    const kept = exists && !options.overwrite && !isReference;
    if (!kept) env[name] = value;
    variables.push({ name, value, origin, replaced: exists && !kept && !isReference, kept });
  }
  return { env, variables };
}
