import { parameterIdentity } from '../sources/identifiers.js';
import { PARAMETERS_PER_CALL, SECRETS_PER_CALL, isVersioned, type ParameterQuery, type SecretQuery } from '../stores/store.js';

/**
 * Parameters → the calls to make: per region, names in calls of at most 10 with one
 * query per parameter (a second version of a parameter, or `/name` next to `name`, goes
 * to another call: answers are matched to questions by name); each ARN in
 * a call of its own (the store asks GetParameter for it).
 */
export function packParameterCalls(queries: readonly ParameterQuery[]): ParameterQuery[][] {
  const calls: ParameterQuery[][] = [];
  for (const group of byRegion(queries).values()) {
    calls.push(
      ...pack(
        group.filter((q) => q.arn === undefined),
        PARAMETERS_PER_CALL,
        (q) => parameterIdentity(q.name),
      ),
    );
    calls.push(...group.filter((q) => q.arn !== undefined).map((q) => [q]));
  }
  return calls;
}

/**
 * Secrets → the calls to make: per region, current versions in calls of at most 20;
 * each query with a version stage or id in a call of its own (BatchGetSecretValue has
 * no way to ask for a version).
 */
export function packSecretCalls(queries: readonly SecretQuery[]): SecretQuery[][] {
  const calls: SecretQuery[][] = [];
  for (const group of byRegion(queries).values()) {
    calls.push(
      ...pack(
        group.filter((q) => !isVersioned(q)),
        SECRETS_PER_CALL,
      ),
    );
    calls.push(...group.filter(isVersioned).map((q) => [q]));
  }
  return calls;
}

function byRegion<Q extends { region: string | undefined }>(queries: readonly Q[]): Map<string | undefined, Q[]> {
  const groups = new Map<string | undefined, Q[]>();
  for (const q of queries) groups.set(q.region, [...(groups.get(q.region) ?? []), q]);
  return groups;
}

/**
 * Items → as few calls of at most `size` as possible, evenly filled (25 → 9 + 8 + 8, not
 * 10 + 10 + 5), and no two items with the same `conflict` key in one call: the n-th item
 * of a key goes to the n-th round of calls.
 */
export function pack<T>(items: readonly T[], size: number, conflict?: (item: T) => string): T[][] {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    let round = 0;
    if (conflict) {
      const key = conflict(item);
      round = seen.get(key) ?? 0;
      seen.set(key, round + 1);
    }
    (rounds[round] ??= []).push(item);
  }
  return rounds.flatMap((round) => evenly(round, size));
}

function evenly<T>(items: readonly T[], size: number): T[][] {
  if (items.length === 0) return [];
  const count = Math.ceil(items.length / size);
  const base = Math.floor(items.length / count);
  const extra = items.length % count;
  const calls: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const length = base + (i < extra ? 1 : 0);
    calls.push(items.slice(start, start + length));
    start += length;
  }
  return calls;
}
