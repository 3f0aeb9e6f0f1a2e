// --supervise as PID 1 in a new PID namespace (unshare --pid --fork --mount-proc, as a
// container runtime starts the entrypoint): orphans are reaped, SIGTERM stops a command that
// has no handler, --stop-timeout ends in SIGKILL. Needs root and unshare.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import t from 'tap';
import { lines } from '../harness/lines.js';
import { SEA, artifacts, cleanEnv, toolArgv, type Artifact } from './artifacts.js';

const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;
if (!canUnshare) {
  t.plan(0, 'needs root and unshare --pid --fork --mount-proc (a new PID namespace): skipped');
} else {
  // Makes 20 orphans (each `true` loses its parent, so the kernel gives it to PID 1), then
  // counts zombies until there are none or `patience` ms have passed, and exits 5.
  const orphans = (patience: number) => [
    'node',
    '-e',
    `const { execFileSync } = require('child_process'); const fs = require('fs');
     for (let i = 0; i < 20; i++) execFileSync('sh', ['-c', '(true &)']);
     const zombies = () => fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).filter((p) => { try { return / Z /.test(fs.readFileSync('/proc/' + p + '/stat', 'utf8')); } catch { return false; } }).length;
     const until = Date.now() + ${patience};
     const poll = () => { const n = zombies(); if (n === 0 || Date.now() > until) { console.log('zombies=' + n); process.exit(5); } setTimeout(poll, 20); };
     poll();`,
  ];

  const inNamespace = (tool: Artifact, args: string[]) => {
    const [file, argv] = toolArgv(tool, args, cleanEnv());
    const child = execa('unshare', ['--pid', '--fork', '--mount-proc', file, ...argv], { reject: false, stdin: 'ignore' });
    return { child, out: lines(child.stdout, 'stdout') };
  };
  /** The tool's PID outside the namespace: unshare's only child (via env, which execs it). */
  const toolPid = (unshare: number) => Number(readFileSync(`/proc/${unshare}/task/${unshare}/children`, 'utf8').trim().split(' ')[0]);

  t.test('without --supervise the command is PID 1 and nobody reaps orphans (what the test detects)', async (t) => {
    const r = await inNamespace(SEA, orphans(500)).child;
    t.equal(r.exitCode, 5, r.stderr);
    t.equal(r.stdout, 'zombies=20');
  });

  for (const tool of artifacts()) {
    t.test(tool.name, async (t) => {
      t.test("as PID 1, every orphaned zombie is reaped; the exit status is still the command's", async (t) => {
        const { child } = inNamespace(tool, ['--supervise', ...orphans(10_000)]);
        const r = await child;
        t.equal(r.stdout, 'zombies=0');
        t.equal(r.exitCode, 5, r.stderr);
      });

      t.test('orphans dying together with the command do not take its exit status', async (t) => {
        for (let i = 0; i < 5; i++) {
          const r = await inNamespace(tool, ['--supervise', 'sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do (sleep 0.1 &); done; sleep 0.1; exit 7']).child;
          t.equal(r.exitCode, 7, r.stderr);
        }
      });

      t.test('SIGTERM to the tool stops a command that has no handler', async (t) => {
        const { child, out } = inNamespace(tool, ['--supervise', 'sh', '-c', 'echo ready; while :; do sleep 0.05; done']);
        await out.waitFor(/^ready$/);
        process.kill(toolPid(child.pid!), 'SIGTERM');
        t.equal((await child).exitCode, 143);
      });

      t.test('a command that ignores SIGTERM gets SIGKILL after --stop-timeout', async (t) => {
        const { child, out } = inNamespace(tool, [
          '--supervise',
          '--stop-timeout',
          '300ms',
          'sh',
          '-c',
          'trap "" TERM; echo ready; while :; do sleep 0.05; done',
        ]);
        await out.waitFor(/^ready$/);
        process.kill(toolPid(child.pid!), 'SIGTERM');
        const r = await child;
        t.equal(r.exitCode, 137);
        t.match(r.stderr, 'the command did not stop within 0.3 s of SIGTERM: sending SIGKILL');
      });
    });
  }
}
