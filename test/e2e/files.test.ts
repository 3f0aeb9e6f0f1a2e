// Secrets as files through every built artifact: NAME_FILE=<reference> and --file-vars, byte
// for byte (a binary secret with NUL and invalid UTF-8, from the offline file and from moto's
// SecretBinary), modes, owner under --user, the environment the command gets, no value on
// stderr, --dry-run and --print, and every failure: 125 before the command starts.
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const root = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-files-e2e-'));
chmodSync(root, 0o755); // --user nobody must reach the files and the inspector
const mounts: string[] = [];
t.teardown(() => {
  for (const m of mounts) spawnSync('umount', [m]);
  rmSync(root, { recursive: true, force: true });
});
const isRoot = process.getuid?.() === 0;

// Every text value contains SECRET-; the binary one is BINARY (NUL and invalid UTF-8 inside).
const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x53, 0x45, 0x43, 0x0a, 0x80, 0x00]);
const LEAK = /SECRET-|\u00ff\u00fe|\/w\/5T/;
const store = path.join(root, 'store.json');
writeFileSync(
  store,
  JSON.stringify({
    parameters: {
      '/app/db_password': { type: 'SecureString', value: 'SECRET-param-pass' },
      '/app/db_user': 'SECRET-param-user',
      '/app/port': '5432',
    },
    secrets: {
      'prod/db': { value: { password: 'SECRET-pg-pass\n', username: 'SECRET-pg-user' } },
      'prod/cert': { binary: BINARY.toString('base64') },
      'prod/token': 'SECRET-token',
    },
  }),
);
chmodSync(store, 0o644);

// The command: its environment, and every file a *_FILE variable names (mode, owner, bytes).
const inspector = path.join(root, 'inspect.cjs');
writeFileSync(
  inspector,
  `
const fs = require('node:fs');
const files = {};
for (const [k, v] of Object.entries(process.env)) {
  if (!k.endsWith('_FILE') || k.startsWith('AWS_')) continue;
  const st = fs.statSync(v);
  files[k] = { mode: (st.mode & 0o7777).toString(8), uid: st.uid, gid: st.gid, base64: fs.readFileSync(v).toString('base64') };
}
process.stdout.write(JSON.stringify({ env: process.env, files, uid: process.getuid() }));
`,
);
chmodSync(inspector, 0o644);
const inspect = [process.execPath, inspector];
interface Seen {
  env: Record<string, string>;
  files: Record<string, { mode: string; uid: number; gid: number; base64: string }>;
  uid: number;
}
const b64 = (text: string) => Buffer.from(text).toString('base64');

let n = 0;
const freshDir = () => path.join(root, `secrets-${n++}`);
/** A tmpfs at a new directory (root only); undefined where mounting is not allowed. */
function tmpfs(options: string): string | undefined {
  if (!isRoot) return undefined;
  const at = path.join(root, `mount-${n++}`);
  mkdirSync(at);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]).status !== 0) return undefined;
  mounts.push(at);
  return at;
}

