import t from 'tap';
import { buildEnv } from '../../src/env/build.js';
import { FailureList } from '../../src/core/errors.js';
import type { Fetched, FetchedReference } from '../../src/resolve/resolve.js';
import { parseReference, type ParameterRef, type SecretRef } from '../../src/sources/reference.js';
import { parseSecretId } from '../../src/sources/secret-id.js';
import type { Secret } from '../../src/stores/store.js';

const secret = (name: string, value: string | undefined): Secret => ({ name, arn: undefined, versionId: 'v1', value });
const prefix = (path: string, values: Record<string, string>) => ({
  source: { kind: 'prefix' as const, path, envPrefix: '' },
  parameters: Object.entries(values).map(([name, value]) => ({ name: `${path}/${name}`, value, type: 'String' as const, version: 1 })),
});
const whole = (entry: string, value: string) => {
  const source = parseSecretId(entry);
  return { source, secret: secret(source.secretId, value) };
};
const reference = (variable: string, ref: string, value: string): FetchedReference => {
  const source = parseReference(variable, ref);
  return source.target.kind === 'parameter'
    ? { source, target: source.target as ParameterRef, parameter: { name: source.target.name, value, type: 'SecureString', version: 3 } }
    : { source, target: source.target as SecretRef, secret: secret(source.target.secretId, value) };
};
const fetched = (f: Partial<Fetched>): Fetched => ({ prefixes: [], secrets: [], references: [], ...f });

t.test('prefixes < whole secrets < references', async (t) => {
  const base = { X: 'sm://db:x', OTHER: 'keep' };
  const built = buildEnv(
    base,
    fetched({
      prefixes: [prefix('/app', { x: 'from-prefix', y: 'from-prefix', z: 'from-prefix' })],
      secrets: [whole('db', JSON.stringify({ x: 'from-secret', y: 'from-secret' }))],
      references: [reference('X', 'sm://db:x', JSON.stringify({ x: 'from-reference' }))],
    }),
    { overwrite: true },
  );
  t.same(built.env, { X: 'from-reference', Y: 'from-secret', Z: 'from-prefix', OTHER: 'keep' });
  t.same(Object.fromEntries(built.variables.map((v) => [v.name, v.origin.kind])), { X: 'reference', Y: 'secret', Z: 'prefix' });
  t.same(built.variables.find((v) => v.name === 'X')?.origin, { kind: 'reference', source: 'sm://db:x', item: 'db:x', type: 'SecretString', version: 'v1' });
  t.same(built.variables.find((v) => v.name === 'Y')?.origin, { kind: 'secret', source: 'db', item: 'db:y', type: 'SecretString', version: 'v1' });
});

t.test('a later whole secret wins over an earlier one', async (t) => {
  const built = buildEnv({}, fetched({ secrets: [whole('a', '{"K":"a","A":"1"}'), whole('b', '{"K":"b"}')] }), { overwrite: true });
  t.same(built.env, { K: 'b', A: '1' });
});

t.test('--no-overwrite keeps existing values, but a variable holding a reference is always replaced', async (t) => {
  const base = { FROM_PREFIX: 'old', FROM_SECRET: 'old', REF: 'ssm://app/ref', REF_TOO: 'sm://s:k' };
  const f = fetched({
    prefixes: [prefix('/app', { from_prefix: 'new', ref_too: 'from-prefix' })],
    secrets: [whole('s', '{"from_secret":"new"}')],
    references: [reference('REF', 'ssm://app/ref', 'resolved'), reference('REF_TOO', 'sm://s:k', '{"k":"resolved"}')],
  });
  const kept = buildEnv(base, f, { overwrite: false });
  t.same(kept.env, { FROM_PREFIX: 'old', FROM_SECRET: 'old', REF: 'resolved', REF_TOO: 'resolved' });
  t.same(
    kept.variables
      .filter((v) => v.kept)
      .map((v) => v.name)
      .sort(),
    ['FROM_PREFIX', 'FROM_SECRET'],
  );
  t.same(
    kept.variables.filter((v) => v.replaced).map((v) => v.name),
    [],
    'resolving a reference is not "replacing" a value',
  );

  const replaced = buildEnv(base, f, { overwrite: true });
  t.same(replaced.env, { FROM_PREFIX: 'new', FROM_SECRET: 'new', REF: 'resolved', REF_TOO: 'resolved' });
  t.same(
    replaced.variables
      .filter((v) => v.replaced)
      .map((v) => v.name)
      .sort(),
    ['FROM_PREFIX', 'FROM_SECRET'],
  );
});

