// Who chooses variable names, and what the command receives: dangerous names from a prefix
// or a whole secret are refused (references are not), a `__proto__` variable survives, and
// JSON numbers arrive as written. Through both artifacts (the bundle on this Node, the
// single executable on Node 24), against the offline store and a real moto_server.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { putParameters, putSecret } from '../harness/aws.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-names-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const marker = path.join(dir, 'pwned');

// Every value contains "SECRET-" or is a number; stderr must never show one.
const LEAK = /SECRET-|12345678901234567890|1\.50/;
const NUMBERS = '{"big": 12345678901234567890, "huge": 1e400, "money": 1.50, "zero": -0, "exp": 2.5E+3, "name": "SECRET-n", "flag": true}';
const EXPECTED_NUMBERS = { BIG: '12345678901234567890', HUGE: '1e400', MONEY: '1.50', ZERO: '-0', EXP: '2.5E+3', NAME: 'SECRET-n', FLAG: 'true' };
const parameters = {
  '/app/bash_env': `$(touch ${marker})`,
  '/app/db/host': 'SECRET-host',
  '/safe/db/host': 'SECRET-safe-host',
  '/safe/ld_preload': 'SECRET-not-a-library',
};
const secrets = {
  'prod/preload': JSON.stringify({ LD_PRELOAD: '', user: 'SECRET-user' }),
  'prod/proto': '{"__proto__": "SECRET-proto-key", "ok": "SECRET-ok"}',
  'prod/numbers': NUMBERS,
};

interface Store {
  name: string;
  args: string[];
  env: Record<string, string>;
}
const stores: Store[] = [];
const offline = path.join(dir, 'store.json');
writeFileSync(offline, JSON.stringify({ parameters, secrets }));
stores.push({ name: 'offline store', args: ['--from-file', offline], env: {} });
const moto = await startMoto();
if (moto) {
  t.teardown(() => moto.stop());
  await putParameters(
    moto.url,
    Object.entries(parameters).map(([name, value]) => ({ name, value })),
  );
  for (const [name, value] of Object.entries(secrets)) await putSecret(moto.url, name, value);
  stores.push({ name: 'moto', args: ['--timeout', '20'], env: moto.env });
} else {
  t.comment(MOTO_MISSING);
}