for (const tool of artifacts()) {
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const r = await execa(...toolArgv(tool, ['--from-file', store, ...args], cleanEnv(env)), { reject: false, stripFinalNewline: false });
    return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
  };

  t.test(tool.name, async (t) => {
    t.test('NAME_FILE references and --file-vars: files byte for byte, 0400, paths in the environment, values not', async (t) => {
      const dir = freshDir();
      const r = await run(['--secrets-dir', dir, '--prefix', '/app', '--file-vars', 'DB_*,TOKEN', '--', ...inspect], {
        POSTGRES_PASSWORD_FILE: 'sm://prod/db:password',
        TLS_CERT_FILE: 'sm://prod/cert',
        TOKEN: 'sm://prod/token',
        DB_PASSWORD: 'replaced-and-removed',
      });
      t.equal(r.exitCode, 0, r.stderr);
      const seen = JSON.parse(r.stdout) as Seen;
      t.same(
        Object.fromEntries(Object.entries(seen.env).filter(([k]) => /_FILE$|^DB_|^TOKEN$|^PORT$|^POSTGRES/.test(k))),
        {
          POSTGRES_PASSWORD_FILE: `${dir}/POSTGRES_PASSWORD`,
          TLS_CERT_FILE: `${dir}/TLS_CERT`,
          TOKEN_FILE: `${dir}/TOKEN`,
          DB_PASSWORD_FILE: `${dir}/DB_PASSWORD`,
          DB_USER_FILE: `${dir}/DB_USER`,
          PORT: '5432',
        },
        'DB_PASSWORD, DB_USER and TOKEN are gone from the environment; PORT did not match',
      );
      t.same(Object.fromEntries(Object.entries(seen.files).map(([k, f]) => [k, f.base64])), {
        POSTGRES_PASSWORD_FILE: b64('SECRET-pg-pass\n'),
        TLS_CERT_FILE: BINARY.toString('base64'),
        TOKEN_FILE: b64('SECRET-token'),
        DB_PASSWORD_FILE: b64('SECRET-param-pass'),
        DB_USER_FILE: b64('SECRET-param-user'),
      });
      for (const [k, f] of Object.entries(seen.files)) t.match(f, { mode: '400', uid: process.getuid!() }, k); // the tool's own user without --user
      t.same(readdirSync(dir).sort(), ['.ssm-entrypoint-dir', 'DB_PASSWORD', 'DB_USER', 'POSTGRES_PASSWORD', 'TLS_CERT', 'TOKEN']);
      t.match(r.stderr, `ssm-entrypoint: wrote 5 file(s) in ${dir} for DB_PASSWORD_FILE, DB_USER_FILE, POSTGRES_PASSWORD_FILE, TLS_CERT_FILE, TOKEN_FILE\n`);
      t.notMatch(r.stderr, LEAK, 'no value on stderr');
    });

    t.test('SSM_ENTRYPOINT_FILE_VARS and _SECRETS_DIR; a restart empties the directory of the old files', async (t) => {
      const dir = freshDir();
      const first = await run(['--', ...inspect], {
        SSM_ENTRYPOINT_SECRETS_DIR: dir,
        SSM_ENTRYPOINT_FILE_VARS: 'A',
        A: 'sm://prod/token',
        OLD_FILE: 'sm://prod/token',
      });
      t.equal(first.exitCode, 0, first.stderr);
      t.same(readdirSync(dir).sort(), ['.ssm-entrypoint-dir', 'A', 'OLD']);
      const second = await run(['--', ...inspect], { SSM_ENTRYPOINT_SECRETS_DIR: dir, SSM_ENTRYPOINT_FILE_VARS: 'A', A: 'sm://prod/token' });
      t.equal(second.exitCode, 0, second.stderr);
      t.same(readdirSync(dir).sort(), ['.ssm-entrypoint-dir', 'A']);
    });

    t.test('--user: files and directory belong to the user, who reads them; nobody else can', { skip: !isRoot && 'needs root' }, async (t) => {
      const dir = freshDir();
      const r = await run(['--secrets-dir', dir, '--user', 'nobody', '--', ...inspect], { TLS_CERT_FILE: 'sm://prod/cert', PG_FILE: 'sm://prod/db:password' });
      t.equal(r.exitCode, 0, r.stderr);
      const seen = JSON.parse(r.stdout) as Seen;
      t.equal(seen.uid, 65534);
      t.same(seen.files.TLS_CERT_FILE, { mode: '400', uid: 65534, gid: 65534, base64: BINARY.toString('base64') });
      t.same(seen.files.PG_FILE, { mode: '400', uid: 65534, gid: 65534, base64: b64('SECRET-pg-pass\n') });
      const other = spawnSync('cat', [`${dir}/PG`], { uid: 1, gid: 1 });
      t.not(other.status, 0, 'another user cannot read it');
    });

    t.test('--dry-run lists the files (path, mode, owner, value masked) and writes nothing', async (t) => {
      const dir = freshDir();
      const r = await run(['--secrets-dir', dir, '--dry-run', 'true'], { TLS_CERT_FILE: 'sm://prod/cert', TOKEN_FILE: 'sm://prod/token' });
      t.equal(r.exitCode, 0, r.stderr);
      t.match(r.stdout, new RegExp(`TLS_CERT_FILE +reference sm://prod/cert +prod/cert +v1 +${dir}/TLS_CERT +new\n`));
      t.match(r.stdout, `files in ${dir} (directory 0700, emptied first):\n`);
      t.match(r.stdout, new RegExp(`${dir}/TLS_CERT +0400 +\\S+ \\(\\d+:\\d+\\) +\\*\\*\\* \\(9 bytes\\)\n`));
      t.match(r.stdout, new RegExp(`${dir}/TOKEN +0400 +\\S+ \\(\\d+:\\d+\\) +\\*\\*\\* \\(12 bytes\\)\n`));
      t.notMatch(r.stdout + r.stderr, LEAK);
      t.notOk(existsSync(dir), 'nothing written');
      const json = await run(['--secrets-dir', dir, '--dry-run', '--log-format', 'json', 'true'], { TOKEN_FILE: 'sm://prod/token' });
      t.same(JSON.parse(json.stdout).files, {
        dir,
        entries: [
          { path: `${dir}/TOKEN`, variable: 'TOKEN_FILE', mode: '0400', owner: JSON.parse(json.stdout).files.entries[0].owner, value: '*** (12 bytes)' },
        ],
      });
      const shown = await run(['--secrets-dir', dir, '--dry-run', '--show-values', 'true'], { TOKEN_FILE: 'sm://prod/token' });
      t.match(shown.stdout, / SECRET-token\n/, '--show-values shows it');
    });

    t.test('--print prints the path of a _FILE variable (its file written), never the value', async (t) => {
      const dir = freshDir();
      const r = await run(['--secrets-dir', dir, '--print', '--format', 'env', '--prefix', '/app', '--file-vars', 'DB_PASSWORD'], {
        TOKEN_FILE: 'sm://prod/token',
      });
      t.equal(r.exitCode, 0, r.stderr);
      t.equal(r.stdout, `DB_PASSWORD_FILE=${dir}/DB_PASSWORD\nDB_USER=SECRET-param-user\nPORT=5432\nTOKEN_FILE=${dir}/TOKEN\n`);
      t.equal(readFileSync(`${dir}/TOKEN`, 'utf8'), 'SECRET-token');
    });

    t.test('--doctor: the directory writable and in memory; a warning on disk', async (t) => {
      const inMemory = `/dev/shm/ssm-entrypoint-doctor-${process.pid}`; // not created: the doctor writes nothing
      const r = await run(['--doctor', '--secrets-dir', inMemory], { TOKEN_FILE: 'sm://prod/token' });
      t.equal(r.exitCode, 0, r.stdout);
      t.match(r.stdout, new RegExp(`PASS  secrets directory +${inMemory} \\(to be created in /dev/shm\\): writable, in memory \\(tmpfs\\)\n`));
      t.notOk(existsSync(inMemory));
      const onDisk = statfsSync(root).type !== 0x01021994;
      const disk = await run(['--doctor', '--secrets-dir', `${root}/s`, '--file-vars', 'X']);
      if (onDisk)
        t.match(disk.stdout, new RegExp(`WARN  secrets directory +${root}/s \\(to be created in ${root}\\): writable, but on a disk-backed file system`));
      t.equal(disk.exitCode, 0, 'a warning does not fail the doctor');
      const none = await run(['--doctor'], { TOKEN: 'sm://prod/token' });
      t.notMatch(none.stdout, 'secrets directory', 'no check when no file is asked for');
    });

    t.test('a binary secret as a variable is still an error; as a file it is fine', async (t) => {
      const r = await run(['true'], { TLS_CERT: 'sm://prod/cert' });
      t.equal(r.exitCode, 125);
      t.match(r.stderr, 'TLS_CERT: secret prod/cert holds binary data (SecretBinary), which cannot be put in an environment variable');
    });

    t.test('failures: 125 naming the path, the command never started, nothing half written', async (t) => {
      const marker = path.join(root, `started-${n++}`);
      const start = ['touch', marker];
      const env = { PG_FILE: 'sm://prod/db:password' };
      const fails = async (t: Test, args: string[], message: string | RegExp, extraEnv: Record<string, string> = {}) => {
        const r = await run([...args, '--', ...start], { ...env, ...extraEnv });
        t.equal(r.exitCode, 125, r.stderr);
        t.match(r.stderr, message);
        t.notMatch(r.stderr, LEAK);
        t.notOk(existsSync(marker), 'the command did not run');
      };

      t.test('a symbolic link planted in the directory', async (t) => {
        const dir = freshDir();
        const ok = await run(['--secrets-dir', dir, 'true'], env);
        t.equal(ok.exitCode, 0, ok.stderr);
        const target = path.join(root, `target-${n++}`);
        writeFileSync(target, 'untouched');
        symlinkSync(target, `${dir}/PG_OLD`);
        await fails(
          t,
          ['--secrets-dir', dir],
          `ssm-entrypoint: error: ${dir}/PG_OLD in the secrets directory is a symbolic link; refusing to write secrets next to it; `,
        );
        t.equal(readFileSync(target, 'utf8'), 'untouched');
      });

      t.test('the directory a symbolic link', async (t) => {
        const real = freshDir();
        mkdirSync(real);
        const link = freshDir();
        symlinkSync(real, link);
        await fails(t, ['--secrets-dir', link], `ssm-entrypoint: error: secrets directory ${link} is a symbolic link; refusing to follow it; `);
        t.same(readdirSync(real), []);
      });

      t.test('a directory that cannot be created', async (t) => {
        const file = path.join(root, `plain-${n++}`);
        writeFileSync(file, '');
        await fails(
          t,
          ['--secrets-dir', `${file}/secrets`],
          new RegExp(`ssm-entrypoint: error: cannot create the secrets directory ${file}/secrets \\((ENOTDIR|EEXIST)\\)`),
        );
        const ro = tmpfs('size=64k,ro');
        if (ro)
          await fails(
            t,
            ['--secrets-dir', `${ro}/secrets`],
            `ssm-entrypoint: error: cannot create the secrets directory ${ro}/secrets (EROFS): the command was not started, no file was left half written; the file system is read-only`,
          );
      });

      t.test('a full file system', { skip: !isRoot && 'needs root to mount a small tmpfs' }, async (t) => {
        const small = tmpfs('size=4k');
        if (!small) return t.plan(0, 'mount not allowed');
        const big = path.join(root, `big-${n++}.json`);
        writeFileSync(big, JSON.stringify({ secrets: { big: { binary: Buffer.alloc(64 * 1024, 1).toString('base64') }, pg: 'SECRET-small' } }));
        const r = await execa(
          ...toolArgv(tool, ['--from-file', big, '--secrets-dir', `${small}/s`, '--', ...start], cleanEnv({ A_FILE: 'sm://pg', BIG_FILE: 'sm://big' })),
          { reject: false },
        );
        t.equal(r.exitCode, 125, String(r.stderr));
        t.match(
          String(r.stderr),
          `ssm-entrypoint: error: cannot write ${small}/s/BIG (ENOSPC): the command was not started, no file was left half written; the file system is full`,
        );
        t.notOk(existsSync(marker));
        t.same(readdirSync(`${small}/s`), ['.ssm-entrypoint-dir'], 'no file, whole or partial');
      });

      t.test('a NAME_FILE that would collide, a pattern that cannot match', async (t) => {
        await fails(
          t,
          ['--secrets-dir', freshDir(), '--prefix', '/app', '--file-vars', 'DB_USER'],
          'ssm-entrypoint: error: DB_USER goes to a file (--file-vars DB_USER), but DB_USER_FILE, which would hold its path, is already set in the environment',
          { DB_USER_FILE: '/run/x' },
        );
        await fails(t, ['--file-vars', 'DB/*'], `ssm-entrypoint: error: --file-vars: "DB/*" can never match a variable name`);
      });

      t.test('a directory of someone else, or with other files in it, is not emptied', async (t) => {
        const app = freshDir();
        mkdirSync(app);
        writeFileSync(`${app}/server.js`, 'code');
        await fails(t, ['--secrets-dir', app], `ssm-entrypoint: error: secrets directory ${app} is not empty and was not created by ssm-entrypoint`);
        t.same(readdirSync(app), ['server.js']);
      });
    });
  });
}

