// The one pattern syntax of --allow-name and --file-vars.
import t from 'tap';
import { compileNamePatterns } from '../../src/cli/name-patterns.js';

t.test('--file-vars and --allow-name: * and ? on the whole name, case-sensitive; a pattern that cannot match is an error', async (t) => {
  const match = compileNamePatterns(['DB_*', '*_KEY', 'TOKEN?', 'EXACT'], '--file-vars');
  t.equal(match('DB_PASSWORD'), 'DB_*');
  t.equal(match('DB_'), 'DB_*');
  t.equal(match('API_KEY'), '*_KEY');
  t.equal(match('TOKEN1'), 'TOKEN?');
  t.equal(match('TOKEN'), undefined);
  t.equal(match('TOKEN12'), undefined);
  t.equal(match('EXACT'), 'EXACT');
  t.equal(match('NOT_EXACT'), undefined, 'anchored at both ends');
  t.equal(match('db_password'), undefined);
  t.equal(compileNamePatterns(['*'], 'x')('ANYTHING'), '*');
  for (const bad of ['DB.*', 'a/b', '[AB]_KEY', 'x y']) {
    t.throws(() => compileNamePatterns([bad], '--file-vars'), {
      message: new RegExp(`^--file-vars: ${JSON.stringify(bad).replace(/[.*?[\]]/g, '\\$&')} can never match a variable name`),
    });
  }
});
