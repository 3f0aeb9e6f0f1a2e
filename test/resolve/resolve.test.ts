import t from 'tap';
import { parseAs } from '../cli/parse.js';
import { FailureList } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/log.js';
import { resolvePlan } from '../../src/resolve/resolve.js';
import { planSources } from '../../src/sources/plan.js';
import { StoreError, type Store } from '../../src/stores/store.js';
import { fakeStore } from '../harness/fake-store.js';

const log = createLogger({ level: 'error', format: 'text', write: () => {} });
const options = { timeoutMs: 5000, allowEmpty: false, log };
const planOf = (env: Record<string, string>, argv: string[] = []) => planSources(parseAs('run', [...argv, 'cmd'], env), env);

t.test('25 distinct parameter references: 3 GetParameters calls; one referenced 3 times: fetched once', async (t) => {
  const env: Record<string, string> = {};
  const parameters: Record<string, string> = {};
  for (let i = 0; i < 25; i++) {
    env[`P${i}`] = `ssm://app/p${i}`;
    parameters[`/app/p${i}`] = `v${i}`;
  }
  env.AGAIN_1 = 'ssm://app/p0';
  env.AGAIN_2 = 'ssm:///app/p0';
  const store = fakeStore({ parameters });
  const fetched = await resolvePlan(planOf(env), store, options);
  t.equal(store.calls.parameters.length, 3);
  t.same(
    store.calls.parameters.map((c) => c.length),
    [9, 8, 8],
  );
  t.equal(store.calls.parameters.flat().filter((q) => q.name === '/app/p0').length, 1, '/app/p0 asked for once');
  t.equal(fetched.references.length, 27);
  const again = fetched.references.filter((r) => r.source.variable.startsWith('AGAIN') || r.source.variable === 'P0');
  t.same(
    again.map((r) => ('parameter' in r ? r.parameter.value : undefined)),
    ['v0', 'v0', 'v0'],
  );
});

t.test('45 secrets: 3 batch calls; keys of one secret and the whole secret are one fetch', async (t) => {
  const env: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (let i = 0; i < 45; i++) {
    env[`S${i}`] = `sm://s${i}`;
    secrets[`s${i}`] = JSON.stringify({ k: `v${i}` });
  }
  env.KEY_A = 'sm://s0:k';
  env.KEY_B = 'sm://s0:k::';
  const store = fakeStore({ secrets });
  const fetched = await resolvePlan(planOf(env, ['--secret', 'X_:s0']), store, options);
  t.same(
    store.calls.secrets.map((c) => c.length),
    [15, 15, 15],
  );
  t.equal(fetched.secrets[0]?.secret.value, secrets.s0);
});

t.test('versioned queries go alone; a parameter version and the current one are two fetches', async (t) => {
  const store = fakeStore({ parameters: { a: 'cur', 'a:2': 'two', 'a:prod': 'labelled' }, secrets: { db: 'cur', 'db:AWSPREVIOUS': 'prev' } });
  const fetched = await resolvePlan(planOf({ A: 'ssm://a', A2: 'ssm://a:2', AP: 'ssm://a:prod', D: 'sm://db', DP: 'sm://db::AWSPREVIOUS' }), store, options);
  t.same(
    store.calls.parameters.map((c) => c.map((q) => [q.name, q.version ?? q.label ?? null])),
    [[['a', null]], [['a', 2]], [['a', 'prod']]],
  );
  t.same(
    store.calls.secrets.map((c) => c.map((q) => q.versionStage ?? null)),
    [[null], ['AWSPREVIOUS']],
  );
  t.same(
    fetched.references.map((r) => [r.source.variable, 'parameter' in r ? r.parameter.value : r.secret.value]),
    [
      ['A', 'cur'],
      ['A2', 'two'],
      ['AP', 'labelled'],
      ['D', 'cur'],
      ['DP', 'prev'],
    ],
  );
});

