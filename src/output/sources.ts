import type { Plan } from '../sources/plan.js';

/**
 * The sources of a plan for the success line: `prefix /a`, `prefixes /a, /b; secret
 * prod/db; 3 references`. Names of parameters behind references are not listed (--verbose
 * lists every variable and where it came from).
 */
export function describeSources(plan: Plan): string {
  const parts: string[] = [];
  const list = (one: string, many: string, items: string[]) => {
    if (items.length > 0) parts.push(`${items.length === 1 ? one : many} ${items.join(', ')}`);
  };
  list(
    'prefix',
    'prefixes',
    plan.prefixes.map((p) => p.path),
  );
  list(
    'secret',
    'secrets',
    plan.secrets.map((s) => s.secretId),
  );
  if (plan.references.length > 0) parts.push(`${plan.references.length} ${plan.references.length === 1 ? 'reference' : 'references'}`);
  return parts.join('; ');
}
