import { FailureList, UserError } from '../report/errors.js';
import { describeFailure } from '../report/describe.js';
import type { Logger } from '../report/log.js';
import type { Plan, PrefixSource } from '../sources/plan.js';
import type { Parameter, Store } from '../stores/store.js';

export interface FetchedPrefix {
  source: PrefixSource;
  parameters: Parameter[];
}

export interface Fetched {
  prefixes: FetchedPrefix[];
}

export interface ResolveOptions {
  timeoutMs: number;
  allowEmpty: boolean;
  log: Logger;
}

/**
 * Fetches every source of the plan concurrently, within one deadline. Every failure
 * is collected (FailureList), so the user sees all of them in one run.
 */
export async function resolvePlan(plan: Plan, store: Store, options: ResolveOptions): Promise<Fetched> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const ctx = { signal, log: options.log };
  const describe = (error: unknown) => describeFailure(error, { timeoutMs: options.timeoutMs });

  const results = await Promise.allSettled(
    plan.prefixes.map(async (source): Promise<FetchedPrefix> => {
      const parameters = await store.getParametersByPath(source.path, ctx);
      if (parameters.length === 0 && !options.allowEmpty) {
        throw new UserError(`prefix ${source.path} holds no parameters`, {
          hint: 'check the path and the region, or pass --allow-empty if that is expected',
        });
      }
      return { source, parameters };
    }),
  );

  const failures = results.flatMap((r) => (r.status === 'rejected' ? [describe(r.reason)] : []));
  if (failures.length > 0) throw new FailureList(failures);
  return { prefixes: results.map((r) => (r as PromiseFulfilledResult<FetchedPrefix>).value) };
}
