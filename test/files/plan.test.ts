import t from 'tap';
import { buildEnv } from '../../src/env/build.js';
import { fileSelector, placeFiles, takeBinaries } from '../../src/files/plan.js';
import { FailureList } from '../../src/core/errors.js';
import type { Fetched } from '../../src/resolve/resolve.js';
import { parseReference } from '../../src/sources/reference.js';
import type { Secret } from '../../src/stores/store.js';

const DIR = '/dev/shm/test-dir';
const secret = (name: string, value: string | undefined, binary?: Uint8Array): Secret => ({
  name,
  arn: undefined,
  versionId: 'v1',
  value,
  ...(binary && { binary }),
});
const reference = (variable: string, ref: string, s: Secret): Fetched['references'][number] => {
  const source = parseReference(variable, ref);
  return { source, target: source.target as never, secret: s };
};
const fetched = (parts: Partial<Fetched>): Fetched => ({ prefixes: [], secrets: [], references: [], ...parts });
const prefix = (path: string, parameters: Record<string, string>): Fetched['prefixes'][number] => ({
  source: { kind: 'prefix', path, envPrefix: '' },
  parameters: Object.entries(parameters).map(([name, value]) => ({ name, value, type: 'String' as const, version: 1 })),
});

/** The steps main.ts runs: binaries out, environment built, files placed. */
function place(base: Record<string, string>, f: Fetched, patterns: string[] = [], overwrite = true) {
  const files = fileSelector({ dir: DIR, patterns });
  const { fetched: forEnv, binaries } = takeBinaries(f, files);
  return placeFiles(buildEnv(base, forEnv, { overwrite }), files, binaries);
}
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
/** The messages of the failures `run` throws. */
function failures(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    return error instanceof FailureList ? error.failures.map((f) => f.message) : [(error as Error).message];
  }
  return [];
}

t.test('NAME_FILE=<reference>: the value goes to file NAME, NAME_FILE holds its path', async (t) => {
  const placed = place(
    { POSTGRES_PASSWORD_FILE: 'sm://prod/db:password', KEEP: 'x' },
    fetched({
      references: [reference('POSTGRES_PASSWORD_FILE', 'sm://prod/db:password', secret('prod/db', '{"password":"pw"}'))],
    }),
  );
  t.same(placed.env, { POSTGRES_PASSWORD_FILE: `${DIR}/POSTGRES_PASSWORD`, KEEP: 'x' });
  t.same(
    placed.files.map((f) => [f.name, f.path, f.variable, text(f.bytes)]),
    [['POSTGRES_PASSWORD', `${DIR}/POSTGRES_PASSWORD`, 'POSTGRES_PASSWORD_FILE', 'pw']],
  );
  t.same(
    placed.variables.map((v) => [v.name, v.value]),
    [['POSTGRES_PASSWORD_FILE', `${DIR}/POSTGRES_PASSWORD`]],
    '--print shows the path',
  );
  t.equal(placed.dir, DIR);
});

t.test('a _FILE variable from a prefix is an ordinary variable (only references follow the convention)', async (t) => {
  const placed = place({}, fetched({ prefixes: [prefix('/app', { '/app/cert_file': '/etc/cert.pem' })] }));
  t.same(placed.env, { CERT_FILE: '/etc/cert.pem' });
  t.same(placed.files, []);
});

t.test('--file-vars moves variables of any source: NAME leaves the environment, NAME_FILE points at the file', async (t) => {
  const placed = place(
    { DB_PASSWORD: 'old', TOKEN: 'sm://prod/token' },
    fetched({
      prefixes: [prefix('/app', { '/app/db_password': 'from-prefix', '/app/db_host': 'h', '/app/port': '5432' })],
      secrets: [{ source: { kind: 'secret', entry: 'prod/api', secretId: 'prod/api', envPrefix: '' } as never, secret: secret('prod/api', '{"db_key":"k"}') }],
      references: [reference('TOKEN', 'sm://prod/token', secret('prod/token', 'tok'))],
    }),
    ['DB_*', 'TOKEN'],
  );
  t.same(
    placed.env,
    {
      DB_PASSWORD_FILE: `${DIR}/DB_PASSWORD`,
      DB_HOST_FILE: `${DIR}/DB_HOST`,
      DB_KEY_FILE: `${DIR}/DB_KEY`,
      TOKEN_FILE: `${DIR}/TOKEN`,
      PORT: '5432',
    },
    'the old DB_PASSWORD is gone too',
  );
  t.same(Object.fromEntries(placed.files.map((f) => [f.name, text(f.bytes)])), { DB_HOST: 'h', DB_KEY: 'k', DB_PASSWORD: 'from-prefix', TOKEN: 'tok' });
});

