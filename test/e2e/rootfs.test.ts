// The container claims of the README, checked in real root file systems built from
// Debian's packages and run as PID 1 of a new PID namespace (what a container runtime
// does): a distroless/cc-like root, one without libstdc++, and the bundle with the pinned
// Node 24 in the same root. Needs root; skipped loudly otherwise.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { EXAMPLE, ROOT, SEA } from './artifacts.js';
import { debianPackages, makeRoot, pidOne, rootfsUnavailable, runInRoot } from '../harness/rootfs.js';

const CC = ['libc6', 'libstdc++6', 'libgcc-s1', 'busybox-static'];
const skip = (reason: string) => {
  process.stderr.write(`\n*** SKIPPING ROOT FILE SYSTEM TESTS: ${reason} ***\n\n`);
  t.plan(0, reason);
};

const unavailable = rootfsUnavailable();
const packages = unavailable === undefined ? debianPackages(CC) : undefined;
if (unavailable !== undefined) skip(unavailable);
else if (packages && 'unavailable' in packages) skip(packages.unavailable);
else if (packages) tests(packages.debs);

function tests(debs: string[]) {
  const sea = SEA.argv[0]!;
  // The shipped bundle (the tests' BUNDLE is its coverage build, which needs the project around it).
  const bundle = path.join(ROOT, 'dist/ssm-entrypoint.cjs');
  const passwd = 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n';
  const group = 'root:x:0:\napp:x:1000:\nextra:x:2000:app\n';
  const cc = makeRoot(debs, {
    'usr/local/bin/ssm-entrypoint': { from: sea },
    'ssm-entrypoint.cjs': { from: bundle },
    'parameters.json': { from: EXAMPLE },
    'etc/passwd': { text: passwd },
    'etc/group': { text: group },
    'app.sh': { text: '#!/bin/busybox sh\necho hi\n', mode: 0o644 },
  });
  t.teardown(cc.remove);

  const expected = Object.fromEntries(
    Object.entries(JSON.parse(readFileSync(EXAMPLE, 'utf8')).parameters as Record<string, string | { value: string }>).map(([name, v]) => [
      `DB_${path.basename(name).toUpperCase()}`,
      typeof v === 'string' ? v : v.value,
    ]),
  );
  const sample = { PATH: '/bin', PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' };
  // The app: its PID, then its environment.
  const app = ['busybox', 'sh', '-c', 'echo "pid $$"; busybox env'];
  const exe = '/usr/local/bin/ssm-entrypoint';

  /** The environment printed by `app`, compared without printing values. */
  const checkSample = (t: Test, stdout: string) => {
    const [first, ...lines] = stdout.trimEnd().split('\n');
    t.equal(first, 'pid 1', 'the command is PID 1 (the tool replaced itself)');
    const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    for (const [name, value] of Object.entries(expected)) t.ok(env[name] === value, `${name} received with the value from the file`);
    t.same(
      Object.keys(env)
        .filter((k) => k.startsWith('DB_'))
        .sort(),
      Object.keys(expected).sort(),
      'no other DB_ variable',
    );
  };

  t.test('distroless/cc-like root (libc6, libstdc++6, libgcc-s1; busybox as the app)', async (t) => {
    t.test('the sample via --from-file, the command as PID 1', async (t) => {
      const r = await runInRoot(cc.dir, [exe, '--from-file', '/parameters.json', '--', ...app], sample);
      t.equal(r.exitCode, 0, r.stderr);
      checkSample(t, r.stdout);
      t.match(r.stderr, /^ssm-entrypoint: loaded 5 variable\(s\) from prefix \/goecssample\/database\/sample\/master in \d+ ms\n$/);
    });

    t.test('exit codes: the command’s own, 125 fail closed, 126 not executable, 127 not found', async (t) => {
      const own = await runInRoot(cc.dir, [exe, 'busybox', 'sh', '-c', 'exit 3'], { PATH: '/bin' });
      t.equal(own.exitCode, 3);
      const closed = await runInRoot(cc.dir, [exe, '--from-file', '/parameters.json', '--prefix', '/nothing/here', 'busybox', 'echo', 'started'], {
        PATH: '/bin',
      });
      t.equal(closed.exitCode, 125);
      t.equal(closed.stdout, '', 'the command did not start');
      t.match(closed.stderr, /^ssm-entrypoint: error: prefix \/nothing\/here holds no parameters;/);
      const denied = await runInRoot(cc.dir, [exe, '/app.sh'], { PATH: '/bin' });
      t.equal(denied.exitCode, 126, denied.stderr);
      const missing = await runInRoot(cc.dir, [exe, 'server', '--port', '8080'], { PATH: '/bin' });
      t.equal(missing.exitCode, 127);
      t.equal(
        missing.stderr,
        "ssm-entrypoint: error: command 'server' not found on PATH (/bin); check the image's CMD and that the program is installed in the image\n",
      );
    });

    t.test('--user app: the uid, gid and groups of /etc/passwd and /etc/group in the root', async (t) => {
      const ids = ['busybox', 'sh', '-c', 'echo "$(busybox id -u) $(busybox id -g) $(busybox id -G) $HOME $$"'];
      const byName = await runInRoot(cc.dir, [exe, '--user', 'app', '--from-file', '/parameters.json', '--', ...ids], { ...sample, HOME: '/root' });
      t.equal(byName.exitCode, 0, byName.stderr);
      t.equal(byName.stdout, '1000 1000 1000 2000 /home/app 1\n');
      const numeric = await runInRoot(cc.dir, [exe, '--user', '1234:1234', '--', ...ids], { PATH: '/bin', HOME: '/root' });
      t.equal(numeric.exitCode, 0, numeric.stderr);
      t.equal(numeric.stdout, '1234 1234 1234 / 1\n', 'a uid that is not in /etc/passwd, as docker run --user 1234; HOME / as su-exec');
      const unknown = await runInRoot(cc.dir, [exe, '--user', 'nobody', '--', ...ids], { PATH: '/bin' });
      t.equal(unknown.exitCode, 125);
      t.equal(unknown.stdout, '');
    });

    t.test('SIGTERM to PID 1 (docker stop) reaches the command directly', async (t) => {
      const script = 'trap "echo got TERM; exit 42" TERM; echo ready; while :; do busybox sleep 0.05; done';
      const run = runInRoot(cc.dir, [exe, '--from-file', '/parameters.json', '--', 'busybox', 'sh', '-c', script], sample);
      await new Promise<void>((resolve) => run.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
      process.kill(await pidOne(run.pid!), 'SIGTERM');
      const r = await run;
      t.equal(r.exitCode, 42, r.stderr);
      t.equal(r.stdout, 'ready\ngot TERM\n');
    });
  });

  t.test('a root without libstdc++6 (Alpine-like minimalism, or scratch plus libc): the loader’s error, exit 127', async (t) => {
    const bare = makeRoot(
      debs.filter((d) => !path.basename(d).startsWith('libstdc++6_')),
      { 'usr/local/bin/ssm-entrypoint': { from: sea } },
    );
    t.teardown(bare.remove);
    const r = await runInRoot(bare.dir, [exe, '--version'], { PATH: '/bin' });
    t.equal(r.exitCode, 127);
    t.equal(
      r.stderr,
      '/usr/local/bin/ssm-entrypoint: error while loading shared libraries: libstdc++.so.6: cannot open shared object file: No such file or directory\n',
    );
  });

  // The Node the build pinned and embeds (.cache/ after npm run build).
  const pinned = readdirSync(path.join(ROOT, '.cache')).find((d) => /^node-v24\.[\d.]+-linux-x64$/.test(d));
  const noNode = !pinned || process.arch !== 'x64' ? 'no pinned linux-x64 Node 24 in .cache/ (npm run build puts it there)' : false;
  t.test('the bundle with the pinned Node 24 in the same root (an image that has Node)', { skip: noNode }, async (t) => {
    const withNode = makeRoot(debs, {
      'usr/local/bin/node': { from: path.join(ROOT, '.cache', pinned!, 'node') },
      'ssm-entrypoint.cjs': { from: bundle },
      'parameters.json': { from: EXAMPLE },
    });
    t.teardown(withNode.remove);
    const r = await runInRoot(withNode.dir, ['/usr/local/bin/node', '/ssm-entrypoint.cjs', '--from-file', '/parameters.json', '--', ...app], sample);
    t.equal(r.exitCode, 0, r.stderr);
    checkSample(t, r.stdout);
  });
}
