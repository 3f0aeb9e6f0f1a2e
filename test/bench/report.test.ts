// npm run bench's verdict: it exits 1 and names each target it missed.
import t from 'tap';
import { table, verdict, type Row } from '../../bench/report.mjs';

const rows: Row[] = [
  { what: '1. shell entrypoint, 5 parameters', value: '5.11 s', target: '', ok: true },
  { what: '1. single executable, 5 parameters', value: '99 ms (aws CLI not installed: no baseline)', target: '>= 30x', ok: undefined },
  { what: '2. pass-through vs Node -e 0', value: '40 ms vs 35 ms (1.16x)', target: '<= 1.1x', ok: false },
  { what: '5. peak RSS', value: '74.8 MiB', target: '< 64 MiB', ok: false },
  { what: '4. mixed vs slowest', value: '0.92x', target: '<= 1.3x', ok: true },
];

t.test('a missed target: status 1, and each missed one named with its value and target', async (t) => {
  const { status, lines } = verdict(rows);
  t.equal(status, 1);
  t.same(lines, [
    'bench: 2 of 4 targets missed:',
    '  2. pass-through vs Node -e 0: 40 ms vs 35 ms (1.16x) (target <= 1.1x)',
    '  5. peak RSS: 74.8 MiB (target < 64 MiB)',
    '  not measured: 1. single executable, 5 parameters: 99 ms (aws CLI not installed: no baseline) (target >= 30x)',
  ]);
});

t.test('every target met: status 0; one that could not be measured is said, not counted as missed', async (t) => {
  const { status, lines } = verdict(rows.filter((r) => r.ok !== false));
  t.equal(status, 0);
  t.same(lines, [
    'bench: all 1 measured targets met',
    '  not measured: 1. single executable, 5 parameters: 99 ms (aws CLI not installed: no baseline) (target >= 30x)',
  ]);
});

t.test('the table marks each target met, missed or not measured', async (t) => {
  t.same(table(rows), [
    '| measurement | result | target | met |',
    '|---|---|---|---|',
    '| 1. shell entrypoint, 5 parameters | 5.11 s |  |  |',
    '| 1. single executable, 5 parameters | 99 ms (aws CLI not installed: no baseline) | >= 30x | not measured |',
    '| 2. pass-through vs Node -e 0 | 40 ms vs 35 ms (1.16x) | <= 1.1x | **no** |',
    '| 5. peak RSS | 74.8 MiB | < 64 MiB | **no** |',
    '| 4. mixed vs slowest | 0.92x | <= 1.3x | yes |',
  ]);
});
