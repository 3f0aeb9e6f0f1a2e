// COMMAND is found as execvp finds it, on the PATH of the environment the command gets;
// 127 when nothing is there, 126 when only non-executable files are.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { Variable } from '../../src/env/build.js';
import { findExecutable, pathSource } from '../../src/exec/lookup.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-lookup-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const a = path.join(dir, 'a');
const b = path.join(dir, 'b');
mkdirSync(a);
mkdirSync(b);
const put = (file: string, text: string | Buffer, mode: number) => {
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
  return file;
};
put(path.join(a, 'tool'), '#!/bin/sh\necho a\n', 0o644); // not executable: skipped, remembered
put(path.join(b, 'tool'), '#!/bin/sh\necho b\n', 0o755);
put(path.join(b, 'plain'), 'echo plain\n', 0o755);
put(path.join(b, 'elf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 0o755);
put(path.join(b, 'tiny'), '#', 0o755);
mkdirSync(path.join(a, 'dir'));

t.test('the first executable file on PATH wins, after non-executable ones', async (t) => {
  t.match(findExecutable(['tool', 'x', 'y'], { PATH: `${a}:${b}` }), { file: path.join(b, 'tool'), argv: ['tool', 'x', 'y'] });
});

t.test('a valid ELF and #! run directly; other executable text runs with /bin/sh, as execvp does', async (t) => {
  t.throws(
    () => findExecutable(['elf'], { PATH: b }),
    { message: `cannot run 'elf': ${path.join(b, 'elf')} is not a valid ELF file`, exitCode: 126 },
    'a truncated ELF header',
  );
  t.match(findExecutable(['true'], { PATH: '/usr/bin:/bin' }), { argv: ['true'] });
  t.match(findExecutable(['plain', '1'], { PATH: b }), { file: '/bin/sh', argv: ['/bin/sh', path.join(b, 'plain'), '1'] });
  t.match(findExecutable(['tiny'], { PATH: b }), { file: '/bin/sh', argv: ['/bin/sh', path.join(b, 'tiny')] }, 'shorter than a magic number');
});

t.test('a name with a slash is not looked up on PATH', async (t) => {
  const file = path.join(b, 'tool');
  t.match(findExecutable([file], { PATH: '/nonexistent' }), { file, argv: [file] });
  t.throws(() => findExecutable([path.join(b, 'missing')], { PATH: b }), { message: `command '${path.join(b, 'missing')}' not found`, exitCode: 127 });
});

t.test('127: nothing found, the PATH searched is named', async (t) => {
  t.throws(() => findExecutable(['no-such-tool'], { PATH: `${a}:${b}` }), {
    message: `command 'no-such-tool' not found on PATH (${a}:${b})`,
    exitCode: 127,
    hint: "check the image's CMD and that the program is installed in the image",
  });
});

t.test('126: only a file that is not executable, or a directory', async (t) => {
  t.throws(() => findExecutable(['tool'], { PATH: a }), { message: `cannot run 'tool': ${path.join(a, 'tool')} is not an executable file`, exitCode: 126 });
  t.throws(() => findExecutable(['dir'], { PATH: a }), { message: `cannot run 'dir': ${path.join(a, 'dir')} is not an executable file`, exitCode: 126 });
});

t.test("PATH unset: execvp's default path", async (t) => {
  const found = findExecutable(['sh', '-c', 'true'], {});
  t.match(found.file, /^\/(usr\/)?(local\/)?s?bin\/sh$/);
  t.throws(() => findExecutable(['no-such-tool'], {}), {
    message: "command 'no-such-tool' not found on PATH (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)",
  });
});

t.test('an empty PATH entry is the current directory', async (t) => {
  const cwd = process.cwd();
  process.chdir(b);
  t.teardown(() => process.chdir(cwd));
  t.match(findExecutable(['tool'], { PATH: ':/nonexistent' }), { file: 'tool', argv: ['tool'] });
});

t.test('no command', async (t) => {
  t.throws(() => findExecutable([], { PATH: b }), { message: 'no command given' });
  t.throws(() => findExecutable([''], { PATH: b }), { message: 'no command given' });
});

const variable = (origin: Variable['origin'], kept = false): Variable => ({ name: 'PATH', value: '/secret', origin, replaced: false, kept });

t.test('a PATH this tool set is named by its source', async (t) => {
  t.equal(pathSource([variable({ kind: 'prefix', source: '/app', item: '/app/PATH', version: '1', type: 'String' })]), 'parameter /app/PATH under prefix /app');
  t.equal(
    pathSource([variable({ kind: 'reference', source: 'ssm://app/path', item: '/app/path', version: '1', type: 'String' })]),
    'the reference ssm://app/path',
  );
  t.equal(
    pathSource([variable({ kind: 'secret', source: 'prod/env', item: 'prod/env:PATH', version: 'v1', type: 'SecretString' })]),
    'key "PATH" of secret prod/env',
  );
  t.equal(
    pathSource([variable({ kind: 'secret', source: 'prod/env', item: 'prod/env:PATH', version: 'v1', type: 'SecretString' }, true)]),
    undefined,
    'kept by --no-overwrite: the inherited one',
  );
  t.throws(() => findExecutable(['nope-not-here'], { PATH: '/secret/x' }, { pathSource: 'the reference ssm://app/path' }), {
    exitCode: 127,
    message: "command 'nope-not-here' not found on PATH (set by the reference ssm://app/path; its value is not shown)",
  });
  t.throws(
    () => findExecutable(['nope-not-here'], { PATH: '/usr/bin:/bin' }),
    { message: "command 'nope-not-here' not found on PATH (/usr/bin:/bin)" },
    "the image's own PATH is shown",
  );
});
