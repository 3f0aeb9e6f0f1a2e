// The one rule of a variable name, and the one order names are listed in.
import t from 'tap';
import { compareNames, isValidEnvName } from '../../src/cli/variable-names.js';

t.test('a valid name: letters, digits and _, not starting with a digit', async (t) => {
  for (const name of ['A', '_', '_A1', 'db_user', 'X9', '__proto__']) t.ok(isValidEnvName(name), name);
  for (const name of ['', '1A', 'A-B', 'A.B', 'A B', 'A=B', 'É', 'A\n', 'A\0', 'ÄB', 'A😀']) t.notOk(isValidEnvName(name), JSON.stringify(name));
});

t.test('names sort by code point, never by locale', async (t) => {
  const sorted = (names: string[]) => [...names].sort(compareNames);
  // A locale would put `_` first and mix the cases: `_X, a, AB, A_B, b, B1`.
  t.same(sorted(['b', '_X', 'A_B', 'a', 'B1', 'AB']), ['AB', 'A_B', 'B1', '_X', 'a', 'b']);
  t.same(sorted(['AB', 'A', 'ABC', '']), ['', 'A', 'AB', 'ABC'], 'a prefix first');
  t.equal(compareNames('SAME', 'SAME'), 0);
});

t.test('beyond the BMP: code points (UTF-8 byte order), not UTF-16 units', async (t) => {
  // U+FF21 (one unit, 0xFF21) and U+1F600 (two units, starting 0xD83D): by units the emoji
  // would come first; by code point it comes last, as in the bytes of the environment.
  const names = ['X\u{1F600}', 'X\uFF21', 'X\uE000', 'Xz'];
  const expected = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  t.same([...names].sort(compareNames), expected);
  t.same(expected, ['Xz', 'X\uE000', 'X\uFF21', 'X\u{1F600}']);
});
