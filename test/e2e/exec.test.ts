// The command's view of the tool, offline (--from-file): environment, exit status,
// PID, signals, untouched stdio. Runs against every built artifact.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { EXAMPLE, SEA, artifacts, cleanEnv, otherExecMode, toolArgv, toolEnv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-e2e-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const sample = { PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' };
const printEnv = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];

// Every artifact, and the bundle in the other exec mode (execve or the spawn fallback), so
// that both run whichever Node runs the tests.
const other = otherExecMode();
if (!other) t.comment('the spawn fallback or execve runs only through the artifacts above: no other Node in .cache/');
for (const tool of [...artifacts(), ...(other ? [other] : [])]) {
  const run = (args: string[], env: Record<string, string> = {}) =>
    execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false, stripFinalNewline: false });

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
      t.same(Object.keys(env).sort(), [...Object.keys(toolEnv(tool, cleanEnv({ ...sample, KEEP: 'me' }))), 'DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_PORT', 'DB_USER'].sort(), 'nothing else added');
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
      t.equal(missing.stderr, "ssm-entrypoint: error: command 'no-such-command-here' not found on PATH (/usr/bin:/bin); check the image's CMD and that the program is installed in the image\n");
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
        const p = run(['--from-file', EXAMPLE, 'sh', '-c', 'trap "echo got-TERM; exit 7" TERM; echo ready; while :; do sleep 0.05; done'], sample);
        await new Promise<void>((resolve) => {
          let seen = '';
          p.stdout.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            if (seen.includes('ready')) resolve();
          });
          void p.then(() => resolve()); // ended without it: the assertions below say how
        });
        p.kill('SIGTERM');
        const r = await p;
        t.equal(r.exitCode, 7);
        t.match(r.stdout, 'got-TERM');
        const killed = await run(['sh', '-c', 'kill -TERM $$'], {});
        t.equal(killed.exitCode, 143, '128 + SIGTERM');
        const child = run(['sh', '-c', 'echo $$'], {});
        t.not(Number((await child).stdout.trim()), child.pid, 'a child, not the same process');
      });
    }
  });
}
