// A Store over in-memory maps that counts calls, with an optional delay per call.
import type { Outcome, Parameter, ParameterQuery, Secret, SecretQuery, Store } from '../../src/stores/store.js';

export interface FakeStore extends Store {
  calls: { byPath: number; parameters: ParameterQuery[][]; secrets: SecretQuery[][] };
  /** The most calls that were under way at once. */
  maxInFlight: number;
}

/**
 * `delayMs`: each call takes that long. `together`: each call waits until that many calls
 * are under way (or 2 s passed, so a sequential caller ends, slowly, and fails on maxInFlight).
 */
export function fakeStore(data: { parameters?: Record<string, string>; secrets?: Record<string, string | undefined> }, delayMs = 0, together = 0): FakeStore {
  const calls: FakeStore['calls'] = { byPath: 0, parameters: [], secrets: [] };
  let inFlight = 0;
  let arrived = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const wait = async () => {
    inFlight++;
    store.maxInFlight = Math.max(store.maxInFlight, inFlight);
    if (++arrived >= together) open();
    if (together > 0) await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    inFlight--;
  };
  const parameters = data.parameters ?? {};
  const secrets = data.secrets ?? {};
  const store: FakeStore = {
    calls,
    maxInFlight: 0,
    async getParametersByPath(path) {
      calls.byPath++;
      await wait();
      return Object.entries(parameters)
        .filter(([name]) => name.startsWith(`${path}/`))
        .map(([name, value]): Parameter => ({ name, value, type: 'String', version: 1 }));
    },
    async getParameters(queries) {
      calls.parameters.push([...queries]);
      await wait();
      return queries.map((q): Outcome<Parameter> => {
        const key = q.version ? `${q.name}:${q.version}` : q.label ? `${q.name}:${q.label}` : q.name;
        const value = parameters[key];
        return value === undefined
          ? { status: 'missing', region: q.region ?? 'us-east-1' }
          : { status: 'found', value: { name: q.name, value, type: 'String', version: q.version ?? 1 } };
      });
    },
    async getSecrets(queries) {
      calls.secrets.push([...queries]);
      await wait();
      return queries.map((q): Outcome<Secret> => {
        const key = q.versionStage ? `${q.secretId}:${q.versionStage}` : q.secretId;
        if (!Object.hasOwn(secrets, key)) return { status: 'missing', region: q.region ?? 'us-east-1' };
        return { status: 'found', value: { name: q.secretId, arn: undefined, versionId: 'v1', value: secrets[key] } };
      });
    },
  };
  return store;
}
