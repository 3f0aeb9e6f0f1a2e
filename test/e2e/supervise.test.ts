// --supervise and --watch, offline (--from-file): the command as a child, its signals and
// exit status, and what a refresh does to it. Runs against every built artifact.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { lines } from '../harness/lines.js';
import { artifacts, cleanEnv, toolArgv, type Artifact } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-supervise-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

// A refresh every 300 ms (jittered); the floor is lowered for tests only.
const WATCH = { SSM_ENTRYPOINT_TEST_WATCH_FLOOR: '100ms' };
const SAMPLE = { PARAMETER_STORE_PREFIX: '/app', PARAMETER_STORE_ENV_PREFIX: 'APP_' };
// Prints its PID and the value it got, then waits; SIGHUP is noted, SIGTERM ends it.
const APP = ['sh', '-c', 'trap "echo got-HUP" HUP; echo "start $$ host=$APP_HOST"; while :; do sleep 0.05; done'];

let files = 0;
function store(parameters: Record<string, string>): string {
  const file = path.join(dir, `store-${files++}.json`);
  writeStore(file, parameters);
  return file;
}
/** Replaces the file at once, as a deploy tool would (the tool never reads half a file). */
function writeStore(file: string, parameters: Record<string, string> | string): void {
  const next = `${file}.next`;
  writeFileSync(next, typeof parameters === 'string' ? parameters : JSON.stringify({ parameters }));
  renameSync(next, file);
}

function start(tool: Artifact, args: string[], env: Record<string, string> = {}) {
  const child = execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false, stdin: 'ignore' });
  return { child, out: lines(child.stdout, 'stdout'), err: lines(child.stderr, 'stderr') };
}

