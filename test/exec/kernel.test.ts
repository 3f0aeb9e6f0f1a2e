// The checks that stand in for execve's own (a failed process.execve aborts Node), against
// the kernel's rules: binfmt_script's #! parsing, ELF class and machine, binfmt_misc, and
// the size limit derived from the stack rlimit, checked against this kernel where it can be.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { inspectProgram, parseShebang } from '../../src/exec/kernel.js';
import { argumentLimit, checkExecSize, stackLimit } from '../../src/exec/limits.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-kernel-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const noKernelFiles = { binfmtMisc: path.join(dir, 'no-binfmt'), vsyscall32: path.join(dir, 'no-vsyscall32') };
const write = (name: string, data: string | Buffer, mode = 0o755) => {
  const file = path.join(dir, name);
  writeFileSync(file, data, { mode });
  return file;
};
/** What a bare execve says (no execvp, which retries ENOEXEC with /bin/sh): 'ran' or the errno name. */
const kernelSays = (file: string) => {
  const script = 'import os, sys, errno\ntry:\n  os.execv(sys.argv[1], [sys.argv[1]])\nexcept OSError as e:\n  print(errno.errorcode[e.errno]); sys.exit(99)';
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 99 ? r.stdout.trim() : 'ran';
};
const exitOf = (fn: () => unknown) => {
  try {
    fn();
    return 0;
  } catch (error) {
    return (error as { exitCode?: number }).exitCode;
  }
};

t.test('#! lines are read as Linux reads them', async (t) => {
  const line = (text: string) => parseShebang(Buffer.from(text));
  t.same(line('#!/bin/sh\necho\n'), { interpreter: '/bin/sh', argument: undefined });
  t.same(line('#! \t/bin/sh  -e  \n'), { interpreter: '/bin/sh', argument: '-e' }, 'blanks before the name and trailing ones go');
  t.same(line('#!/usr/bin/env python3 -u\n'), { interpreter: '/usr/bin/env', argument: 'python3 -u' }, 'everything after the name is ONE argument');
  t.same(line('#!/bin/sh\r\n'), { interpreter: '/bin/sh\r', argument: undefined }, 'a CR is part of the name');
  t.same(line('#!/usr/bin/env bash\r\n'), { interpreter: '/usr/bin/env', argument: 'bash\r' });
  t.same(line('#!/bin/sh'), { interpreter: '/bin/sh', argument: undefined }, 'no newline in a short file');
  t.same(line('#!/bin/sh\0junk\n'), { interpreter: '/bin/sh', argument: undefined }, 'a NUL ends the line');
  t.equal(line('#!\n'), undefined, 'no name: ENOEXEC');
  t.equal(line('#!  \t \n'), undefined);
  t.equal(line(`#!/${'a'.repeat(300)}`), undefined, 'a name cut at 256 bytes: ENOEXEC');
  t.same(line(`#!/bin/sh ${'a'.repeat(300)}`), { interpreter: '/bin/sh', argument: 'a'.repeat(256 - 11) }, 'an argument cut at 256 bytes is kept, cut');
});

t.test('#! lines agree with this kernel', async (t) => {
  // Each case run for real: exit 0 where the check passes, an execve error where it refuses.
  const target = write('target', '#!/bin/sh\nexit 0\n');
  const cases: Record<string, string> = {
    plain: `#!${target}\n`,
    blanks: `#!  ${target}  \n`,
    crlf: '#!/bin/sh\r\nexit 0\r\n',
    missing: '#!/nonexistent/sh\n',
    empty: '#!\n',
    long: `#!/${'b/'.repeat(200)}sh`,
  };
  const expected: Record<string, [number, string]> = {
    plain: [0, 'ran'],
    blanks: [0, 'ran'],
    crlf: [127, 'ENOENT'],
    missing: [127, 'ENOENT'],
    // ENOEXEC: run with /bin/sh, as execvp and `env` do (checked below)
    empty: [0, 'ENOEXEC'],
    long: [0, 'ENOEXEC'],
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = write(`case-${name}`, text);
    t.same([exitOf(() => inspectProgram(file, file, [], noKernelFiles)), kernelSays(file)], expected[name], name);
  }
  t.equal(inspectProgram(path.join(dir, 'case-empty'), 'x', [], noKernelFiles).file, '/bin/sh');
});

