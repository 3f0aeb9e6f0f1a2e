// The command's view of the tool, offline (--from-file): environment, exit status,
// PID, signals, untouched stdio. Runs against every built artifact.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { EXAMPLE, SEA, artifacts, cleanEnv, otherExecMode, toolArgv, toolEnv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-e2e-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const sample = { PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' };
const printEnv = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];
const SECRET = 'not-a-real-password'; // DB_PASSWORD of the sample: in the environment of every failed exec below

// Files execve refuses. A failed process.execve aborts Node (134, a core file with every
// value); each must be a message and 126/127 (125 for the size) instead.
const fixture = (name: string, data: string | Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, data, { mode: 0o755 });
  return file;
};
const ownElf = readFileSync('/bin/true');
const patched = (patch: (b: Buffer) => void) => {
  const copy = Buffer.from(ownElf);
  patch(copy);
  return copy;
};
const bins = {
  crlf: fixture('crlf.sh', '#!/bin/sh\r\necho started\r\n'),
  noBash: fixture('needs-bash.sh', '#!/bin/bash-missing\necho started\n'),
  noShebang: fixture('no-shebang-script', 'echo started\n'),
  foreign: fixture(
    'foreign-cpu',
    patched((b) => b.writeUInt16LE(process.arch === 'arm64' ? 62 : 183, 18)),
  ),
  musl: fixture(
    'musl-binary',
    patched((b) => {
      const at = b.indexOf(process.arch === 'arm64' ? '/lib/ld-linux-aarch64.so.1\0' : '/lib64/ld-linux-x86-64.so.2\0');
      b.write('/lib/ld-musl-x86_64.so.1\0', at, 'latin1');
    }),
  ),
  macho: fixture('macos-binary', Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 0x07, 0, 0, 0x01, 0, 0, 0, 0])),
};
const bigStore = path.join(dir, 'big.json');
writeFileSync(bigStore, JSON.stringify({ parameters: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`/big/V${i}`, 'v'.repeat(100_000)])) }));
// 3 MiB: past the 2 MiB of the default 8 MiB stack, within the 6 MiB of an unlimited one.
const hugeStore = path.join(dir, 'huge.json');
writeFileSync(
  hugeStore,
  JSON.stringify({ parameters: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`/huge/V${String(i).padStart(2, '0')}`, 'h'.repeat(100 * 1024)])) }),
);
const stackUnlimited = spawnSync('sh', ['-c', 'ulimit -s unlimited'], { stdio: 'ignore' }).status === 0;
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

