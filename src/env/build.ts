import { FailureList, UserError } from '../report/errors.js';
import type { Fetched } from '../resolve/resolve.js';
import { relativeTo } from '../sources/path.js';
import type { ParameterType } from '../stores/store.js';
import { toEnvName } from './names.js';

export type Env = Record<string, string>;

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
 * Fetched values + the current environment → the command's environment. Within one
 * prefix two parameters that map to one name are an error; across prefixes the later
 * one wins; fetched values replace existing variables unless `overwrite` is false.
 */
export function buildEnv(base: Readonly<Env>, fetched: Fetched, options: { overwrite: boolean }): Built {
  const failures: UserError[] = [];
  const byName = new Map<string, { value: string; origin: Origin }>();

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
        failures.push(
          new UserError(`parameters ${other} and ${p.name} both map to ${name}`, {
            hint: 'rename one of them, or load them under different prefixes',
          }),
        );
        continue;
      }
      seen.set(name, p.name);
      const version = p.version === undefined ? undefined : String(p.version);
      byName.set(name, { value: p.value, origin: { kind: 'prefix', source: source.path, item: p.name, type: p.type, version } });
    }
  }
  if (failures.length > 0) throw new FailureList(failures);

  const env: Env = { ...base };
  const variables: Variable[] = [];
  for (const [name, { value, origin }] of byName) {
    const exists = Object.hasOwn(base, name);
    const kept = exists && !options.overwrite;
    if (!kept) env[name] = value;
    variables.push({ name, value, origin, replaced: exists && !kept, kept });
  }
  return { env, variables };
}
