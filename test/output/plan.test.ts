// --dry-run's plan: every variable, its source, its value masked (unless asked), its effect,
// then the command as it can be copied into a shell.
import t from 'tap';
import type { Variable } from '../../src/env/build.js';
import { formatPlan } from '../../src/output/plan.js';

const variable = (name: string, value: string, extra: Partial<Variable> = {}): Variable => ({
  name,
  value,
  origin: { kind: 'prefix', source: '/app', item: `/app/${name.toLowerCase()}`, version: '2', type: 'String' },
  replaced: false,
  kept: false,
  ...extra,
});

t.test('masked with its length unless asked, the effect, a copyable command', async (t) => {
  const text = formatPlan([variable('PASSWORD', 'hunter2', { replaced: true })], ['sh', '-c', 'echo "$X"'], { showValues: false, format: 'text' });
  t.notMatch(text, 'hunter2');
  t.match(text, /PASSWORD +prefix \/app +\/app\/password +2 +\*\*\* \(7 chars\) +replaces existing/);
  t.match(text, `would run: sh -c 'echo "$X"'\n`);
  t.match(formatPlan([variable('P', 'hunter2')], [], { showValues: true, format: 'text' }), 'hunter2');
  const json = JSON.parse(formatPlan([variable('P', 'hunter2', { kept: true })], ['x'], { showValues: false, format: 'json' }));
  t.same(json.variables[0], {
    name: 'P',
    kind: 'prefix',
    source: '/app',
    item: '/app/p',
    version: '2',
    value: '*** (7 chars)',
    effect: 'kept existing (--no-overwrite)',
  });
});

t.test('the length is in characters, as a user counts them', async (t) => {
  t.match(formatPlan([variable('E', 'é😀')], [], { showValues: false, format: 'text' }), '*** (2 chars)');
});

t.test('by name in code-point order, whatever order they come in', async (t) => {
  const text = formatPlan([variable('_X', '1'), variable('b', '2'), variable('A_B', '3'), variable('AB', '4')], [], { showValues: false, format: 'text' });
  t.same(
    text
      .split('\n')
      .slice(1, 5)
      .map((line) => line.split(' ')[0]),
    ['AB', 'A_B', '_X', 'b'],
  );
  const json = JSON.parse(formatPlan([variable('_X', '1'), variable('AB', '4')], [], { showValues: false, format: 'json' }));
  t.same(
    json.variables.map((v: { name: string }) => v.name),
    ['AB', '_X'],
  );
});

t.test('a shown value with a line break stays on its row', async (t) => {
  const text = formatPlan([variable('M', 'one\ntwo')], ['true'], { showValues: true, format: 'text' });
  t.match(text, /^M .* one\\ntwo +new$/m);
});

t.test('without variables or command, it says so', async (t) => {
  t.equal(formatPlan([], [], { showValues: false, format: 'text' }), 'no variables (no source configured)\n\nwould run: (no command given)\n');
  t.same(JSON.parse(formatPlan([], [], { showValues: false, format: 'json' })), { variables: [], command: null });
});

t.test('a file variable holds a path, which is shown even when values are masked', async (t) => {
  const v = variable('KEY_FILE', '/dev/shm/ssm-entrypoint/KEY');
  const text = formatPlan([v], ['true'], {
    showValues: false,
    format: 'text',
    files: {
      dir: '/dev/shm/ssm-entrypoint',
      rows: [{ path: '/dev/shm/ssm-entrypoint/KEY', variable: 'KEY_FILE', mode: '0400', owner: 'app (1000:1000)', value: '*** (9 bytes)' }],
    },
  });
  t.match(text, /^KEY_FILE .* \/dev\/shm\/ssm-entrypoint\/KEY +new$/m);
  t.match(text, /^files in \/dev\/shm\/ssm-entrypoint .*\n.*\n\/dev\/shm\/ssm-entrypoint\/KEY +0400 +app \(1000:1000\) +\*\*\* \(9 bytes\)$/m);
});