// Every artifact, and the bundle in the other exec mode (execve or the spawn fallback), so
// that both run whichever Node runs the tests.
const other = otherExecMode();
if (!other) t.comment('the spawn fallback or execve runs only through the artifacts above: no other Node in .cache/');
for (const tool of [...artifacts(), ...(other ? [other] : [])]) {
  const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false, stripFinalNewline: false });

  t.test(tool.name, async (t) => {
    t.test('the command receives the sample as DB_*, plus the environment it had', async (t) => {
      const r = await run(['--from-file', EXAMPLE, '--', ...printEnv], { ...sample, KEEP: 'me' });
      t.equal(r.exitCode, 0, r.stderr);
      const env = JSON.parse(r.stdout) as Record<string, string>;
      t.match(env, {
        DB_USER: 'sampleuser',
        DB_PASSWORD: 'not-a-real-password',
        DB_HOST: 'db.example.internal',
        DB_NAME: 'sampledb',
        DB_PORT: '5432',
        KEEP: 'me',
        PARAMETER_STORE_PREFIX: sample.PARAMETER_STORE_PREFIX,
      });
      t.same(
        Object.keys(env).sort(),
        [...Object.keys(toolEnv(tool, cleanEnv({ ...sample, KEEP: 'me' }))), 'DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_PORT', 'DB_USER'].sort(),
        'nothing else added',
      );
      t.match(r.stderr, /^ssm-entrypoint: loaded 5 variable\(s\) from prefix \/goecssample\/database\/sample\/master in \d+ ms\n$/);
      t.notMatch(r.stderr, /not-a-real-password/);
    });

    t.test('fetched values replace existing ones, names reported; --no-overwrite keeps them', async (t) => {
      const replaced = await run(['--from-file', EXAMPLE, '--', ...printEnv], { ...sample, DB_HOST: 'localhost' });
      t.equal(JSON.parse(replaced.stdout).DB_HOST, 'db.example.internal');
      t.match(replaced.stderr, /replaced existing variable\(s\): DB_HOST\n/);
      const kept = await run(['--no-overwrite', '--from-file', EXAMPLE, '--', ...printEnv], { ...sample, DB_HOST: 'localhost' });
      t.equal(JSON.parse(kept.stdout).DB_HOST, 'localhost');
      t.match(kept.stderr, /kept existing variable\(s\) \(--no-overwrite\): DB_HOST\n/);
    });

    t.test("the command's exit status is passed on", async (t) => {
      const r = await run(['--from-file', EXAMPLE, 'sh', '-c', 'exit 3'], sample);
      t.equal(r.exitCode, 3);
    });

    t.test('stdout and stderr of the command are untouched', async (t) => {
      const r = await run(['sh', '-c', 'printf "out\\n\\0bytes"; printf "err" >&2'], {});
      t.equal(r.stdout, 'out\n\0bytes');
      t.equal(r.stderr, 'err', 'with no source the tool itself prints nothing');
    });

    t.test('fail closed: an empty prefix is exit 125 and the command never starts', async (t) => {
      const marker = path.join(dir, `started-${tool.name}`);
      const r = await run(['--from-file', EXAMPLE, '--prefix', '/nothing/here', 'touch', marker], {});
      t.equal(r.exitCode, 125);
      t.equal(
        r.stderr,
        'ssm-entrypoint: error: prefix /nothing/here holds no parameters; check the path and the region, or pass --allow-empty if that is expected\n' +
          'ssm-entrypoint: error: the command was not started\n',
      );
      t.notOk(existsSync(marker), 'the command did not run');
      const allowed = await run(['--from-file', EXAMPLE, '--prefix', '/nothing/here', '--allow-empty', 'true'], {});
      t.equal(allowed.exitCode, 0, allowed.stderr);
    });

    t.test('127 when the command is not found, 126 when it is not executable', async (t) => {
      const missing = await run(['no-such-command-here'], { PATH: '/usr/bin:/bin' });
      t.equal(missing.exitCode, 127);
      t.equal(
        missing.stderr,
        "ssm-entrypoint: error: command 'no-such-command-here' not found on PATH (/usr/bin:/bin); check the image's CMD and that the program is installed in the image\n",
      );
      const file = path.join(dir, 'not-executable.sh');
      writeFileSync(file, '#!/bin/sh\necho hi\n');
      chmodSync(file, 0o644);
      const denied = await run([file], {});
      t.equal(denied.exitCode, 126);
      t.match(denied.stderr, `cannot run '${file}': ${file} is not an executable file`);
      const directory = await run([dir], {});
      t.equal(directory.exitCode, 126);
    });

    t.test('PATH lookup uses the environment the command will get', async (t) => {
      const bin = path.join(dir, 'bin');
      const store = path.join(dir, 'path.json');
      writeFileSync(store, JSON.stringify({ parameters: { '/paths/PATH': `${bin}:/usr/bin:/bin` } }));
      mkdirSync(bin, { recursive: true });
      writeFileSync(path.join(bin, 'only-here'), '#!/bin/sh\necho found-it\n', { mode: 0o755 });
      // PATH from a prefix must be allowed (README: Who chooses variable names).
      const r = await run(['--from-file', store, '--prefix', '/paths', '--allow-name', 'PATH', 'only-here'], { PATH: '/usr/bin:/bin' });
      t.equal(r.exitCode, 0, r.stderr);
      t.equal(r.stdout, 'found-it\n');
    });

    t.test('a fetched PATH is named by where it came from, never printed', async (t) => {
      const store = path.join(dir, 'secret-path.json');
      writeFileSync(store, JSON.stringify({ parameters: { '/paths/PATH': '/opt/s3cr3t-dir:/usr/bin:/bin' } }));
      const r = await run(['--from-file', store, 'no-such-command-here'], { PATH: 'ssm://paths/PATH' });
      t.equal(r.exitCode, 127);
      t.match(
        r.stderr,
        "ssm-entrypoint: error: command 'no-such-command-here' not found on PATH (set by the reference ssm://paths/PATH; its value is not shown); check the image's CMD",
      );
      t.notMatch(r.stderr, 's3cr3t');
    });

    t.test('an executable text file without #! runs with /bin/sh, as execvp does', async (t) => {
      const file = path.join(dir, 'no-shebang');
      writeFileSync(file, 'echo "plain $1"\n', { mode: 0o755 });
      const r = await run([file, 'arg'], {});
      t.equal(r.exitCode, 0, r.stderr);
      t.equal(r.stdout, 'plain arg\n');
    });

    if (tool === SEA) {
      t.test("NODE_OPTIONS is the app's: the executable ignores it, the command gets it", async (t) => {
        // e.g. an OpenTelemetry agent loaded with --require, which only the app's image has
        const options = '--require /nonexistent/tracing.js --max-old-space-size=64';
        const r = await run(['--quiet', '--from-file', EXAMPLE, '--', 'sh', '-c', 'printf %s "$NODE_OPTIONS"'], { ...sample, NODE_OPTIONS: options });
        t.equal(r.exitCode, 0, r.stderr);
        t.equal(r.stderr, '');
        t.equal(r.stdout, options);
      });
    }

    t.test('what execve would refuse: a message and 126/127, never an abort, never a value', async (t) => {
      const cases: [string, string, number, string][] = [
        [
          'CRLF script',
          bins.crlf,
          127,
          `cannot run '${bins.crlf}': the #! line of ${bins.crlf} names "/bin/sh\\r", which does not exist: the script has Windows (CRLF) line endings; convert it to LF line endings`,
        ],
        [
          '#! interpreter missing',
          bins.noBash,
          127,
          `cannot run '${bins.noBash}': the #! line of ${bins.noBash} names "/bin/bash-missing", which does not exist; install that interpreter in the image`,
        ],
        [
          'ELF for another CPU',
          bins.foreign,
          126,
          `cannot run '${bins.foreign}': ${bins.foreign} is a program for ${process.arch === 'arm64' ? 'x86-64 (amd64)' : 'ARM64 (aarch64)'}, and this system is`,
        ],
        [
          'ELF loader missing (musl)',
          bins.musl,
          127,
          `cannot run '${bins.musl}': ${bins.musl} is linked for the loader /lib/ld-musl-x86_64.so.1, which is not in the image; it was built for musl (Alpine)`,
        ],
        ['a binary for another system', bins.macho, 126, `cannot run '${bins.macho}': ${bins.macho} is neither a program for this system nor a script`],
      ];
      for (const [what, file, status, message] of cases) {
        const r = await run(['--from-file', EXAMPLE, '--', file], sample);
        t.equal(r.exitCode, status, `${what}: ${r.stderr}`);
        t.equal(r.signal, undefined, `${what}: not killed (SIGABRT)`);
        t.equal(r.stdout, '', `${what}: not started`);
        t.match(r.stderr, message, what);
        t.notMatch(r.stderr, /please report|abort|core|node::|\n\s+at /i, `${what}: no native or JS stack`);
        t.notMatch(r.stderr, SECRET, `${what}: no value`);
      }
    });

    t.test("the size limit is the stack rlimit's (ulimit -s), not a constant: 125 naming variables", async (t) => {
      const args = ['--from-file', bigStore, '--prefix', '/big', '--', 'sh', '-c', 'echo started'];
      const fits = await run(args);
      t.equal(fits.exitCode, 0, `600 kB fit under the default 8 MiB stack: ${fits.stderr}`);
      t.equal(fits.stdout, 'started\n');
      const [file, argv] = toolArgv(tool, args, cleanEnv());
      const small = await execa('sh', ['-c', 'ulimit -s 2048 && exec "$@"', 'sh', file, ...argv], { reject: false });
      t.equal(small.exitCode, 125, small.stderr);
      t.equal(small.stdout, '', 'not started');
      t.match(
        small.stderr,
        /the command's environment and arguments take 6\d{5} bytes; Linux allows 524288 bytes to start a program with the stack size limit of 2097152 bytes \(ulimit -s\); the largest variables: V\d \(100004 bytes\)/,
      );
      t.notMatch(small.stderr, 'vvvv');
    });

    t.test(
      'with ulimit -s unlimited, 3 MiB of variables reach the command (the limit is 6 MiB)',
      { skip: stackUnlimited ? false : 'the hard stack limit here is not unlimited' },
      async (t) => {
        const [file, argv] = toolArgv(tool, ['--from-file', hugeStore, '--prefix', '/huge', '--', 'sh', '-c', 'printf %s "$V00$V29" | wc -c'], cleanEnv());
        const unlimited = await execa('sh', ['-c', 'ulimit -s unlimited && exec "$@"', 'sh', file, ...argv], { reject: false });
        t.equal(unlimited.exitCode, 0, unlimited.stderr);
        t.equal(unlimited.stdout.trim(), String(2 * 100 * 1024));
        const doctor = await execa(
          'sh',
          ['-c', 'ulimit -s unlimited && exec "$@"', 'sh', ...toolArgv(tool, ['--doctor', '--from-file', hugeStore, '--prefix', '/huge'], cleanEnv()).flat()],
          { reject: false },
        );
        t.match(doctor.stdout, /^PASS +environment +30 variable\(s\) would be set; 3\d{6} bytes of the 6291456-byte exec limit$/m, doctor.stdout);
        const standard = await execa('sh', ['-c', 'ulimit -s 8192 && exec "$@"', 'sh', file, ...argv], { reject: false });
        t.equal(standard.exitCode, 125, 'the same under the default 8 MiB stack: past its 2 MiB');
        t.match(standard.stderr, /Linux allows 2097152 bytes to start a program with the stack size limit of 8388608 bytes \(ulimit -s\)/);
        t.notMatch(standard.stderr, 'hhhh');
      },
    );

    t.test(
      'a script without #! in an image without /bin/sh: 126',
      { skip: canUnshare ? false : 'needs root and unshare -m (hides /bin/sh in a mount namespace)' },
      async (t) => {
        // /usr/bin (and /bin, its link) replaced by an empty tmpfs in a private mount namespace;
        // env and node stay reachable through a bind mount.
        const real = path.join(dir, `real-usr-bin-${tool.execve}`);
        mkdirSync(real, { recursive: true });
        const hide = `mount --bind /usr/bin ${real} && mount -t tmpfs tmpfs /usr/bin && ${real}/ln -s ${real}/env /usr/bin/env && ${real}/ln -s ${real}/node /usr/bin/node && exec "$@"`;
        const [file, argv] = toolArgv(tool, ['--from-file', EXAMPLE, '--', bins.noShebang], cleanEnv(sample));
        const r = await execa('unshare', ['-m', '/bin/sh', '-c', hide, 'sh', file, ...argv], { reject: false });
        t.equal(r.exitCode, 126, r.stderr);
        t.match(r.stderr, `cannot run '${bins.noShebang}': ${bins.noShebang} has no #! line, and there is no /bin/sh to run it with`);
        t.notMatch(r.stderr, SECRET);
        t.equal(existsSync('/bin/sh'), true, 'the host keeps its /bin/sh');
      },
    );

    t.test('the command gets blocking stdout and stderr pipes (a slow reader does not make it fail)', async (t) => {
      const r = await run(['--from-file', EXAMPLE, '--', 'sh', '-c', 'grep ^flags: /proc/self/fdinfo/1 /proc/self/fdinfo/2'], sample);
      const flags = [...r.stdout.matchAll(/flags:\s*([0-7]+)/g)].map((m) => parseInt(m[1]!, 8));
      t.equal(flags.length, 2, r.stdout);
      t.same(
        flags.map((f) => f & 0o4000),
        [0, 0],
        'no O_NONBLOCK on fd 1 and 2',
      );
      const slow = await execa(
        'sh',
        [
          '-c',
          `"$@" | (sleep 0.3; cat >/dev/null)`,
          'sh',
          ...toolArgv(tool, ['--from-file', EXAMPLE, '--', 'head', '-c', '300000', '/dev/zero'], cleanEnv(sample)).flat(),
        ],
        {
          reject: false,
        },
      );
      t.equal(slow.exitCode, 0, slow.stderr);
      t.notMatch(slow.stderr, /Resource temporarily unavailable|error writing/);
    });

    t.test('the command starts with default signal dispositions and mask (nothing ignored, nothing blocked)', async (t) => {
      for (const [what, args, env] of [
        ['no source', [], {}],
        ['after fetching', ['--from-file', EXAMPLE], sample],
      ] as const) {
        const r = await run([...args, '--', 'grep', '-E', '^Sig(Ign|Blk):', '/proc/self/status'], env);
        t.equal(r.stdout, 'SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n', `${what}: as under a plain shell`);
      }
      // With SIGPIPE ignored, `yes` would report a write error instead of dying quietly.
      const pipe = await run(['--from-file', EXAMPLE, '--', 'sh', '-c', 'yes | head -n 1'], sample);
      t.equal(pipe.stdout, 'y\n');
      t.notMatch(pipe.stderr, /yes:/);
    });

    t.test('arguments after the command are passed untouched', async (t) => {
      const r = await run(['--', 'sh', '-c', 'printf "[%s]" "$@"', 'sh', '--prefix', '', 'a b', '$HOME'], {});
      t.equal(r.stdout, '[--prefix][][a b][$HOME]');
    });

    if (tool.execve) {
      t.test('execve: the command has the same PID and dies of its own signal', async (t) => {
        const p = run(['--from-file', EXAMPLE, 'sh', '-c', 'echo $$'], sample);
        const r = await p;
        t.equal(Number(r.stdout.trim()), p.pid, 'same PID as the process that was started');
        const killed = await run(['sh', '-c', 'kill -TERM $$'], {});
        t.equal(killed.signal, 'SIGTERM', 'nothing stands between the command and its exit status');
      });
    } else {
      t.test('spawn fallback: signals reach the command, its status is passed on', async (t) => {
        // Signalled the moment the command prints: it can do so before spawn() returns in the
        // tool, which must already forward (a few rounds: it was a race).
        for (let round = 0; round < 5; round++) {
          const p = run(['--from-file', EXAMPLE, 'sh', '-c', 'trap "echo got-TERM; exit 7" TERM; echo "ready $$"; while :; do sleep 0.05; done'], sample);
          const commandPid = await new Promise<number>((resolve) => {
            let seen = '';
            p.stdout.on('data', (chunk: Buffer) => {
              seen += chunk.toString();
              const ready = /ready (\d+)\n/.exec(seen);
              if (ready) resolve(Number(ready[1]));
            });
            void p.then(() => resolve(0)); // ended without it: the assertions below say how
          });
          p.kill('SIGTERM');
          // A tool killed by the signal would leave the command running, holding stdout open.
          const orphan = setTimeout(() => commandPid > 0 && process.kill(commandPid, 'SIGKILL'), 10_000);
          const r = await p;
          clearTimeout(orphan);
          t.equal(r.exitCode, 7, `round ${round}: the command's status, not the tool killed (${r.signal ?? 'no signal'})`);
          t.match(r.stdout, 'got-TERM');
        }
        const killed = await run(['sh', '-c', 'kill -TERM $$'], {});
        t.equal(killed.exitCode, 143, '128 + SIGTERM');
        const child = run(['sh', '-c', 'echo $$'], {});
        t.not(Number((await child).stdout.trim()), child.pid, 'a child, not the same process');
      });
    }
  });
}
