// References (ssm://, sm://) and whole secrets through the built artifacts, offline
// (--from-file): every syntax, precedence, JSON expansion, failures, and no secret value
// on stderr.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';
import { VALUE_FAILURE_ENV, VALUE_FAILURE_MESSAGES } from './value-failures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-refs-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

// Every value a test could leak has "SECRET" in it; stderr must never contain one.
const store = {
  parameters: {
    '/app/db/user': 'SECRET-user',
    '/app/db/password': { type: 'SecureString', value: 'SECRET-password' },
    'top-level': 'SECRET-top',
    '/app/flag': { versions: ['SECRET-v1', { value: 'SECRET-v2', labels: ['prod'] }, 'SECRET-v3'] },
    '/app/prefixed/level': 'SECRET-from-prefix',
    '/app/prefixed/only_prefix': 'SECRET-only-prefix',
  },
  secrets: {
    'prod/db': { value: { username: 'SECRET-db-user', password: 'SECRET-db-pass', port: 5432, ssl: true, level: 'SECRET-from-secret' } },
    'prod/token': 'SECRET-token',
    'prod/rotated': {
      versions: [
        { id: 'old', value: { password: 'SECRET-previous' }, stages: ['AWSPREVIOUS'] },
        { id: 'new', value: { password: 'SECRET-current' } },
      ],
    },
    'prod/nested': { value: { ok: 'SECRET-ok', deep: { x: 'SECRET-deep' } } },
    'prod/cert': { binary: 'AAEC' },
  },
};
const file = path.join(dir, 'store.json');
writeFileSync(file, JSON.stringify(store));
const printEnv = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';

