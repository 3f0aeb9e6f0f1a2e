import t from 'tap';
import { isValidEnvName, toEnvName } from '../../src/env/names.js';

t.test('the README examples (Variable names)', async (t) => {
  t.equal(toEnvName('database/sample/master/user'), 'DATABASE_SAMPLE_MASTER_USER');
  t.equal(toEnvName('user', 'DB_'), 'DB_USER');
});

t.test('every character outside [A-Za-z0-9_] becomes _', async (t) => {
  t.equal(toEnvName('a-b.c d'), 'A_B_C_D');
  t.equal(toEnvName('café'), 'CAF_');
  t.equal(toEnvName('x😀y'), 'X_Y', 'one _ per character, not per UTF-16 unit');
  t.equal(toEnvName('mixed_Case'), 'MIXED_CASE');
});

t.test('a leading digit gets a _ before the env prefix is prepended', async (t) => {
  t.equal(toEnvName('1password'), '_1PASSWORD');
  t.equal(toEnvName('1password', 'APP_'), 'APP__1PASSWORD');
});

t.test('nothing left is empty', async (t) => {
  t.equal(toEnvName(''), '');
});

t.test('valid names', async (t) => {
  t.ok(isValidEnvName('_A1'));
  t.notOk(isValidEnvName('1A'));
  t.notOk(isValidEnvName('A-B'));
  t.notOk(isValidEnvName(''));
});
