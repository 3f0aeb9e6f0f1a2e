import { FailureList, UserError } from '../core/errors.js';
import type { Fetched } from '../resolve/resolve.js';
import { relativeTo } from '../sources/path.js';
import type { ParameterType } from '../stores/store.js';
import { whyDangerous } from './dangerous.js';
import { secretEntries, secretKeyValue, secretString } from './json.js';
import { compareNames, toEnvName } from './names.js';

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

/** An item of a prefix (a parameter) or of a whole secret (a top-level key). */
interface GroupItem {
  /** What the name rule maps: the path below the prefix, or the key. */
  key: string;
  /** How messages name the item. */
  what: string;
  value: string;
  origin: Origin;
}

interface GroupRules {
  envPrefix: string;
  collision: (first: GroupItem, second: GroupItem, name: string) => UserError;
  /** The advice for a refused name. */
  namespaced: string;
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

  // One prefix or one secret: its items through the name rule; two items of one group
  // that map to one name are an error naming both (across groups, the later one wins).
  const addGroup = (items: readonly GroupItem[], group: GroupRules) => {
    const seen = new Map<string, GroupItem>();
    for (const item of items) {
      const name = toEnvName(item.key, group.envPrefix);
      if (name === '') {
        failures.push(new UserError(`${item.what} maps to an empty variable name`));
        continue;
      }
      const other = seen.get(name);
      if (other !== undefined) {
        failures.push(group.collision(other, item, name));
        continue;
      }
      seen.set(name, item);
      if (refused(name, item.what, group.namespaced)) continue;
      byName.set(name, { value: item.value, origin: item.origin });
    }
  };

  for (const { source, parameters } of fetched.prefixes) {
    addGroup(
      parameters.map((p) => ({
        key: relativeTo(p.name, source.path),
        what: `parameter ${p.name} under prefix ${source.path}`,
        value: p.value,
        origin: { kind: 'prefix', source: source.path, item: p.name, type: p.type, version: p.version === undefined ? undefined : String(p.version) },
      })),
      {
        envPrefix: source.envPrefix,
        // Sorted: AWS returns a path's parameters in no promised order.
        collision: (first, second, name) => {
          const [a, b] = [first.origin.item, second.origin.item].sort(compareNames);
          return new UserError(`parameters ${a} and ${b} both map to ${name}`, { hint: 'rename one of them, or load them under different prefixes' });
        },
        namespaced: 'give the prefix an env prefix (PARAMETER_STORE_ENV_PREFIX=APP_)',
      },
    );
  }

  for (const { source, secret } of fetched.secrets) {
    attempt(() =>
      addGroup(
        secretEntries(secret, `secret entry ${source.entry}`).map(([key, value]) => ({
          key,
          what: `key ${JSON.stringify(key)} of secret ${secret.name}`,
          value,
          origin: { kind: 'secret', source: source.secretId, item: `${secret.name}:${key}`, version: secret.versionId, type: 'SecretString' },
        })),
        {
          envPrefix: source.envPrefix,
          collision: (first, second, name) =>
            new UserError(`keys ${JSON.stringify(first.key)} and ${JSON.stringify(second.key)} of secret ${secret.name} both map to ${name}`, {
              hint: 'rename one of them in the secret',
            }),
          namespaced: `give the secret an env prefix (APP_:${source.secretId})`,
        },
      ),
    );
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
  for (const [name, { value, origin }] of [...byName].sort(([a], [b]) => compareNames(a, b))) {
    const exists = Object.hasOwn(base, name);
    const isReference = origin.kind === 'reference';
    const kept = exists && !options.overwrite && !isReference;
    if (!kept) env[name] = value;
    variables.push({ name, value, origin, replaced: exists && !kept && !isReference, kept });
  }
  return { env, variables };
}