t.test('whole secret: name rule then ENV_PREFIX; numbers and booleans as JSON text', async (t) => {
  const built = buildEnv(
    {},
    fetched({ secrets: [whole('DB_:prod/db', JSON.stringify({ username: 'u', 'db-host': 'h', port: 5432, ssl: true, ratio: 0.5, '1st': 'x' }))] }),
    { overwrite: true },
  );
  t.same(built.env, { DB_USERNAME: 'u', DB_DB_HOST: 'h', DB_PORT: '5432', DB_SSL: 'true', DB_RATIO: '0.5', DB__1ST: 'x' });
});

t.test('references: parameters, whole secret strings, JSON keys', async (t) => {
  const built = buildEnv(
    {},
    fetched({
      references: [
        reference('P', 'ssm://app/p:3', 'param'),
        reference('WHOLE', 'sm://db', '{"a":1}'),
        reference('PLAIN', 'sm://token', 'plain text'),
        reference('PORT', 'sm://db2:port', '{"port":5432}'),
      ],
    }),
    { overwrite: true },
  );
  t.same(built.env, { P: 'param', WHOLE: '{"a":1}', PLAIN: 'plain text', PORT: '5432' });
  t.same(built.variables[0]?.origin, { kind: 'reference', source: 'ssm://app/p:3', item: '/app/p', type: 'SecureString', version: '3' });
});

t.test('every JSON problem is reported at once, naming secrets and keys, never values', async (t) => {
  const sensitive = 'hunter2-do-not-print';
  const error = t.throws(() =>
    buildEnv(
      {},
      fetched({
        secrets: [
          whole('nested', JSON.stringify({ ok: sensitive, deep: { password: sensitive } })),
          whole('clash', JSON.stringify({ 'a-b': sensitive, a_b: sensitive })),
          whole('text', sensitive),
        ],
        references: [
          reference('MISSING_KEY', 'sm://db:pasword', JSON.stringify({ password: sensitive, username: sensitive })),
          reference('NOT_OBJECT', 'sm://arr:key', JSON.stringify([sensitive])),
          reference('NOT_JSON', 'sm://plain:key', sensitive),
          reference('NULL', 'sm://n:k', '{"k":null}'),
        ],
      }),
      { overwrite: true },
    ),
  ) as FailureList;
  t.type(error, FailureList);
  t.same(
    error.failures.map((f) => f.message),
    [
      'secret entry nested: key "deep" of secret nested is a JSON object; a variable takes a string, number or boolean',
      'keys "a-b" and "a_b" of secret clash both map to A_B',
      'secret entry text: secret text is not JSON (plain text), and a whole secret needs one: one variable per key',
      'MISSING_KEY: secret db has no JSON key "pasword"; its keys are password, username',
      'NOT_OBJECT: secret arr is a JSON array, not a JSON object, so it has no key "key"',
      'NOT_JSON: secret plain is not JSON (plain text), so it has no key "key"',
      'NULL: key "k" of secret n is null; a variable takes a string, number or boolean',
    ],
  );
  const everything = JSON.stringify(error.failures.map((f) => [f.message, f.hint]));
  t.notOk(everything.includes('hunter2'), 'no value in any message or hint');
});

t.test('a binary secret is an error naming the variable', async (t) => {
  const f = fetched({
    references: [{ ...reference('CERT', 'sm://cert', ''), secret: secret('cert', undefined) } as FetchedReference],
    secrets: [{ source: parseSecretId('cert'), secret: secret('cert', undefined) }],
  });
  const error = t.throws(() => buildEnv({}, f, { overwrite: true })) as FailureList;
  t.same(
    error.failures.map((e) => e.message),
    [
      'secret entry cert: secret cert holds binary data (SecretBinary), which cannot be put in an environment variable',
      'CERT: secret cert holds binary data (SecretBinary), which cannot be put in an environment variable',
    ],
  );
});