/** `{__proto__: value}` as an own property (an object literal would set the prototype). */
const proto = (value: string): Record<string, string> => JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`);

/** `env -0` of the command: exactly what it received, `__proto__` included. */
const received = (stdout: string) =>
  new Map(
    stdout
      .split('\0')
      .filter((l) => l !== '')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

for (const tool of artifacts()) {
  for (const store of stores) {
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const r = await execa(...toolArgv(tool, [...store.args, ...args], cleanEnv({ ...store.env, ...env })), { reject: false });
      t.notMatch(r.stderr, LEAK, 'no value on stderr');
      return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
    };

    t.test(`${tool.name}, ${store.name}`, async (t) => {
      t.test('a prefix naming BASH_ENV: refused (125, the parameter and why), the command not started', async (t) => {
        const r = await run(['--prefix', '/app', 'sh', '-c', 'echo started']);
        t.equal(r.exitCode, 125);
        t.equal(r.stdout, '');
        t.match(
          r.stderr,
          /error: parameter \/app\/bash_env under prefix \/app would set BASH_ENV, a name refused from the store's contents: bash and sh run the file it names when a script starts; if that is intended, allow it with --allow-name BASH_ENV/,
        );
        t.match(r.stderr, 'the command was not started');
        t.notOk(existsSync(marker));
        const dry = await run(['--dry-run', '--prefix', '/app', 'true']);
        t.equal(dry.exitCode, 125, 'a dry run fails as the real run would');
        const allowed = await run(['--allow-name', 'BASH_ENV', '--prefix', '/app', 'env', '-0']);
        t.equal(allowed.exitCode, 0, allowed.stderr);
        t.equal(received(allowed.stdout).get('BASH_ENV'), parameters['/app/bash_env']);
        t.equal(received(allowed.stdout).get('DB_HOST'), 'SECRET-host');
      });

      t.test('a whole secret with key LD_PRELOAD: refused naming the key; allowed by SSM_ENTRYPOINT_ALLOW_NAME', async (t) => {
        const r = await run(['--secret', 'prod/preload', 'echo', 'started']);
        t.equal(r.exitCode, 125);
        t.equal(r.stdout, '');
        t.match(
          r.stderr,
          /error: key "LD_PRELOAD" of secret prod\/preload would set LD_PRELOAD \(LD_\*\), a name refused from the store's contents: the dynamic loader reads it/,
        );
        // Allowed (by a pattern); empty, so the loader has nothing to load.
        const allowed = await run(['env', '-0'], { SECRETS_MANAGER_SECRET_IDS: 'prod/preload', SSM_ENTRYPOINT_ALLOW_NAME: 'LD_*,OTHER' });
        t.equal(allowed.exitCode, 0);
        t.equal(received(allowed.stdout).get('LD_PRELOAD'), '');
        const namespaced = await run(['env', '-0'], {
          SECRETS_MANAGER_SECRET_IDS: 'APP_:prod/preload',
          PARAMETER_STORE_PREFIX: '/safe',
          PARAMETER_STORE_ENV_PREFIX: 'DB_',
        });
        t.equal(namespaced.exitCode, 0, namespaced.stderr);
        t.match(Object.fromEntries(received(namespaced.stdout)), {
          APP_LD_PRELOAD: '',
          APP_USER: 'SECRET-user',
          DB_LD_PRELOAD: 'SECRET-not-a-library',
          DB_DB_HOST: 'SECRET-safe-host',
        });
        const bad = await run(['--allow-name', 'LD-PRELOAD', 'true']);
        t.equal(bad.exitCode, 125);
        t.match(bad.stderr, '--allow-name: "LD-PRELOAD" can never match a variable name');
      });

      t.test('references are named by the task definition: BASH_ENV=ssm://... and PATH are allowed', async (t) => {
        const r = await run(['env', '-0'], { BASH_ENV: 'ssm://app/db/host', NODE_OPTIONS: 'sm://prod/preload:user' });
        t.equal(r.exitCode, 0, r.stderr);
        t.equal(received(r.stdout).get('BASH_ENV'), 'SECRET-host');
        t.equal(received(r.stdout).get('NODE_OPTIONS'), 'SECRET-user');
      });

      t.test('a variable named __proto__ reaches the command', async (t) => {
        const passThrough = await run(['env', '-0'], { ...proto('kept'), OTHER: 'x' });
        t.equal(passThrough.exitCode, 0, passThrough.stderr);
        t.equal(received(passThrough.stdout).get('__proto__'), 'kept', 'no source: passed through');
        const withSource = await run(['--prefix', '/safe', '--env-prefix', 'DB_', 'env', '-0'], proto('kept'));
        t.equal(withSource.exitCode, 0, withSource.stderr);
        t.equal(received(withSource.stdout).get('__proto__'), 'kept', 'beside fetched variables');
        const reference = await run(['env', '-0'], proto('ssm://app/db/host'));
        t.equal(reference.exitCode, 0, reference.stderr);
        t.equal(received(reference.stdout).get('__proto__'), 'SECRET-host', 'a reference');
        const key = await run(['--secret', 'prod/proto', 'env', '-0']);
        t.equal(received(key.stdout).get('__PROTO__'), 'SECRET-proto-key', 'a secret key, upper-cased by the name rule');
        const print = await run(['--print', '--format', 'json'], proto('ssm://app/db/host'));
        t.equal(print.stdout, '{\n  "__proto__": "SECRET-host"\n}', '--print');
      });

      t.test('JSON numbers arrive as written in the secret', async (t) => {
        const whole = await run(['--secret', 'prod/numbers', 'env', '-0']);
        t.equal(whole.exitCode, 0, whole.stderr);
        t.match(Object.fromEntries(received(whole.stdout)), EXPECTED_NUMBERS);
        const keys = await run(['env', '-0'], {
          BIG: 'sm://prod/numbers:big',
          HUGE: 'sm://prod/numbers:huge::',
          MONEY: 'sm://prod/numbers:money',
          WHOLE: 'sm://prod/numbers',
        });
        t.equal(keys.exitCode, 0, keys.stderr);
        t.match(Object.fromEntries(received(keys.stdout)), { BIG: '12345678901234567890', HUGE: '1e400', MONEY: '1.50', WHOLE: NUMBERS });
      });
    });
  }
}
