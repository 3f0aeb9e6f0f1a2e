import type { Plan } from '../sources/plan.js';
import { refreshCalls } from '../supervise/describe.js';
import type { SuperviseConfig } from '../cli/supervise-options.js';
import type { Check } from '../output/doctor.js';

/**
 * --doctor with --watch: a refresh repeats the start-up's reads (the same IAM actions, no
 * other), so the watch can work exactly when every source check above passed.
 */
export function watchCheck(config: Pick<SuperviseConfig, 'watchMs'>, plan: Plan, checks: readonly Check[]): Check | undefined {
  if (config.watchMs === undefined) return undefined;
  const every = `every ${config.watchMs / 1000} s (+-10%)`;
  const sources = plan.prefixes.length + plan.secrets.length + plan.references.length;
  if (sources === 0) return { name: 'watch', status: 'warn', detail: `${every}, but no source is configured: nothing to watch` };
  const failed = checks.some((c) => c.status === 'fail');
  return failed
    ? {
        name: 'watch',
        status: 'fail',
        detail: `${every} repeats the reads above, and some of them fail`,
        fix: 'fix the failing checks: a refresh needs the same IAM actions as the start-up',
      }
    : {
        name: 'watch',
        status: 'pass',
        detail: `${every} repeats the reads above with the same IAM actions (${Object.keys(refreshCalls(plan, [])).join(', ')}); no other permission`,
      };
}

/** --doctor --policy with --watch: the policy is the start-up's; said once on stderr. */
export const WATCH_POLICY_NOTE = 'ssm-entrypoint: note: --watch repeats the same reads on every refresh: this policy covers it, no further action is needed\n';
