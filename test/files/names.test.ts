import t from 'tap';
import { baseOfFileVariable, fileNameFor } from '../../src/files/names.js';

t.test('NAME_FILE → NAME; anything else is not a file variable', async (t) => {
  t.equal(baseOfFileVariable('POSTGRES_PASSWORD_FILE'), 'POSTGRES_PASSWORD');
  t.equal(baseOfFileVariable('A_FILE'), 'A');
  t.equal(baseOfFileVariable('_FILE'), undefined, 'nothing before _FILE');
  t.equal(baseOfFileVariable('PASSWORD_file'), undefined, 'names are case-sensitive');
  t.equal(baseOfFileVariable('PROFILE'), undefined);
});

t.test('a file name is a valid variable name: nothing can walk out of the directory', async (t) => {
  t.equal(fileNameFor('DB_PASSWORD', 'DB_PASSWORD_FILE'), 'DB_PASSWORD');
  for (const bad of ['../etc/passwd', 'a/b', '.', '..', '.hidden', '', 'a.b', 'x\0y', '9LIVES', 'ÄPFEL']) {
    t.throws(
      () => fileNameFor(bad, `${bad}_FILE`),
      { message: `${bad}_FILE: ${JSON.stringify(bad)} is not a valid variable name, so it cannot name a file` },
      JSON.stringify(bad),
    );
  }
  t.equal(fileNameFor('A'.repeat(255), 'V'), 'A'.repeat(255));
  t.throws(() => fileNameFor('A'.repeat(256), 'V'), { message: 'V: the name is 256 bytes, longer than a file name can be (255)' });
});
