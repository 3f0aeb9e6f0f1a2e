import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createLogger } from '../../src/report/log.js';
import { createFileStore } from '../../src/stores/file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-file-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const ctx = { signal: new AbortController().signal, log: createLogger({ level: 'error', format: 'text', write: () => {} }) };

t.test('recursive paths, types, nothing outside the path', async (t) => {
  const file = write('ok.json', JSON.stringify({
    parameters: {
      '/app/a': 'A',
      '/app/nested/b': { type: 'SecureString', value: 'B' },
      '/app/list': { type: 'StringList', value: 'x,y' },
      '/application/c': 'not below /app',
      '/app': 'the path itself is not below it',
    },
  }));
  const got = await createFileStore(file).getParametersByPath('/app', ctx);
  t.same(got.map((p) => [p.name, p.type]), [['/app/a', 'String'], ['/app/list', 'StringList'], ['/app/nested/b', 'SecureString']]);
});

t.test('a missing, non-JSON or wrong-shaped file is a clear error', async (t) => {
  t.throws(() => createFileStore(path.join(dir, 'missing.json')), { message: `--from-file ${path.join(dir, 'missing.json')}: cannot read the file (ENOENT)`, hint: 'check the path and that this user may read it' });
  const notJson = write('bad.json', '{');
  t.throws(() => createFileStore(notJson), { message: new RegExp(`^--from-file ${notJson}: not valid JSON`) });
  t.throws(() => createFileStore(write('arr.json', '[]')), { message: /the top level is not a JSON object$/ });
  t.throws(() => createFileStore(write('rel.json', '{"parameters":{"app/a":"x"}}')), { message: /parameter "app\/a" must be a full name starting with \/$/ });
  t.throws(() => createFileStore(write('type.json', '{"parameters":{"/a":{"type":"Blob","value":"x"}}}')), { message: /parameter \/a has unknown type "Blob"$/ });
  t.throws(() => createFileStore(write('num.json', '{"parameters":{"/a":5}}')), { message: /parameter \/a must be a string or an object with a string "value"$/ });
});