t.test('#! chains: 5 scripts run, a 6th is ELOOP (126); exit codes as env', async (t) => {
  let previous = write('chain0', '#!/bin/sh\necho "$@"\n');
  for (let i = 1; i <= 5; i++) previous = write(`chain${i}`, `#!${previous}\n`);
  t.equal(
    exitOf(() => inspectProgram(path.join(dir, 'chain4'), 'chain4', [], noKernelFiles)),
    0,
  );
  t.equal(kernelSays(path.join(dir, 'chain4')), 'ran', 'the kernel runs 5');
  t.equal(
    exitOf(() => inspectProgram(path.join(dir, 'chain5'), 'chain5', [], noKernelFiles)),
    126,
  );
  t.equal(kernelSays(path.join(dir, 'chain5')), 'ELOOP', 'the kernel refuses 6');
  const notExecutable = write('not-executable-interpreter', '#!/bin/sh\n', 0o644);
  t.equal(
    exitOf(() => inspectProgram(write('uses-it', `#!${notExecutable}\n`), 'uses-it', [], noKernelFiles)),
    126,
    'EACCES: 126',
  );
  t.equal(
    exitOf(() => inspectProgram(write('uses-dir', `#!${dir}\n`), 'uses-dir', [], noKernelFiles)),
    126,
    'a directory: 126',
  );
});

t.test('ELF: class and machine against process.arch, the type, the loader', async (t) => {
  const own = readFileSync('/bin/true');
  const elf = (name: string, patch: (b: Buffer) => void) => {
    const copy = Buffer.from(own);
    patch(copy);
    return write(name, copy);
  };
  t.equal(
    exitOf(() => inspectProgram('/bin/true', 'true', [], noKernelFiles)),
    0,
  );
  const foreign = elf('foreign', (b) => b.writeUInt16LE(process.arch === 'arm64' ? 62 : 183, 18));
  t.throws(() => inspectProgram(foreign, 'foreign', [], noKernelFiles), {
    exitCode: 126,
    message: /is a program for (ARM64 \(aarch64\)|x86-64 \(amd64\)), and this system is/,
  });
  t.equal(kernelSays(foreign), 'ENOEXEC', 'the kernel agrees');
  const object = elf('object', (b) => b.writeUInt16LE(1, 16));
  t.throws(() => inspectProgram(object, 'object', [], noKernelFiles), { exitCode: 126, message: /not a program/ });
  const musl = elf('musl', (b) => {
    const at = b.indexOf('/lib64/ld-linux-x86-64.so.2\0');
    const aarch = b.indexOf('/lib/ld-linux-aarch64.so.1\0');
    b.write('/lib/ld-musl-x86_64.so.1\0\0\0', at === -1 ? aarch : at, 'latin1');
  });
  t.throws(() => inspectProgram(musl, 'musl', [], noKernelFiles), {
    exitCode: 127,
    message: 'linked for the loader /lib/ld-musl-x86_64.so.1, which is not in the image',
  });
  t.equal(kernelSays(musl), 'ENOENT', 'the kernel agrees');

  if (process.arch === 'x64') {
    // 32-bit x86 runs where the kernel has IA32 emulation (/proc/sys/abi/vsyscall32).
    const i386 = elf('i386', (b) => {
      b[4] = 1;
      b.writeUInt16LE(3, 18);
    });
    t.throws(() => inspectProgram(i386, 'i386', [], noKernelFiles), { exitCode: 126, message: 'a program for x86 (32-bit)' });
    const withCompat = { ...noKernelFiles, vsyscall32: write('vsyscall32', '1\n') };
    t.throws(
      () => inspectProgram(i386, 'i386', [], withCompat),
      { message: /^(?!.*a program for)/ },
      'not refused for its machine (this header is not a whole 32-bit program)',
    );
  }
});

