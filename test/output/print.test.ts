import t from 'tap';
import type { Variable } from '../../src/env/build.js';
import type { FailureList } from '../../src/core/errors.js';
import { formatVariables } from '../../src/output/print.js';

const variable = (name: string, value: string, extra: Partial<Variable> = {}): Variable => ({
  name,
  value,
  origin: { kind: 'prefix', source: '/app', item: `/app/${name.toLowerCase()}`, version: '2', type: 'String' },
  replaced: false,
  kept: false,
  ...extra,
});

t.test('shell: always single-quoted, quotes escaped, by name in code-point order', async (t) => {
  t.equal(formatVariables([variable('B', "it's"), variable('A', 'x')], 'shell'), "export A='x'\nexport B='it'\\''s'\n");
  t.equal(formatVariables([variable('_X', '1'), variable('A_B', '2'), variable('AB', '3')], 'shell'), "export AB='3'\nexport A_B='2'\nexport _X='1'\n");
});

t.test('env: literal NAME=value lines; a line break is refused naming the variable, not the value', async (t) => {
  t.equal(formatVariables([variable('A', 'x = "y" $z')], 'env'), 'A=x = "y" $z\n');
  const error = t.throws(() => formatVariables([variable('SECRET', 'top\nsecret')], 'env')) as FailureList;
  t.same(
    error.failures.map((f) => f.message),
    ['the value of SECRET contains a line break, which an env file cannot hold'],
  );
});

t.test('json: one object; kept variables are not printed', async (t) => {
  t.equal(formatVariables([variable('A', 'x'), variable('K', 'fetched', { kept: true })], 'json'), '{\n  "A": "x"\n}\n');
});
