import type { SourceOptions } from '../cli/config.js';
import { compareNames } from '../cli/variable-names.js';
import { FailureList, UserError } from '../core/errors.js';
import { normalizePath } from './path.js';
import { isReference, parseReference, type ReferenceSource } from './reference.js';
import { parseSecretId, type SecretSource } from './secret-id.js';

export type { ReferenceSource } from './reference.js';
export type { SecretSource } from './secret-id.js';

/** PARAMETER_STORE_PREFIX / --prefix: every parameter below `path`. */
export interface PrefixSource {
  kind: 'prefix';
  /** Normalised path, `/a/b`. */
  path: string;
  envPrefix: string;
}

/**
 * What to fetch. The kinds are in precedence order, lowest first: prefixes < whole
 * secrets < references (a reference is the most explicit thing a user can write).
 */
export interface Plan {
  prefixes: PrefixSource[];
  /** SECRETS_MANAGER_SECRET_IDS / --secret. */
  secrets: SecretSource[];
  /** Variables of the environment whose value is `ssm://...` or `sm://...`, by name. */
  references: ReferenceSource[];
}

/** The source options + the environment → the plan. Every malformed entry is reported at once. */
export function planSources(config: SourceOptions, env: Readonly<Record<string, string | undefined>>): Plan {
  const failures: UserError[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failures.push(error);
      return undefined;
    }
  };

  const prefixes: PrefixSource[] = [];
  for (const raw of config.prefixes) {
    const path = attempt(() => normalizePath(raw, 'prefix'));
    if (path !== undefined && !prefixes.some((p) => p.path === path)) prefixes.push({ kind: 'prefix', path, envPrefix: config.envPrefix });
  }

  const secrets: SecretSource[] = [];
  for (const entry of config.secrets) {
    const source = attempt(() => parseSecretId(entry));
    if (source && !secrets.some((s) => s.secretId === source.secretId && s.envPrefix === source.envPrefix)) secrets.push(source);
  }

  const references: ReferenceSource[] = [];
  for (const variable of Object.keys(env).sort(compareNames)) {
    const value = env[variable];
    if (value === undefined || !isReference(value)) continue;
    const source = attempt(() => parseReference(variable, value));
    if (source) references.push(source);
  }

  if (failures.length === 1) throw failures[0]!;
  if (failures.length > 1) throw new FailureList(failures);
  return { prefixes, secrets, references };
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.prefixes.length === 0 && plan.secrets.length === 0 && plan.references.length === 0;
}