for (const tool of artifacts()) {
  const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false });

  t.test(tool.name, async (t) => {
    t.test("--supervise: the command's exit status is passed on (0, 3, 128+N)", async (t) => {
      const file = store({ '/app/host': 'h1' });
      const status = async (script: string) => (await run(['--supervise', '--from-file', file, 'sh', '-c', script], SAMPLE)).exitCode;
      t.equal(await status('exit 0'), 0);
      t.equal(await status('exit 3'), 3);
      t.equal(await status('kill -USR1 $$'), 128 + 10, 'died of SIGUSR1');
      t.equal(await status('kill -KILL $$'), 128 + 9, 'died of SIGKILL');
      const p = run(['--supervise', '--from-file', file, 'sh', '-c', 'echo "$APP_HOST $$ $PPID"'], SAMPLE);
      const [host, pid, ppid] = (await p).stdout.split(' ');
      t.equal(host, 'h1', 'the command got the fetched environment');
      t.not(Number(pid), p.pid, 'the command is a child...');
      t.equal(Number(ppid), p.pid, '...of the tool');
    });

    t.test('--supervise: every catchable signal reaches the command', async (t) => {
      const signals = [
        'SIGHUP',
        'SIGINT',
        'SIGQUIT',
        'SIGUSR1',
        'SIGUSR2',
        'SIGWINCH',
        'SIGCONT',
        'SIGTSTP',
        'SIGTTIN',
        'SIGTTOU',
        'SIGALRM',
        'SIGVTALRM',
        'SIGURG',
        'SIGXCPU',
        'SIGXFSZ',
        'SIGIO',
        'SIGPWR',
        'SIGTERM',
      ] as const;
      const script = `for (const s of ${JSON.stringify(signals)}) process.on(s, () => { console.log('got ' + s); if (s === 'SIGTERM') process.exit(0); }); console.log('ready'); setInterval(() => {}, 1000);`;
      const { child, out } = start(tool, ['--supervise', 'node', '-e', script]);
      await out.waitFor(/^ready$/);
      for (const signal of signals) {
        child.kill(signal);
        await out.waitFor(new RegExp(`^got ${signal}$`));
      }
      const r = await child;
      t.equal(r.exitCode, 0, r.stderr);
      t.same(
        out.all.filter((l) => l.startsWith('got ')),
        signals.map((s) => `got ${s}`),
        'each exactly once, in order',
      );
    });

    t.test('--supervise: SIGTERM to the tool stops the command; one that ignores it gets SIGKILL after --stop-timeout', async (t) => {
      const plain = start(tool, ['--supervise', 'sh', '-c', 'echo ready; while :; do sleep 0.05; done']);
      await plain.out.waitFor(/^ready$/);
      plain.child.kill('SIGTERM');
      t.equal((await plain.child).exitCode, 143, 'the command died of SIGTERM, the tool passes that on');

      const stubborn = start(tool, [
        '--supervise',
        '--stop-timeout',
        '0.3',
        'sh',
        '-c',
        'trap "echo ignored-TERM" TERM; echo ready; while :; do sleep 0.05; done',
      ]);
      await stubborn.out.waitFor(/^ready$/);
      stubborn.child.kill('SIGTERM');
      const r = await stubborn.child;
      t.equal(r.exitCode, 137, 'SIGKILL');
      t.match(r.stdout, 'ignored-TERM');
      t.match(r.stderr, /^ssm-entrypoint: warning: the command did not stop within 0\.3 s of SIGTERM: sending SIGKILL$/m);
    });

    t.test('--supervise: 127 and 126 as without it', async (t) => {
      const missing = await run(['--supervise', 'no-such-command-here'], { PATH: '/usr/bin:/bin' });
      t.equal(missing.exitCode, 127);
      t.equal(
        missing.stderr,
        "ssm-entrypoint: error: command 'no-such-command-here' not found on PATH (/usr/bin:/bin); check the image's CMD and that the program is installed in the image",
      );
      const file = path.join(dir, 'not-executable');
      writeFileSync(file, '#!/bin/sh\n', { mode: 0o644 });
      t.equal((await run(['--supervise', file])).exitCode, 126);
    });

    if (process.getuid?.() === 0) {
      t.test('--supervise --user: the command runs as that user, with its HOME', async (t) => {
        const r = await run(['--supervise', '--user', 'nobody', 'sh', '-c', 'echo "$(id -u) $HOME"'], { HOME: '/root' });
        t.equal(r.exitCode, 0, r.stderr);
        t.match(r.stdout, /^65534 \//);
        t.notMatch(r.stdout, '/root');
      });
    }

    t.test('--watch: a new value restarts the command with it; names are logged, values never', async (t) => {
      const file = store({ '/app/host': 'old-host-value', '/app/port': '1' });
      const { child, out, err } = start(tool, ['--watch', '300ms', '--from-file', file, ...APP], { ...WATCH, ...SAMPLE });
      const first = (await out.waitFor(/^start /)).split(' ')[1];
      t.match(
        await err.waitFor(/watching/),
        /^ssm-entrypoint: watching prefix \/app every 0\.3 s \(\+-10%\), .*; on change: restart the command \(SIGTERM, SIGKILL after 20 s\)$/,
      );
      writeStore(file, { '/app/host': 'new-host-value', '/app/port': '1' });
      const second = await out.waitFor(/^start .* host=new-host-value$/);
      t.not(second.split(' ')[1], first, 'a new process');
      t.match(err.all.join('\n'), 'ssm-entrypoint: new values for APP_HOST: restarting the command (SIGTERM, SIGKILL after 20 s)');
      await err.waitFor(/^ssm-entrypoint: restarted the command with the new values$/);
      child.kill('SIGTERM');
      const r = await child;
      t.equal(r.exitCode, 143);
      t.notMatch(r.stderr, /host-value/, 'no value in the log');
      t.equal(out.all.filter((l) => l.startsWith('start')).length, 2, 'restarted once, for the one change');
    });

    t.test('--watch: a parameter added or removed under a prefix is a change too', async () => {
      const file = store({ '/app/host': 'h' });
      const { child, out, err } = start(tool, ['--watch', '300ms', '--from-file', file, ...APP], { ...WATCH, ...SAMPLE });
      await out.waitFor(/^start /);
      writeStore(file, { '/app/host': 'h', '/app/extra': 'x' });
      await err.waitFor(/new values for APP_EXTRA: restarting/);
      const n = out.all.length;
      writeStore(file, { '/app/host': 'h' });
      await err.waitFor(/new values for APP_EXTRA: restarting/, { from: err.all.findIndex((l) => /APP_EXTRA/.test(l)) + 1 });
      await out.waitFor(/^start /, { from: n });
      child.kill('SIGTERM');
      await child;
    });

    t.test('--on-change signal:HUP: the command gets SIGHUP and keeps running', async (t) => {
      const file = store({ '/app/host': 'a' });
      const { child, out, err } = start(tool, ['--watch', '300ms', '--on-change', 'signal:HUP', '--from-file', file, ...APP], { ...WATCH, ...SAMPLE });
      await out.waitFor(/^start /);
      writeStore(file, { '/app/host': 'b' });
      await out.waitFor(/^got-HUP$/);
      t.match(err.all.join('\n'), 'ssm-entrypoint: new values for APP_HOST: sending SIGHUP to the command');
      // One change, one signal: wait for two more refreshes' worth of a second change.
      writeStore(file, { '/app/host': 'c' });
      await out.waitFor(/^got-HUP$/, { from: out.all.indexOf('got-HUP') + 1 });
      child.kill('SIGTERM');
      await child;
      t.equal(out.all.filter((l) => l.startsWith('start')).length, 1, 'never restarted');
      t.equal(out.all.filter((l) => l === 'got-HUP').length, 2, 'one SIGHUP per change');
    });

    t.test('--on-change exit: the command is stopped and the tool exits 75', async (t) => {
      const file = store({ '/app/host': 'a' });
      const { child, out } = start(tool, ['--watch', '300ms', '--on-change', 'exit', '--from-file', file, ...APP], { ...WATCH, ...SAMPLE });
      await out.waitFor(/^start /);
      writeStore(file, { '/app/host': 'b' });
      const r = await child;
      t.equal(r.exitCode, 75);
      t.match(r.stderr, /^ssm-entrypoint: new values for APP_HOST: stopping the command \(SIGTERM, SIGKILL after 20 s\) to exit$/m);
      t.match(r.stderr, /the command stopped \(status 143\); exiting with 75/);
    });

    t.test('restart: a command that ignores --stop-signal gets SIGKILL after --stop-timeout, then starts again', async (t) => {
      const file = store({ '/app/host': 'a' });
      const app = ['sh', '-c', 'trap "" TERM; echo "start $$ host=$APP_HOST"; while :; do sleep 0.05; done'];
      const { child, out, err } = start(tool, ['--watch', '300ms', '--stop-timeout', '0.2s', '--from-file', file, ...app], { ...WATCH, ...SAMPLE });
      await out.waitFor(/^start /);
      writeStore(file, { '/app/host': 'b' });
      await out.waitFor(/^start \d+ host=b$/);
      t.match(err.all.join('\n'), 'ssm-entrypoint: warning: the command did not stop within 0.2 s of SIGTERM: sending SIGKILL');
      child.kill('SIGTERM'); // passed on, ignored, SIGKILL after --stop-timeout
      t.equal((await child).exitCode, 137);
    });

    t.test('--stop-signal: the signal a restart sends', async (t) => {
      const file = store({ '/app/host': 'a' });
      const app = ['sh', '-c', 'trap "echo got-INT; exit 0" INT; echo "start $$ host=$APP_HOST"; while :; do sleep 0.05; done'];
      const { child, out } = start(tool, ['--watch', '300ms', '--stop-signal', 'INT', '--from-file', file, ...app], { ...WATCH, ...SAMPLE });
      await out.waitFor(/^start /);
      writeStore(file, { '/app/host': 'b' });
      await out.waitFor(/^start \d+ host=b$/);
      t.ok(out.all.includes('got-INT'));
      child.kill('SIGINT');
      t.equal((await child).exitCode, 0);
    });

    t.test('a failed refresh leaves the command alone; the next good one applies the change', async (t) => {
      const file = store({ '/app/host': 'a' });
      const { child, out, err } = start(tool, ['--watch', '300ms', '--from-file', file, ...APP], { ...WATCH, ...SAMPLE });
      const first = await out.waitFor(/^start /);
      writeStore(file, '{ not json');
      await err.waitFor(/refresh failed: the command keeps running with the values it has; next try in about 0 s/);
      t.match(err.all.join('\n'), /ssm-entrypoint: error: --from-file .*: .*\n/, 'the same message a start-up failure prints');
      t.equal(out.all.filter((l) => l.startsWith('start')).length, 1);
      writeStore(file, { '/app/host': 'b' });
      const second = await out.waitFor(/^start \d+ host=b$/);
      t.not(second, first);
      child.kill('SIGTERM');
      await child;
    });

    t.test('a partial refresh never restarts: one source missing holds back every change', async (t) => {
      const file = store({ '/app/host': 'a', '/other/token': 't1' });
      const env = { ...WATCH, ...SAMPLE, TOKEN: 'ssm://other/token' };
      const { child, out, err } = start(tool, ['--watch', '300ms', '--from-file', file, ...APP], env);
      await out.waitFor(/^start /);
      writeStore(file, { '/app/host': 'b' });
      await err.waitFor(/refresh failed/);
      t.match(err.all.join('\n'), 'ssm-entrypoint: error: parameter /other/token not found');
      writeStore(file, { '/app/host': 'b', '/other/token': 't2' });
      await err.waitFor(/new values for APP_HOST, TOKEN: restarting/);
      await out.waitFor(/^start \d+ host=b$/);
      t.equal(out.all.filter((l) => l.startsWith('start')).length, 2, 'the missing source held the restart back');
      child.kill('SIGTERM');
      const r = await child;
      t.notMatch(r.stderr, /t1|t2/);
    });

    t.test('a command that exits on its own ends the tool with its status: no restart', async (t) => {
      const file = store({ '/app/host': 'a' });
      const r = await run(['--watch', '300ms', '--from-file', file, 'sh', '-c', 'echo start; sleep 0.5; exit 4'], { ...WATCH, ...SAMPLE });
      t.equal(r.exitCode, 4);
      t.equal(r.stdout, 'start');
    });

    t.test('a new PATH that loses the command is a failed refresh, not a stopped command', async (t) => {
      const file = store({ '/app/host': 'a' });
      // PATH by a reference: a prefix may not set it (see Security).
      const env = { ...WATCH, PARAMETER_STORE_PREFIX: '/app', PATH: 'ssm://cfg/path' };
      writeStore(file, { '/app/host': 'a', '/cfg/path': '/usr/bin:/bin' });
      const { child, out, err } = start(tool, ['--watch', '300ms', '--from-file', file, ...APP], env);
      await out.waitFor(/^start /);
      writeStore(file, { '/app/host': 'b', '/cfg/path': '/nowhere' });
      await err.waitFor(/refresh failed/);
      t.match(err.all.join('\n'), "ssm-entrypoint: error: command 'sh' not found on PATH (set by the reference ssm://cfg/path; its value is not shown)");
      t.equal(out.all.filter((l) => l.startsWith('start')).length, 1);
      child.kill('SIGTERM');
      await child;
    });
  });
}