t.test('moto: a SecretBinary with NUL and invalid UTF-8, alone and in a batch, byte for byte', async (t) => {
  const moto = await startMoto();
  if (!moto) return t.plan(0, MOTO_MISSING);
  t.teardown(() => moto.stop());
  const sm = new SecretsManagerClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  await sm.send(new CreateSecretCommand({ Name: 'prod/cert', SecretBinary: BINARY }));
  await sm.send(new CreateSecretCommand({ Name: 'prod/key', SecretBinary: Buffer.concat([BINARY, BINARY]) }));
  await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: JSON.stringify({ password: 'SECRET-pass' }) }));
  sm.destroy();
  for (const tool of artifacts()) {
    const go = async (env: Record<string, string>) => {
      const dir = freshDir();
      const r = await execa(...toolArgv(tool, ['--secrets-dir', dir, '--', ...inspect], cleanEnv({ ...moto.env, ...env })), { reject: false });
      t.equal(r.exitCode, 0, String(r.stderr));
      t.notMatch(String(r.stderr), LEAK, 'no value on stderr');
      return JSON.parse(String(r.stdout)) as Seen;
    };
    const alone = await go({ CERT_FILE: 'sm://prod/cert' });
    t.same(
      alone.files.CERT_FILE,
      { mode: '400', uid: process.getuid?.(), gid: process.getgid?.(), base64: BINARY.toString('base64') },
      `${tool.name}: GetSecretValue`,
    );
    const batch = await go({ CERT_FILE: 'sm://prod/cert', KEY_FILE: 'sm://prod/key', PG_FILE: 'sm://prod/db:password' });
    t.same(
      Object.fromEntries(Object.entries(batch.files).map(([k, f]) => [k, f.base64])),
      { CERT_FILE: BINARY.toString('base64'), KEY_FILE: Buffer.concat([BINARY, BINARY]).toString('base64'), PG_FILE: b64('SECRET-pass') },
      `${tool.name}: BatchGetSecretValue`,
    );
  }
});
