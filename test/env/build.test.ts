import t from 'tap';
import { buildEnv as build } from '../../src/env/build.js';
import { FailureList } from '../../src/core/errors.js';
import type { Fetched as FullFetched } from '../../src/resolve/resolve.js';
import { parseReference } from '../../src/sources/reference.js';
import type { Parameter } from '../../src/stores/store.js';

// Prefix-only results: the other sources empty.
type Fetched = Pick<FullFetched, 'prefixes'>;
const buildEnv = (base: Record<string, string>, fetched: Fetched, options: { overwrite: boolean }) =>
  build(base, { secrets: [], references: [], ...fetched }, options);
const param = (name: string, value: string): Parameter => ({ name, value, type: 'String', version: 1 });
const prefix = (path: string, envPrefix: string, parameters: Parameter[]) => ({
  source: { kind: 'prefix' as const, path, envPrefix },
  parameters,
});

t.test('names are relative to the prefix, with the env prefix', async (t) => {
  const fetched: Fetched = { prefixes: [prefix('/goecssample/database/sample/master', 'DB_', [param('/goecssample/database/sample/master/user', 'u')])] };
  t.same(buildEnv({}, fetched, { overwrite: true }).env, { DB_USER: 'u' });
  const whole: Fetched = { prefixes: [prefix('/goecssample', '', [param('/goecssample/database/sample/master/user', 'u')])] };
  t.same(buildEnv({}, whole, { overwrite: true }).env, { DATABASE_SAMPLE_MASTER_USER: 'u' });
});

t.test('fetched values replace existing ones and say so; --no-overwrite keeps them', async (t) => {
  const fetched: Fetched = { prefixes: [prefix('/p', '', [param('/p/a', 'new'), param('/p/b', 'b')])] };
  const replaced = buildEnv({ A: 'old', OTHER: 'x' }, fetched, { overwrite: true });
  t.same(replaced.env, { A: 'new', B: 'b', OTHER: 'x' });
  t.same(
    replaced.variables.filter((v) => v.replaced).map((v) => v.name),
    ['A'],
  );
  const kept = buildEnv({ A: 'old' }, fetched, { overwrite: false });
  t.same(kept.env, { A: 'old', B: 'b' });
  t.same(
    kept.variables.filter((v) => v.kept).map((v) => v.name),
    ['A'],
  );
});

t.test('a later prefix wins over an earlier one', async (t) => {
  const fetched: Fetched = {
    prefixes: [prefix('/base', '', [param('/base/level', 'base'), param('/base/only', '1')]), prefix('/prod', '', [param('/prod/level', 'prod')])],
  };
  const built = buildEnv({}, fetched, { overwrite: true });
  t.same(built.env, { LEVEL: 'prod', ONLY: '1' });
  t.equal(built.variables.find((v) => v.name === 'LEVEL')?.origin.item, '/prod/level');
});

t.test('two parameters of one prefix that map to one name: an error naming both, in one order', async (t) => {
  // AWS promises no order within a path: the message must not depend on it.
  for (const order of [
    ['/p/db-host', '/p/db_host'],
    ['/p/db_host', '/p/db-host'],
  ]) {
    const fetched: Fetched = {
      prefixes: [
        prefix(
          '/p',
          '',
          order.map((name) => param(name, '1')),
        ),
      ],
    };
    const error = t.throws(() => buildEnv({}, fetched, { overwrite: true })) as FailureList;
    t.type(error, FailureList);
    t.equal(error.failures[0]?.message, 'parameters /p/db-host and /p/db_host both map to DB_HOST');
  }
});

t.test('variables come out by name, whatever order AWS answered in', async (t) => {
  const fetched: Fetched = { prefixes: [prefix('/p', '', [param('/p/zeta', '1'), param('/p/alpha', '2'), param('/p/mid', '3')])] };
  const built = buildEnv({ KEEP: 'x' }, fetched, { overwrite: true });
  t.same(
    built.variables.map((v) => v.name),
    ['ALPHA', 'MID', 'ZETA'],
  );
  t.same(Object.keys(built.env), ['KEEP', 'ALPHA', 'MID', 'ZETA']);
});

const protoSource = parseReference('__proto__', 'ssm://p/proto');
const proto = { source: protoSource, target: protoSource.target, parameter: param('/p/proto', 'v') } as FullFetched['references'][number];

t.test('a variable named __proto__ is a variable like any other', async (t) => {
  // JSON.parse makes `__proto__` an own property, as process.env has it.
  const base = JSON.parse('{"__proto__": "from-env", "KEEP": "x"}') as Record<string, string>;
  const built = buildEnv(base, { prefixes: [prefix('/p', '', [param('/p/a', '1')])] }, { overwrite: true });
  t.equal(Object.getPrototypeOf(built.env), null, 'no prototype to collide with');
  t.same(Object.entries(built.env), [
    ['__proto__', 'from-env'],
    ['KEEP', 'x'],
    ['A', '1'],
  ]);
  const fromReference = build({}, { prefixes: [], secrets: [], references: [proto] }, { overwrite: true });
  t.same(Object.entries(fromReference.env), [['__proto__', 'v']]);
  t.same(
    fromReference.variables.map((v) => v.name),
    ['__proto__'],
  );
});