for (const tool of artifacts()) {
  const run = async (args: string[], env: Record<string, string>) => {
    const r = await execa(...toolArgv(tool, ['--from-file', file, ...args], cleanEnv(env)), { reject: false, stripFinalNewline: false });
    return { ...r, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const noSecretIn = (t: Test, text: string) => t.notMatch(text, /SECRET-/, 'no secret value on stderr');

  t.test(tool.name, async (t) => {
    t.test('every reference syntax', async (t) => {
      const refs = {
        USER: 'ssm://app/db/user',
        USER_SLASH: 'ssm:///app/db/user',
        PASSWORD: 'ssm://app/db/password',
        TOP: 'ssm://top-level',
        FLAG: 'ssm://app/flag',
        FLAG_V1: 'ssm://app/flag:1',
        FLAG_PROD: 'ssm://app/flag:prod',
        FLAG_ARN: 'ssm://arn:aws:ssm:eu-west-1:123456789012:parameter/app/flag:1',
        TOKEN: 'sm://prod/token',
        DB_JSON: 'sm://prod/db',
        DB_PASS: 'sm://prod/db:password',
        DB_PASS_ECS: 'sm://prod/db:password::',
        DB_PORT: 'sm://prod/db:port',
        DB_SSL: 'sm://prod/db:ssl',
        DB_ARN: `sm://${ARN}:password::`,
        DB_PARTIAL_ARN: 'sm://arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db:username',
        PREVIOUS: 'sm://prod/rotated:password:AWSPREVIOUS:',
        BY_ID: 'sm://prod/rotated:password::old',
        UNTOUCHED: ' ssm://app/db/user',
        ALSO_UNTOUCHED: 'SSM://app/db/user',
      };
      const r = await run(printEnv, refs);
      t.equal(r.exitCode, 0, r.stderr);
      t.match(JSON.parse(r.stdout), {
        USER: 'SECRET-user',
        USER_SLASH: 'SECRET-user',
        PASSWORD: 'SECRET-password',
        TOP: 'SECRET-top',
        FLAG: 'SECRET-v3',
        FLAG_V1: 'SECRET-v1',
        FLAG_PROD: 'SECRET-v2',
        FLAG_ARN: 'SECRET-v1',
        TOKEN: 'SECRET-token',
        DB_JSON: JSON.stringify(store.secrets['prod/db'].value),
        DB_PASS: 'SECRET-db-pass',
        DB_PASS_ECS: 'SECRET-db-pass',
        DB_PORT: '5432',
        DB_SSL: 'true',
        DB_ARN: 'SECRET-db-pass',
        DB_PARTIAL_ARN: 'SECRET-db-user',
        PREVIOUS: 'SECRET-previous',
        BY_ID: 'SECRET-previous',
        UNTOUCHED: ' ssm://app/db/user',
        ALSO_UNTOUCHED: 'SSM://app/db/user',
      });
      t.match(r.stderr, /^ssm-entrypoint: loaded 18 variable\(s\) from 18 references in \d+ ms\n$/);
      noSecretIn(t, r.stderr);
    });

    t.test('whole secrets: one variable per key, name rule then ENV_PREFIX', async (t) => {
      const r = await run(printEnv, { SECRETS_MANAGER_SECRET_IDS: `DB_:prod/db, X_:${ARN}` });
      t.equal(r.exitCode, 0, r.stderr);
      t.match(JSON.parse(r.stdout), {
        DB_USERNAME: 'SECRET-db-user',
        DB_PASSWORD: 'SECRET-db-pass',
        DB_PORT: '5432',
        DB_SSL: 'true',
        X_USERNAME: 'SECRET-db-user',
      });
      t.match(r.stderr, /loaded 10 variable\(s\) from secrets prod\/db, arn:aws:secretsmanager:\S+ in \d+ ms/);
      noSecretIn(t, r.stderr);
    });

    t.test('precedence: prefixes < whole secrets < references; --no-overwrite never keeps a reference', async (t) => {
      const env = {
        PARAMETER_STORE_PREFIX: '/app/prefixed',
        SECRETS_MANAGER_SECRET_IDS: 'prod/db',
        LEVEL: 'sm://prod/token',
        USERNAME: 'existing',
        ONLY_PREFIX: 'existing',
      };
      const replaced = await run(printEnv, env);
      t.equal(replaced.exitCode, 0, replaced.stderr);
      t.match(JSON.parse(replaced.stdout), { LEVEL: 'SECRET-token', USERNAME: 'SECRET-db-user', ONLY_PREFIX: 'SECRET-only-prefix' });
      t.match(replaced.stderr, /replaced existing variable\(s\): ONLY_PREFIX, USERNAME\n/, 'a resolved reference is not reported as replaced');
      t.match(replaced.stderr, /from prefix \/app\/prefixed; secret prod\/db; 1 reference in/);

      const kept = await run(['--no-overwrite', ...printEnv], env);
      t.match(JSON.parse(kept.stdout), { LEVEL: 'SECRET-token', USERNAME: 'existing', ONLY_PREFIX: 'existing' });
      t.match(kept.stderr, /kept existing variable\(s\) \(--no-overwrite\): ONLY_PREFIX, USERNAME\n/);
      noSecretIn(t, replaced.stderr + kept.stderr);
    });

    t.test('not found, wrong keys, non-JSON, nested, binary: exit 125, everything named, nothing leaked', async (t) => {
      const marker = path.join(dir, `started-${tool.execve}`);
      const fetchFailures = await run(['touch', marker], {
        A: 'ssm://app/nope',
        B: 'ssm://app/flag:9',
        C: 'ssm://app/flag:staging',
        D: 'sm://prod/nope',
        E: 'sm://prod/rotated::AWSPENDING',
      });
      t.equal(fetchFailures.exitCode, 125);
      t.equal(
        fetchFailures.stderr.replace(/;.*$/gm, ''),
        [
          'ssm-entrypoint: error: parameter /app/nope not found, wanted by A',
          'ssm-entrypoint: error: version 9 of parameter /app/flag not found, wanted by B',
          'ssm-entrypoint: error: parameter /app/flag with label "staging" not found, wanted by C',
          'ssm-entrypoint: error: secret prod/nope not found, wanted by D',
          'ssm-entrypoint: error: version stage AWSPENDING of secret prod/rotated not found, wanted by E',
          'ssm-entrypoint: error: the command was not started',
          '',
        ].join('\n'),
      );

      const valueFailures = await run(['touch', marker], { ...VALUE_FAILURE_ENV, SECRETS_MANAGER_SECRET_IDS: 'prod/nested,prod/token' });
      t.equal(valueFailures.exitCode, 125);
      for (const message of VALUE_FAILURE_MESSAGES) t.match(valueFailures.stderr, message);
      t.match(valueFailures.stderr, 'secret entry prod/token: secret prod/token is not JSON (plain text)');
      noSecretIn(t, fetchFailures.stderr + valueFailures.stderr);
      t.notOk(await execa('test', ['-e', marker], { reject: false }).then((r) => r.exitCode === 0), 'the command never ran');
    });

    t.test('malformed references and secret ids: usage errors naming the variable, exit 125', async (t) => {
      const r = await run(['true'], {
        X: 'sm://:password',
        Y: 'ssm://a/b:',
        Z: 'ssm://arn:aws:ssm:eu-west-1:1:parameter/x',
        SECRETS_MANAGER_SECRET_IDS: 'prod/db:password',
      });
      t.equal(r.exitCode, 125);
      t.match(r.stderr, /error: secret "prod\/db:password" has ENV_PREFIX "prod\/db"/);
      t.match(r.stderr, /error: X: the reference "sm:\/\/:password" names no secret; references are ssm:\/\/NAME/);
      t.match(r.stderr, /error: Y: the reference "ssm:\/\/a\/b:" has nothing after ':'/);
      t.match(r.stderr, /error: Z: the reference "ssm:\/\/arn:aws:ssm:eu-west-1:1:parameter\/x" has account "1"/);
    });
  });
}