t.test('binfmt_misc: a registered handler (qemu-user) runs foreign binaries; without F its interpreter must exist', async (t) => {
  const foreign = write(
    'foreign-elf',
    Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
      Buffer.alloc(8),
      Buffer.from([2, 0, process.arch === 'arm64' ? 62 : 183, 0]),
      Buffer.alloc(200),
    ]),
  );
  const misc = path.join(dir, 'binfmt_misc');
  mkdirSync(misc);
  writeFileSync(path.join(misc, 'status'), 'enabled\n');
  writeFileSync(path.join(misc, 'register'), '');
  const magic = readFileSync(foreign).subarray(0, 20).toString('hex');
  const entry = (interpreter: string, flags: string) =>
    writeFileSync(path.join(misc, 'qemu'), `enabled\ninterpreter ${interpreter}\nflags: ${flags}\noffset 0\nmagic ${magic}\nmask ${'ff'.repeat(20)}\n`);
  const files = { ...noKernelFiles, binfmtMisc: misc };
  entry('/nonexistent/qemu-static', 'F');
  t.equal(
    exitOf(() => inspectProgram(foreign, 'foreign', [], files)),
    0,
    'F: opened at registration',
  );
  entry('/nonexistent/qemu-static', 'OC');
  t.throws(() => inspectProgram(foreign, 'foreign', [], files), {
    exitCode: 127,
    message: 'run by /nonexistent/qemu-static (binfmt_misc qemu), which is not in the image',
  });
  writeFileSync(path.join(misc, 'status'), 'disabled\n');
  t.equal(
    exitOf(() => inspectProgram(foreign, 'foreign', [], files)),
    126,
    'disabled: the kernel refuses it',
  );
});

t.test('files the kernel refuses (ENOEXEC): text runs with /bin/sh as execvp does; a binary is 126', async (t) => {
  const text = write('text', 'echo hi\n');
  t.same(inspectProgram(text, 'text', ['a'], noKernelFiles), { file: '/bin/sh', argv: ['/bin/sh', text, 'a'], added: [] });
  const binary = write('binary', Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]));
  t.throws(() => inspectProgram(binary, 'binary', [], noKernelFiles), { exitCode: 126, message: 'is neither a program for this system nor a script' });
});

t.test('size: a quarter of the stack rlimit, between 128 KiB and 6 MiB, checked against this kernel at the byte', async (t) => {
  t.equal(argumentLimit(8 * 1024 * 1024), 2 * 1024 * 1024);
  t.equal(argumentLimit(Infinity), 6 * 1024 * 1024);
  t.equal(argumentLimit(100 * 1024), 128 * 1024);
  const limits = write(
    'limits',
    'Limit                     Soft Limit           Hard Limit           Units     \nMax stack size            unlimited            unlimited            bytes     \n',
    0o644,
  );
  t.equal(stackLimit(limits), Infinity);

  const stack = stackLimit();
  const limit = argumentLimit(stack);
  const program = { file: '/bin/true', argv: ['/bin/true'], added: [] };
  const bytes = (env: Record<string, string>) =>
    2 * ('/bin/true'.length + 1) + 8 + Object.entries(env).reduce((sum, [k, v]) => sum + Buffer.byteLength(`${k}=${v}`) + 1 + 8, 0);
  // Variables that fill the limit exactly (strings, NULs, one pointer each), then one byte more.
  const fill = (extra: number) => {
    const env: Record<string, string> = {};
    let i = 0;
    while (bytes(env) + 100_000 + 20 < limit) env[`V${String(i++).padStart(4, '0')}`] = 'x'.repeat(100_000);
    const name = `V${String(i).padStart(4, '0')}`;
    env[name] = 'x'.repeat(limit + extra - bytes(env) - name.length - 2 - 8);
    return env;
  };
  // A bare execve from python with exactly this environment (tap adds NODE_OPTIONS to children).
  const kernelRuns = (env: Record<string, string>) => {
    const file = write('env.json', JSON.stringify(env), 0o644);
    const script = 'import json, os, sys\ntry:\n  os.execve("/bin/true", ["/bin/true"], json.load(open(sys.argv[1])))\nexcept OSError as e:\n  sys.exit(99)';
    return spawnSync('python3', ['-c', script, file], { stdio: 'ignore' }).status === 0;
  };
  for (const extra of [0, 1]) {
    const env = fill(extra);
    t.equal(bytes(env), limit + extra);
    t.equal(
      exitOf(() => checkExecSize(program, env, stack)),
      extra === 0 ? 0 : 125,
      `ours at limit+${extra}`,
    );
    t.equal(kernelRuns(env), extra === 0, `the kernel at limit+${extra}`);
  }
  t.throws(() => checkExecSize(program, fill(1), stack), { message: /the largest variables: V\d{4} \(\d+ bytes\)/ });
  t.throws(() => checkExecSize(program, { HUGE: 'x'.repeat(131072) }, stack), {
    exitCode: 125,
    message: 'the variable HUGE is 131078 bytes; Linux passes at most 131072 bytes per variable',
  });
});
