import type { Config } from '../cli/config.js';
import { normalizePath } from './path.js';

/** PARAMETER_STORE_PREFIX / --prefix: every parameter below `path`. */
export interface PrefixSource {
  kind: 'prefix';
  /** Normalised path, `/a/b`. */
  path: string;
  envPrefix: string;
}

/** Sources in precedence order: later kinds win over earlier ones. */
export interface Plan {
  prefixes: PrefixSource[];
}

export function planSources(config: Config): Plan {
  const prefixes: PrefixSource[] = [];
  for (const raw of config.prefixes) {
    const path = normalizePath(raw, 'prefix');
    if (!prefixes.some((p) => p.path === path)) prefixes.push({ kind: 'prefix', path, envPrefix: config.envPrefix });
  }
  return { prefixes };
}

export function isEmptyPlan(plan: Plan): boolean {
  return plan.prefixes.length === 0;
}
