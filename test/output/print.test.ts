import t from 'tap';
import type { Variable } from '../../src/env/build.js';
import type { FailureList } from '../../src/core/errors.js';
import { formatPlan } from '../../src/output/plan.js';
import { formatVariables } from '../../src/output/print.js';
import { shellCommand } from '../../src/output/quote.js';

const variable = (name: string, value: string, extra: Partial<Variable> = {}): Variable => ({
  name,
  value,
  origin: { kind: 'prefix', source: '/app', item: `/app/${name.toLowerCase()}`, version: '2', type: 'String' },
  replaced: false,
  kept: false,
  ...extra,
});

t.test('shell: always single-quoted, quotes escaped', async (t) => {
  t.equal(formatVariables([variable('B', "it's"), variable('A', 'x')], 'shell'), "export A='x'\nexport B='it'\\''s'\n");
});

t.test('env: literal NAME=value lines; a line break is refused naming the variable, not the value', async (t) => {
  t.equal(formatVariables([variable('A', 'x = "y" $z')], 'env'), 'A=x = "y" $z\n');
  const error = t.throws(() => formatVariables([variable('SECRET', 'top\nsecret')], 'env')) as FailureList;
  t.same(error.failures.map((f) => f.message), ['the value of SECRET contains a line break, which an env file cannot hold']);
});

t.test('json: one object; kept variables are not printed', async (t) => {
  t.equal(formatVariables([variable('A', 'x'), variable('K', 'fetched', { kept: true })], 'json'), '{\n  "A": "x"\n}\n');
});

t.test('plan: masked with length unless asked, effect, copyable command', async (t) => {
  const text = formatPlan([variable('PASSWORD', 'hunter2', { replaced: true })], ['sh', '-c', 'echo "$X"'], { showValues: false, format: 'text' });
  t.notMatch(text, 'hunter2');
  t.match(text, /PASSWORD +prefix \/app +\/app\/password +2 +\*\*\* \(7 chars\) +replaces existing/);
  t.match(text, `would run: sh -c 'echo "$X"'\n`);
  t.match(formatPlan([variable('P', 'hunter2')], [], { showValues: true, format: 'text' }), 'hunter2');
  const json = JSON.parse(formatPlan([variable('P', 'hunter2', { kept: true })], ['x'], { showValues: false, format: 'json' }));
  t.same(json.variables[0], { name: 'P', kind: 'prefix', source: '/app', item: '/app/p', version: '2', value: '*** (7 chars)', effect: 'kept existing (--no-overwrite)' });
});

t.test('shell command quoting', async (t) => {
  t.equal(shellCommand(['./server', '--port', '8080', 'a b', "it's", '']), "./server --port 8080 'a b' 'it'\\''s' ''");
});
