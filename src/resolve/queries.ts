import { parameterIdentity } from '../sources/identifiers.js';
import type { Plan } from '../sources/plan.js';
import type { ParameterRef, SecretRef } from '../sources/reference.js';
import type { SecretSource } from '../sources/secret-id.js';
import type { ParameterQuery, SecretQuery } from '../stores/store.js';

/** One distinct item to fetch, and everyone who wants it (for messages). */
export interface Wanted<Q> {
  query: Q;
  /** Variable names, or `secret entry DB_:prod/db`. */
  usedBy: string[];
}

export interface WantedItems {
  /** By parameterKey. */
  parameters: Map<string, Wanted<ParameterQuery>>;
  /** By secretKey. */
  secrets: Map<string, Wanted<SecretQuery>>;
}

/**
 * The distinct parameters and secrets the plan needs: a parameter referenced by three
 * variables is fetched once; `sm://db:user`, `sm://db:password` and a whole `db` are one
 * secret. (A name and an ARN of the same item are two: nothing says they are equal.)
 */
export function wantedItems(plan: Plan): WantedItems {
  const parameters = new Map<string, Wanted<ParameterQuery>>();
  const secrets = new Map<string, Wanted<SecretQuery>>();
  const want = <Q>(map: Map<string, Wanted<Q>>, key: string, query: Q, by: string) => {
    const entry = map.get(key);
    if (entry) {
      if (!entry.usedBy.includes(by)) entry.usedBy.push(by);
    } else {
      map.set(key, { query, usedBy: [by] });
    }
  };
  for (const source of plan.secrets) {
    const query = secretQueryOf(source);
    want(secrets, secretKey(query), query, `secret entry ${source.entry}`);
  }
  for (const { variable, target } of plan.references) {
    if (target.kind === 'parameter') {
      const query = parameterQueryOf(target);
      want(parameters, parameterKey(query), query, variable);
    } else {
      const query = secretQueryOf(target);
      want(secrets, secretKey(query), query, variable);
    }
  }
  return { parameters, secrets };
}

export function parameterQueryOf(ref: ParameterRef): ParameterQuery {
  return { name: ref.name, arn: ref.arn, version: ref.version, label: ref.label, region: ref.region };
}

/** From a reference (which may ask for a version) or a whole secret (always the current one). */
export function secretQueryOf(ref: SecretRef | SecretSource): SecretQuery {
  const version = ref as Partial<Pick<SecretRef, 'versionStage' | 'versionId'>>;
  return { secretId: ref.secretId, versionStage: version.versionStage, versionId: version.versionId, region: ref.region };
}

/** `ssm://TestParam1` and `ssm:///TestParam1` are one parameter (parameterIdentity), fetched once. */
export function parameterKey(q: ParameterQuery): string {
  return JSON.stringify([q.region ?? null, q.arn ?? parameterIdentity(q.name), q.version ?? null, q.label ?? null]);
}

export function secretKey(q: SecretQuery): string {
  return JSON.stringify([q.region ?? null, q.secretId, q.versionStage ?? null, q.versionId ?? null]);
}