t.test('a NAME_FILE that --file-vars would set but is already set is an error naming both', async (t) => {
  t.same(
    failures(() => place({ DB_PASSWORD_FILE: '/run/pw' }, fetched({ prefixes: [prefix('/app', { '/app/db_password': 'x' })] }), ['DB_*'])),
    ['DB_PASSWORD goes to a file (--file-vars DB_*), but DB_PASSWORD_FILE, which would hold its path, is already set in the environment'],
  );
  t.same(
    failures(() =>
      place(
        { A_FILE: '/x' },
        fetched({
          prefixes: [prefix('/app', { '/app/a': '1', '/app/b': '2', '/app/b_file': '3' })],
          references: [reference('C_FILE', 'sm://s', secret('s', 'v')), reference('C', 'sm://t', secret('t', 'w'))],
        }),
        ['A', 'B', 'C'],
      ),
    ),
    [
      'A goes to a file (--file-vars A), but A_FILE, which would hold its path, is already set in the environment',
      'B goes to a file (--file-vars B), but B_FILE, which would hold its path, is already set by prefix /app',
      'C goes to a file (--file-vars C), but C_FILE, which would hold its path, is already set by reference sm://s',
    ],
  );
});

t.test("--no-overwrite: a kept value is not this tool's, it stays in the environment", async (t) => {
  const placed = place({ DB_PASSWORD: 'mine' }, fetched({ prefixes: [prefix('/app', { '/app/db_password': 'x', '/app/db_user': 'u' })] }), ['DB_*'], false);
  t.same(placed.env, { DB_PASSWORD: 'mine', DB_USER_FILE: `${DIR}/DB_USER` });
});

t.test('a binary secret: byte for byte into a file; still an error as a variable', async (t) => {
  const bytes = Uint8Array.from([0, 0xff, 0xfe, 0x41, 0x0a, 0x80]);
  const cert = secret('prod/cert', undefined, bytes);
  const placed = place({}, fetched({ references: [reference('CERT_FILE', 'sm://prod/cert', cert), reference('KEY', 'sm://prod/cert', cert)] }), ['KEY']);
  t.same(
    placed.files.map((f) => [f.name, [...f.bytes]]),
    [
      ['CERT', [...bytes]],
      ['KEY', [...bytes]],
    ],
  );
  t.same(placed.env, { CERT_FILE: `${DIR}/CERT`, KEY_FILE: `${DIR}/KEY` });
  t.same(
    failures(() => place({}, fetched({ references: [reference('CERT', 'sm://prod/cert', cert)] }))),
    ['CERT: secret prod/cert holds binary data (SecretBinary), which cannot be put in an environment variable'],
  );
  t.same(
    failures(() => place({}, fetched({ references: [reference('CERT_FILE', 'sm://prod/cert:key', cert)] }))),
    ['CERT_FILE: secret prod/cert holds binary data (SecretBinary), which cannot be put in an environment variable'],
    'a JSON key of a binary secret is still an error',
  );
});

t.test('unsafe names are refused before anything is written', async (t) => {
  t.same(
    failures(() => place({}, fetched({ references: [reference('a.b_FILE', 'sm://s', secret('s', 'v'))] }))),
    ['a.b_FILE: "a.b" is not a valid variable name, so it cannot name a file'],
  );
  t.throws(() => fileSelector({ dir: DIR, patterns: ['../*'] }), { message: /^--file-vars: "\.\.\/\*" can never match a variable name/ });
  t.equal(fileSelector({ dir: undefined, patterns: [] }).dir, '/dev/shm/ssm-entrypoint', 'the default directory');
});