t.test('everything not found is reported at once, by exact name, with who wanted it', async (t) => {
  const store = fakeStore({ parameters: { here: 'x' } });
  const plan = planOf({ A: 'ssm://gone/a', B: 'ssm://gone/a', C: 'ssm://here:7', D: 'sm://nope:key', E: 'sm://nope::AWSPENDING', OK: 'ssm://here' }, [
    '--secret',
    'P_:nope',
  ]);
  const error = (await resolvePlan(plan, store, options).catch((e: unknown) => e)) as FailureList;
  t.type(error, FailureList);
  t.same(
    error.failures.map((f) => f.message),
    [
      'parameter /gone/a not found in us-east-1, wanted by A, B',
      'version 7 of parameter here not found in us-east-1, wanted by C',
      'secret nope not found in us-east-1, wanted by secret entry P_:nope, D',
      'version stage AWSPENDING of secret nope not found in us-east-1, wanted by E',
    ],
  );
  t.match(error.failures[1]?.hint, /the version and the region/);
});

t.test('prefixes, parameter calls and secret calls run concurrently', async (t) => {
  const env: Record<string, string> = { SECRETS_MANAGER_SECRET_IDS: 's0', PARAMETER_STORE_PREFIX: '/app' };
  const parameters: Record<string, string> = { '/app/x': '1' };
  const secrets: Record<string, string> = { s0: '{}' };
  for (let i = 0; i < 25; i++) {
    env[`P${i}`] = `ssm://p${i}`;
    parameters[`p${i}`] = String(i);
  }
  for (let i = 1; i < 45; i++) {
    env[`S${i}`] = `sm://s${i}`;
    secrets[`s${i}`] = String(i);
  }
  // Each call waits until all 7 are under way: counted, not timed.
  const store = fakeStore({ parameters, secrets }, 0, 7);
  await resolvePlan(planOf(env), store, options);
  const calls = store.calls.byPath + store.calls.parameters.length + store.calls.secrets.length;
  t.equal(calls, 7, '1 prefix + 3 parameter calls + 3 secret calls');
  t.equal(store.maxInFlight, 7, 'all 7 under way at once');
});

t.test('a whole-call failure fails its items; other calls still report', async (t) => {
  const store: Store = {
    ...fakeStore({}),
    async getParameters(queries) {
      throw new StoreError({
        service: 'ssm',
        action: 'GetParameters',
        targets: queries.map((q) => q.name),
        cause: Object.assign(new Error('no'), { name: 'AccessDeniedException' }),
      });
    },
  };
  const error = (await resolvePlan(planOf({ A: 'ssm://a', B: 'sm://b' }), store, options).catch((e: unknown) => e)) as FailureList;
  t.same(
    error.failures.map((f) => f.message),
    ['access denied: ssm:GetParameters on a for the current credentials', 'secret b not found in us-east-1, wanted by B'],
  );
});

t.test('an item that fails on its own says who wanted it; the others are still used', async (t) => {
  const base = fakeStore({ secrets: { ok: 'fine' } });
  const store: Store = {
    ...base,
    async getSecrets(queries, ctx) {
      const outcomes = await base.getSecrets(queries, ctx);
      return outcomes.map((o, i) =>
        queries[i]?.secretId === 'locked'
          ? {
              status: 'failed',
              error: new StoreError({
                service: 'secretsmanager',
                action: 'GetSecretValue',
                targets: ['locked'],
                cause: Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
              }),
            }
          : o,
      );
    },
  };
  const error = (await resolvePlan(planOf({ A: 'sm://locked', B: 'sm://locked:k', C: 'sm://ok' }), store, options).catch((e: unknown) => e)) as FailureList;
  t.same(
    error.failures.map((f) => f.message),
    ['access denied: secretsmanager:GetSecretValue on locked for the current credentials, wanted by A, B'],
  );
  t.match(error.failures[0]?.hint, /task role/);
});
