// writeFiles against the real file system: contents byte for byte, modes, owner, the
// directory's checks (planted symbolic links, someone else's directory), a full or
// read-only file system (small tmpfs mounts, as root), and atomic rewrites under a reader.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { MARKER } from '../../src/files/dir.js';
import { writeFiles, type FileToWrite } from '../../src/files/write.js';

const root = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-files-'));
chmodSync(root, 0o755);
const mounts: string[] = [];
t.teardown(() => {
  for (const m of mounts) spawnSync('umount', [m]);
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
const fresh = () => path.join(root, `d${n++}`);
const file = (name: string, content: string | number[]): FileToWrite => ({
  name,
  bytes: typeof content === 'string' ? Buffer.from(content) : Uint8Array.from(content),
});
const listing = (dir: string) => readdirSync(dir).sort();
const isRoot = process.getuid?.() === 0;
/** A tmpfs of `size` at a new directory, as root; undefined where mounting is not allowed. */
function tmpfs(size: string, options = ''): string | undefined {
  if (!isRoot) return undefined;
  const at = fresh();
  mkdirSync(at);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', at]);
  if (r.status !== 0) return undefined;
  mounts.push(at);
  return at;
}
const NO_MOUNT = 'needs root and mount (a small tmpfs)';

t.test('each file byte for byte, 0400, in a 0700 directory that holds nothing else but the marker', async (t) => {
  const dir = path.join(fresh(), 'nested', 'secrets');
  const binary = [0, 0xff, 0xfe, 0x41, 0x0a, 0x80, 0];
  writeFiles(dir, [file('DB_PASSWORD', 'pä$$\nword'), file('CERT', binary), file('EMPTY', '')], undefined);
  t.same(listing(dir), ['.ssm-entrypoint-dir', 'CERT', 'DB_PASSWORD', 'EMPTY']);
  t.same([...readFileSync(path.join(dir, 'CERT'))], binary);
  t.equal(readFileSync(path.join(dir, 'DB_PASSWORD'), 'utf8'), 'pä$$\nword', 'no newline added or removed');
  t.equal(readFileSync(path.join(dir, 'EMPTY')).length, 0);
  for (const name of ['CERT', 'DB_PASSWORD', 'EMPTY']) t.equal(statSync(path.join(dir, name)).mode & 0o7777, 0o400, name);
  t.equal(statSync(dir).mode & 0o7777, 0o700);
});

t.test('idempotent: a second call leaves exactly the new set (changed, same, gone), no temporary file', async (t) => {
  const dir = fresh();
  writeFiles(dir, [file('A', 'a1'), file('B', 'b'), file('GONE', 'g')], undefined);
  writeFiles(dir, [file('A', 'a2'), file('B', 'b'), file('NEW', 'n')], undefined);
  t.same(listing(dir), [MARKER, 'A', 'B', 'NEW']);
  t.equal(readFileSync(path.join(dir, 'A'), 'utf8'), 'a2');
  writeFiles(dir, [], undefined);
  t.same(listing(dir), [MARKER], 'variables that disappeared take their files with them');
});

t.test('owned by the --user target, directory included; back to this process without one', { skip: !isRoot && 'needs root' }, async (t) => {
  const dir = fresh();
  writeFiles(dir, [file('A', 'a')], { uid: 65534, gid: 65534, label: 'nobody (65534:65534)' });
  t.match(statSync(path.join(dir, 'A')), { uid: 65534, gid: 65534 });
  t.match(statSync(dir), { uid: 65534, gid: 65534 });
  const asNobody = spawnSync('cat', [path.join(dir, 'A')], { uid: 65534, gid: 65534, encoding: 'utf8' });
  t.equal(asNobody.stdout, 'a', 'the target user can read it');
  writeFiles(dir, [file('A', 'a')], undefined);
  t.match(statSync(dir), { uid: 0, gid: 0 });
  t.match(statSync(path.join(dir, 'A')), { uid: 0 });
});

t.test('an owner that cannot be set: the path named, nothing written', { skip: isRoot && 'runs as root (chown is allowed)' }, async (t) => {
  const dir = fresh();
  t.throws(() => writeFiles(dir, [file('A', 'a')], { uid: 12345, gid: 12345, label: 'app (12345:12345)' }), {
    message: /^cannot give .* to app \(12345:12345\) \(EPERM\)/,
  });
});

t.test('a symbolic link planted in the directory: refused, its target untouched, the old files kept', async (t) => {
  const dir = fresh();
  writeFiles(dir, [file('A', 'old')], undefined);
  const target = path.join(root, `target-${n}`);
  writeFileSync(target, 'precious');
  symlinkSync(target, path.join(dir, 'A_LINK'));
  t.throws(() => writeFiles(dir, [file('A', 'new'), file('A_LINK', 'x')], undefined), {
    message: `${dir}/A_LINK in the secrets directory is a symbolic link; refusing to write secrets next to it`,
  });
  t.equal(readFileSync(target, 'utf8'), 'precious');
  t.equal(readFileSync(path.join(dir, 'A'), 'utf8'), 'old');
  t.same(listing(dir), [MARKER, 'A', 'A_LINK']);

  const before = fresh();
  mkdirSync(before, { mode: 0o700 });
  symlinkSync(target, path.join(before, 'A'));
  t.throws(
    () => writeFiles(before, [file('A', 'new')], undefined),
    {
      message: `${before}/A in the secrets directory is a symbolic link; refusing to write secrets next to it`,
    },
    'planted before the first run, at the very name: named as a link too',
  );
  t.equal(readFileSync(target, 'utf8'), 'precious');
});

t.test("the directory itself a symbolic link, a file, shared, or someone else's: refused, nothing written", async (t) => {
  const real = fresh();
  mkdirSync(real);
  const link = fresh();
  symlinkSync(real, link);
  t.throws(() => writeFiles(link, [file('A', 'a')], undefined), { message: `secrets directory ${link} is a symbolic link; refusing to follow it` });
  t.same(listing(real), []);

  const plain = fresh();
  writeFileSync(plain, 'x');
  t.throws(() => writeFiles(plain, [file('A', 'a')], undefined), { message: `secrets directory ${plain} exists and is not a directory` });

  const shared = fresh();
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  t.throws(() => writeFiles(shared, [file('A', 'a')], undefined), { message: `secrets directory ${shared} is shared (mode 1777, writable by anyone)` });

  const app = fresh();
  mkdirSync(app);
  writeFileSync(path.join(app, 'server.js'), 'code');
  t.throws(() => writeFiles(app, [file('A', 'a')], undefined), {
    message: `secrets directory ${app} is not empty and was not created by ssm-entrypoint (no ${MARKER} of this user in it)`,
  });
  t.same(listing(app), ['server.js'], 'not emptied');
  t.throws(() => writeFiles('/', [file('A', 'a')], undefined), { message: 'secrets directory / is the root directory' });
});

t.test("someone else's directory, even with a marker they made, is refused", { skip: !isRoot && 'needs root' }, async (t) => {
  const dir = fresh();
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(path.join(dir, MARKER), '');
  spawnSync('chown', ['-R', '65534:65534', dir]);
  t.throws(() => writeFiles(dir, [file('A', 'a')], undefined), { message: `secrets directory ${dir} belongs to uid 65534, not to this process (uid 0)` });
  t.same(listing(dir), [MARKER]);
});

t.test('a full file system: the path named, the old set intact, no temporary file left', async (t) => {
  const small = tmpfs('64k');
  if (!small) return t.plan(0, NO_MOUNT);
  const dir = path.join(small, 'secrets');
  writeFiles(dir, [file('A', 'old-a'), file('B', 'old-b')], undefined);
  t.throws(() => writeFiles(dir, [file('A', 'new-a'), file('B', 'x'.repeat(200_000))], undefined), {
    message: `cannot write ${dir}/B (ENOSPC): the command was not started, no file was left half written`,
    hint: /the file system is full/,
  });
  t.same(listing(dir), [MARKER, 'A', 'B']);
  t.equal(readFileSync(path.join(dir, 'A'), 'utf8'), 'old-a', 'not renamed: the set is all or nothing');
  t.equal(readFileSync(path.join(dir, 'B'), 'utf8'), 'old-b');
});

t.test('a directory that cannot be created or written: the path named', async (t) => {
  const ro = tmpfs('64k', ',ro');
  if (!ro) return t.plan(0, NO_MOUNT);
  t.throws(() => writeFiles(path.join(ro, 'secrets'), [file('A', 'a')], undefined), {
    message: `cannot create the secrets directory ${ro}/secrets (EROFS): the command was not started, no file was left half written`,
  });
  const parentFile = path.join(fresh());
  writeFileSync(parentFile, '');
  t.throws(() => writeFiles(path.join(parentFile, 'secrets'), [file('A', 'a')], undefined), {
    message: /^cannot create the secrets directory .* \((ENOTDIR|EEXIST)\)/,
  });
});

t.test('a reader looping on a file never sees it empty or partial while it is rewritten', async (t) => {
  const dir = fresh();
  const size = 256 * 1024;
  const values = ['A', 'B'].map((c) => c.repeat(size));
  writeFiles(dir, [file('V', values[0]!)], undefined);
  const reader = spawn(
    process.execPath,
    [
      '-e',
      `
    const fs = require('node:fs');
    let reads = 0, bad = 0;
    const stop = Date.now() + 1500;
    while (Date.now() < stop) {
      const s = fs.readFileSync(${JSON.stringify(path.join(dir, 'V'))}, 'latin1');
      reads++;
      if (s.length !== ${size} || (s !== 'A'.repeat(${size}) && s !== 'B'.repeat(${size}))) bad++;
    }
    process.stdout.write(JSON.stringify({ reads, bad }));
  `,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  reader.stdout.on('data', (d) => (out += d));
  const done = new Promise((resolve) => reader.on('close', resolve));
  let writes = 0;
  while (reader.exitCode === null && writes < 2000) {
    writeFiles(dir, [file('V', values[writes % 2]!)], undefined);
    writes++;
    await new Promise((r) => setImmediate(r));
  }
  await done;
  const { reads, bad } = JSON.parse(out) as { reads: number; bad: number };
  t.ok(writes > 10 && reads > 10, `${writes} rewrites, ${reads} reads`);
  t.equal(bad, 0, 'every read saw one whole value');
  t.same(listing(dir), [MARKER, 'V']);
});

t.test('stale temporary files of a crashed run are removed', async (t) => {
  const dir = fresh();
  writeFiles(dir, [file('A', 'a')], undefined);
  chmodSync(dir, 0o700);
  writeFileSync(path.join(dir, '.tmp-1-abc'), 'half');
  writeFiles(dir, [file('A', 'a')], undefined);
  t.same(listing(dir), [MARKER, 'A']);
  t.notOk(existsSync(path.join(dir, '.tmp-1-abc')));
  t.ok(lstatSync(path.join(dir, MARKER)).isFile());
});
