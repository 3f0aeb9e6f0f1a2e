// The one way a run, a --watch refresh and --doctor turn fetched values into the command's
// environment and files: --allow-name, --no-overwrite, --file-vars and binary secrets.
import t from 'tap';
import { assemble } from '../../src/files/assemble.js';
import { fileSelector } from '../../src/files/plan.js';
import { FailureList } from '../../src/core/errors.js';
import { emptyEnv } from '../../src/env/build.js';
import type { Fetched } from '../../src/resolve/resolve.js';
import { parseReference } from '../../src/sources/reference.js';

const DIR = '/dev/shm/assemble-test';
const fetched: Fetched = {
  prefixes: [
    {
      source: { kind: 'prefix', path: '/app', envPrefix: '' },
      parameters: [
        { name: '/app/db_password', value: 'pw', type: 'SecureString', version: 2 },
        { name: '/app/ld_preload', value: '/tmp/x.so', type: 'String', version: 1 },
      ],
    },
  ],
  secrets: [],
  references: [
    (() => {
      const source = parseReference('TLS_KEY_FILE', 'sm://tls');
      return {
        source,
        target: source.target as never,
        secret: { name: 'tls', arn: undefined, versionId: 'v1', value: undefined, binary: Uint8Array.from([0, 1, 2, 255]) },
      };
    })(),
  ],
};
const base = () => Object.assign(emptyEnv(), { PATH: '/usr/bin:/bin', DB_PASSWORD: 'old' });
const messages = (run: () => unknown) => {
  try {
    run();
    return [];
  } catch (error) {
    return error instanceof FailureList ? error.failures.map((f) => f.message) : [(error as Error).message];
  }
};

t.test('a name that changes how programs load is refused from a prefix, unless --allow-name', async (t) => {
  const files = fileSelector({ dir: DIR, patterns: [] });
  t.match(
    messages(() => assemble(base(), fetched, { overwrite: true, allowNames: [], files })),
    [/^parameter \/app\/ld_preload under prefix \/app would set LD_PRELOAD/],
  );
  const placed = assemble(base(), fetched, { overwrite: true, allowNames: ['LD_PRELOAD'], files });
  t.equal(placed.env.LD_PRELOAD, '/tmp/x.so');
});

t.test('--file-vars and NAME_FILE: the values go to files, the environment holds their paths; bytes kept', async (t) => {
  const placed = assemble(base(), fetched, { overwrite: true, allowNames: ['LD_*'], files: fileSelector({ dir: DIR, patterns: ['DB_*'] }) });
  t.equal(placed.env.DB_PASSWORD, undefined, 'the secret left the environment');
  t.equal(placed.env.DB_PASSWORD_FILE, `${DIR}/DB_PASSWORD`);
  t.equal(placed.env.TLS_KEY_FILE, `${DIR}/TLS_KEY`);
  t.same(
    placed.files.map((f) => [f.variable, f.path, Buffer.from(f.bytes).toString('hex')]),
    [
      ['DB_PASSWORD_FILE', `${DIR}/DB_PASSWORD`, Buffer.from('pw').toString('hex')],
      ['TLS_KEY_FILE', `${DIR}/TLS_KEY`, '000102ff'],
    ].sort(),
  );
  t.same(
    placed.variables.map((v) => v.name),
    ['DB_PASSWORD_FILE', 'LD_PRELOAD', 'TLS_KEY_FILE'],
    'listed by name',
  );
});

t.test('--no-overwrite keeps what the environment has', async (t) => {
  const placed = assemble(base(), fetched, { overwrite: false, allowNames: ['LD_PRELOAD'], files: fileSelector({ dir: DIR, patterns: [] }) });
  t.equal(placed.env.DB_PASSWORD, 'old');
  t.ok(placed.variables.find((v) => v.name === 'DB_PASSWORD')?.kept);
});
