// AWS identifiers through the built artifacts, offline (--from-file): the offline store
// accepts exactly the names AWS accepts and identifies them as AWS does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-ids-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const RDS_DB = 'rds!db-0a1b2c3d-1111-2222-3333-444455556666';
const V_OLD = 'a1b2c3d4-5678-90ab-cdef-000000000001';
const write = (name: string, data: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
};
const store = write('store.json', {
  parameters: {
    '/TestParam1': { versions: ['SECRET-tp1-v1', { value: 'SECRET-tp1-v2', labels: ['blue'] }] },
    TestParam2: 'SECRET-tp2',
  },
  secrets: {
    [RDS_DB]: { value: { username: 'SECRET-rds-user', password: 'SECRET-rds-pass' } },
    'prod/rotated': { versions: [{ id: V_OLD, value: { password: 'SECRET-old' }, stages: ['AWSPREVIOUS'] }, { value: { password: 'SECRET-new' } }] },
  },
});
const printEnv = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];

for (const tool of artifacts()) {
  const run = async (file: string, args: string[], env: Record<string, string>) => {
    const r = await execa(...toolArgv(tool, ['--from-file', file, ...args], cleanEnv(env)), { reject: false });
    return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
  };

  t.test(tool.name, async (t) => {
    t.test('a top-level parameter with or without its leading /; RDS-managed secrets; other partitions', async (t) => {
      const r = await run(store, printEnv, {
        T1: 'ssm://TestParam1',
        T1_V1: 'ssm://TestParam1:1',
        T1_BLUE: 'ssm:///TestParam1:blue',
        T2: 'ssm:///TestParam2',
        T2_V1: 'ssm:///TestParam2:1',
        RDS: `sm://${RDS_DB}:password`,
        RDS_ARN: `sm://arn:aws-eusc:secretsmanager:eusc-de-east-1:123456789012:secret:${RDS_DB}-AbCdEf:username::`,
        SECRETS_MANAGER_SECRET_IDS: `DB_:arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:${RDS_DB}`,
        BOTH: `sm://prod/rotated:password:AWSPREVIOUS:${V_OLD}`,
      });
      t.equal(r.exitCode, 0, r.stderr);
      t.match(JSON.parse(r.stdout), {
        T1: 'SECRET-tp1-v2',
        T1_V1: 'SECRET-tp1-v1',
        T1_BLUE: 'SECRET-tp1-v2',
        T2: 'SECRET-tp2',
        T2_V1: 'SECRET-tp2',
        RDS: 'SECRET-rds-pass',
        RDS_ARN: 'SECRET-rds-user',
        DB_USERNAME: 'SECRET-rds-user',
        BOTH: 'SECRET-old',
      });
      t.notMatch(r.stderr, /SECRET-/);
    });

    t.test('names AWS refuses are refused in the file, naming the entry', async (t) => {
      const bad = write('bad.json', { parameters: { '/app//x': 'SECRET-a', '/app/y/': 'SECRET-b' } });
      const r = await run(bad, ['echo', 'started'], { PARAMETER_STORE_PREFIX: '/app' });
      t.equal(r.exitCode, 125);
      t.equal(r.stdout, '');
      t.match(r.stderr, `--from-file ${bad}: parameter "/app//x" is not a valid name: it has an empty path segment (// or a trailing /)`);
      const twice = write('twice.json', { parameters: { '/TestParam1': 'SECRET-a', TestParam1: 'SECRET-b' } });
      const r2 = await run(twice, ['echo', 'started'], { T: 'ssm://TestParam1' });
      t.equal(r2.exitCode, 125);
      t.match(r2.stderr, 'parameters "/TestParam1" and "TestParam1" are one parameter');
      t.notMatch(r.stderr + r2.stderr, /SECRET-/);
    });

    t.test('a stage and an id that name different versions; a version id in the stage field', async (t) => {
      const r = await run(store, ['echo', 'started'], {
        MISMATCH: `sm://prod/rotated:password:AWSCURRENT:${V_OLD}`,
        SHIFTED: `sm://prod/rotated:password:${V_OLD}`,
      });
      t.equal(r.exitCode, 125);
      t.match(r.stderr, `SHIFTED: the reference "sm://prod/rotated:password:${V_OLD}" has ${V_OLD} in the VERSION_STAGE field, which looks like a version id`);
      t.match(r.stderr, `for that version id write sm://prod/rotated:password::${V_OLD}`);
      const mismatch = await run(store, ['echo', 'started'], { MISMATCH: `sm://prod/rotated:password:AWSCURRENT:${V_OLD}` });
      t.equal(mismatch.exitCode, 125);
      t.match(mismatch.stderr, `version stage AWSCURRENT and version id ${V_OLD} of secret prod/rotated not found, wanted by MISMATCH`);
      t.match(mismatch.stderr, 'must name the same version');
      t.notMatch(r.stderr + mismatch.stderr, /SECRET-/);
    });
  });
}