t.test('--dry-run shows the supervisor plan; --doctor checks what the watch needs; --policy says it covers it', async (t) => {
  const [tool] = artifacts();
  const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool!, args, cleanEnv(env)), { reject: false });
  const file = store({ '/app/host': 'h', '/app/port': '1', one: 'x' });
  const env = { ...SAMPLE, ONE: 'ssm://one', SSM_ENTRYPOINT_WATCH: '30s' };
  const dry = await run(['--dry-run', '--from-file', file, '--', 'sh'], env);
  t.equal(dry.exitCode, 0, dry.stderr);
  t.match(
    dry.stdout,
    /\nwould run: sh\nsupervised: the command runs as a child; signals are passed on; as PID 1 orphans are reaped\nwatch: every 30 s \(\+-10%\), 2 call\(s\) a refresh \(1 ssm:GetParametersByPath, 1 ssm:GetParameters\); on change: restart the command \(SIGTERM, SIGKILL after 20 s\)$/,
  );
  const json = await run(['--dry-run', '--log-format', 'json', '--on-change', 'exit', '--from-file', file, '--', 'sh'], env);
  t.same(JSON.parse(json.stdout).supervise, {
    watchSeconds: 30,
    callsPerRefresh: { 'ssm:GetParametersByPath': 1, 'ssm:GetParameters': 1 },
    onChange: 'exit',
    stopSignal: 'SIGTERM',
    stopTimeoutSeconds: 20,
  });
  const doctor = await run(['--doctor', '--from-file', file], env);
  t.equal(doctor.exitCode, 0, doctor.stdout);
  t.match(
    doctor.stdout,
    /^PASS {2}watch +every 30 s \(\+-10%\) repeats the reads above with the same IAM actions \(ssm:GetParametersByPath, ssm:GetParameters\); no other permission$/m,
  );
  const failing = await run(['--doctor', '--from-file', file], { ...env, TWO: 'ssm://missing' });
  t.equal(failing.exitCode, 1);
  t.match(failing.stdout, /^FAIL {2}watch +every 30 s \(\+-10%\) repeats the reads above, and some of them fail$/m);
  const policy = await run(['--doctor', '--policy', '--from-file', file], env);
  t.equal(policy.exitCode, 0);
  t.match(policy.stderr, 'ssm-entrypoint: note: --watch repeats the same reads on every refresh: this policy covers it, no further action is needed');
});
