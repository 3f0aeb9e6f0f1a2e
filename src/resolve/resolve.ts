import { FailureList, UserError } from '../core/errors.js';
import { describeFailure } from '../diagnose/describe.js';
import type { Logger } from '../core/log.js';
import { parameterNotFound, secretNotFound } from '../diagnose/missing.js';
import type { Plan, PrefixSource, ReferenceSource, SecretSource } from '../sources/plan.js';
import type { ParameterRef, SecretRef } from '../sources/reference.js';
import type { FetchContext, Outcome, Parameter, Secret, Store } from '../stores/store.js';
import { packParameterCalls, packSecretCalls } from './batch.js';
import { trackProgress } from './progress.js';
import { parameterKey, parameterQueryOf, secretKey, secretQueryOf, wantedItems, type Wanted } from './queries.js';

export interface FetchedPrefix {
  source: PrefixSource;
  parameters: Parameter[];
}

export interface FetchedSecret {
  source: SecretSource;
  secret: Secret;
}

export type FetchedReference =
  { source: ReferenceSource; target: ParameterRef; parameter: Parameter } | { source: ReferenceSource; target: SecretRef; secret: Secret };

/** Everything the plan asked for, in the plan's order. */
export interface Fetched {
  prefixes: FetchedPrefix[];
  secrets: FetchedSecret[];
  references: FetchedReference[];
}

export interface ResolveOptions {
  timeoutMs: number;
  allowEmpty: boolean;
  log: Logger;
  /** The environment, for diagnosis (ECS credentials variables, endpoints). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Fetches every source of the plan concurrently, within one deadline: each prefix, each
 * call of parameters (10 a call) and of secrets (20 a call), in every region at once, so
 * the time taken is the slowest call's, not the sum. Every failure is collected
 * (FailureList), so the user sees all of them in one run.
 */
export async function resolvePlan(plan: Plan, store: Store, options: ResolveOptions): Promise<Fetched> {
  const ctx: FetchContext = { signal: AbortSignal.timeout(options.timeoutMs), log: options.log };
  const describe = (error: unknown) => describeFailure(error, { timeoutMs: options.timeoutMs, env: options.env ?? {} });
  const wanted = wantedItems(plan);
  const parameters = new Map<string, Parameter>();
  const secrets = new Map<string, Secret>();

  const prefixTasks = plan.prefixes.map(async (source): Promise<FetchedPrefix> => {
    const found = await store.getParametersByPath(source.path, ctx);
    if (found.length === 0 && !options.allowEmpty) {
      throw new UserError(`prefix ${source.path} holds no parameters`, {
        hint: 'check the path and the region, or pass --allow-empty if that is expected',
      });
    }
    return { source, parameters: found };
  });
  const parameterTasks = packParameterCalls([...wanted.parameters.values()].map((w) => w.query)).map(async (call) =>
    settle(call, await store.getParameters(call, ctx), parameterKey, wanted.parameters, parameters, parameterNotFound, describe),
  );
  const secretTasks = packSecretCalls([...wanted.secrets.values()].map((w) => w.query)).map(async (call) =>
    settle(call, await store.getSecrets(call, ctx), secretKey, wanted.secrets, secrets, secretNotFound, describe),
  );

  trackProgress(options.log, [...prefixTasks, ...parameterTasks, ...secretTasks]);
  const [prefixResults, itemResults] = await Promise.all([Promise.allSettled(prefixTasks), Promise.allSettled([...parameterTasks, ...secretTasks])]);
  const failures = [
    ...prefixResults.flatMap((r) => (r.status === 'rejected' ? [describe(r.reason)] : [])),
    ...itemResults.flatMap((r) => (r.status === 'rejected' ? [describe(r.reason)] : r.value)),
  ];
  if (failures.length > 0) throw new FailureList(failures);

  return {
    prefixes: prefixResults.map((r) => (r as PromiseFulfilledResult<FetchedPrefix>).value),
    secrets: plan.secrets.map((source) => ({ source, secret: secrets.get(secretKey(secretQueryOf(source)))! })),
    references: plan.references.map((source): FetchedReference => {
      const { target } = source;
      return target.kind === 'parameter'
        ? { source, target, parameter: parameters.get(parameterKey(parameterQueryOf(target)))! }
        : { source, target, secret: secrets.get(secretKey(secretQueryOf(target)))! };
    }),
  };
}

/** One call's outcomes → values stored by key; the failures of its items. */
function settle<Q, T>(
  call: readonly Q[],
  outcomes: readonly Outcome<T>[],
  keyOf: (query: Q) => string,
  wanted: ReadonlyMap<string, Wanted<Q>>,
  into: Map<string, T>,
  notFound: (query: Q, region: string | undefined, usedBy: readonly string[]) => UserError,
  describe: (error: unknown) => UserError,
): UserError[] {
  const failures: UserError[] = [];
  call.forEach((query, i) => {
    const key = keyOf(query);
    const outcome = outcomes[i];
    if (outcome?.status === 'found') into.set(key, outcome.value);
    else if (outcome?.status === 'failed') failures.push(withUsers(describe(outcome.error), wanted.get(key)?.usedBy ?? []));
    else failures.push(notFound(query, outcome?.region, wanted.get(key)?.usedBy ?? []));
  });
  return failures;
}

function withUsers(error: UserError, usedBy: readonly string[]): UserError {
  return usedBy.length === 0
    ? error
    : new UserError(`${error.message}, wanted by ${usedBy.join(', ')}`, { hint: error.hint, exitCode: error.exitCode, details: error.details });
}
