// --dry-run, --print, options from the environment, --user, JSON logs: through every artifact.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { blackHole } from '../harness/proxy.js';
import { EXAMPLE, artifacts, cleanEnv, toolArgv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-modes-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

// Values chosen to break naive quoting; none of them may appear in a log.
const HOSTILE: Record<string, string> = {
  QUOTES: `it's "double" and 'single'`,
  NEWLINES: 'line one\nline two\n\nend\n',
  SUBST: '$(touch /tmp/ssm-entrypoint-pwned) `id` ${HOME} $HOME',
  BACKSLASH: 'C:\\path\\to\\ \\n \\',
  EMOJI: 'héllo wörld 😀 — ✓',
  BIG: 'x'.repeat(100 * 1024 - 7) + "'\n$",
};
const store = path.join(dir, 'hostile.json');
writeFileSync(
  store,
  JSON.stringify({ parameters: Object.fromEntries(Object.entries(HOSTILE).map(([k, v]) => [`/h/${k.toLowerCase()}`, { type: 'SecureString', value: v }])) }),
);
const SAMPLE_VALUES = ['sampleuser', 'not-a-real-password', 'db.example.internal', 'sampledb'];
const sample = { PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' };

// --user switches user (setuid), which only root may do; uid, gid and home of `nobody`
// differ between distributions, so they are read from this machine's /etc/passwd.
const passwd = (name: string) => {
  const row = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[0] === name);
  return row && { uid: Number(row[2]), gid: Number(row[3]), home: row[5] ?? '' };
};
const nobody = passwd('nobody');
const rootHome = passwd('root')?.home ?? '/root';
const userSkip = process.getuid?.() !== 0 ? '--user needs the tests to run as root (it calls setuid)' : !nobody ? 'no user nobody in /etc/passwd' : false;

const leaks = (text: string, values: readonly string[]) => values.filter((v) => text.includes(v));

for (const tool of artifacts()) {
  const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false, stripFinalNewline: false });

  t.test(tool.name, async (t) => {
    t.test('--dry-run prints the plan, masked, and never runs the command', async (t) => {
      const marker = path.join(dir, `dry-${tool.execve}`);
      const r = await run(['--dry-run', '--from-file', EXAMPLE, '--', 'touch', marker], { ...sample, DB_HOST: 'old' });
      t.equal(r.exitCode, 0, r.stderr);
      t.notOk(existsSync(marker), 'the command did not run');
      t.match(
        r.stdout,
        /^DB_HOST +prefix \/goecssample\/database\/sample\/master +\/goecssample\/database\/sample\/master\/host +1 +\*\*\* \(19 chars\) +replaces existing$/m,
      );
      t.match(r.stdout, /^DB_PASSWORD .* \*\*\* \(19 chars\) +new$/m);
      t.match(r.stdout, `\nwould run: touch ${marker}\n`);
      t.same(leaks(r.stdout + r.stderr, SAMPLE_VALUES), [], 'no value on stdout or stderr');
      const shown = await run(['--dry-run', '--show-values', '--from-file', EXAMPLE, 'true'], sample);
      t.match(shown.stdout, /^DB_PASSWORD .* not-a-real-password +new$/m, '--show-values reveals');
    });

    t.test('--dry-run fails the way a real run fails', async (t) => {
      const r = await run(['--dry-run', '--from-file', EXAMPLE, '--prefix', '/none', 'true']);
      t.equal(r.exitCode, 125);
      t.equal(r.stderr, 'ssm-entrypoint: error: prefix /none holds no parameters; check the path and the region, or pass --allow-empty if that is expected\n');
      const missing = await run(['--dry-run', '--from-file', EXAMPLE, 'no-such-command'], { ...sample, PATH: '/usr/bin:/bin' });
      t.equal(missing.exitCode, 127);
    });

    t.test('--print --format shell: eval gives back every byte', async (t) => {
      for (const [name, value] of Object.entries(HOSTILE)) {
        // The tool's argv reaches the shell as "$@": no quoting of ours between the test and sh.
        const [file, argv] = toolArgv(tool, ['--quiet', '--print', '--format', 'shell', '--from-file', store, '--prefix', '/h'], {});
        const script = `eval "$("$@")"; printf %s "$${name}"`;
        const r = await execa('sh', ['-c', script, 'sh', file, ...argv], { env: cleanEnv(), extendEnv: false, stripFinalNewline: false, reject: false });
        t.equal(r.stdout, value, name);
      }
      t.notOk(existsSync('/tmp/ssm-entrypoint-pwned'), 'nothing in a value was executed');
    });

    t.test('--print --format env refuses line breaks, naming the variable only', async (t) => {
      const r = await run(['--print', '--format', 'env', '--from-file', store, '--prefix', '/h']);
      t.equal(r.exitCode, 125);
      t.equal(
        r.stderr,
        'ssm-entrypoint: loaded 6 variable(s) from prefix /h in ' +
          /in (\d+) ms/.exec(r.stderr)![1] +
          ' ms\n' +
          'ssm-entrypoint: error: the value of BIG contains a line break, which an env file cannot hold; use --format shell or --format json for this value\n' +
          'ssm-entrypoint: error: the value of NEWLINES contains a line break, which an env file cannot hold; use --format shell or --format json for this value\n',
      );
      t.equal(r.stdout, '');
      const ok = await run(['--print', '--format', 'env', '--from-file', EXAMPLE], sample);
      t.match(ok.stdout, /^DB_HOST=db\.example\.internal\nDB_NAME=sampledb\n/);
      const json = await run(['--print', '--format', 'json', '--from-file', store, '--prefix', '/h']);
      t.same(JSON.parse(json.stdout), HOSTILE);
    });

    t.test('options from SSM_ENTRYPOINT_*; flags win; bad booleans are usage errors', async (t) => {
      const marker = path.join(dir, `env-dry-${tool.execve}`);
      const r = await run(['touch', marker], { ...sample, SSM_ENTRYPOINT_DRY_RUN: 'yes', SSM_ENTRYPOINT_FROM_FILE: EXAMPLE });
      t.equal(r.exitCode, 0, r.stderr);
      t.notOk(existsSync(marker));
      t.match(r.stdout, 'would run:');
      const flagWins = await run(['--env-prefix', 'X_', '--print', '--format', 'json'], {
        ...sample,
        SSM_ENTRYPOINT_FROM_FILE: EXAMPLE,
        SSM_ENTRYPOINT_ENV_PREFIX: 'Y_',
      });
      t.same(Object.keys(JSON.parse(flagWins.stdout)).sort(), ['X_HOST', 'X_NAME', 'X_PASSWORD', 'X_PORT', 'X_USER']);
      const bad = await run(['true'], { SSM_ENTRYPOINT_DRY_RUN: 'maybe' });
      t.equal(bad.exitCode, 125);
      t.equal(
        bad.stderr,
        'ssm-entrypoint: error: SSM_ENTRYPOINT_DRY_RUN="maybe" is not a boolean: use 1/true/yes or 0/false/no; run \'ssm-entrypoint --help\' for the options\n',
      );
    });

    t.test('--user: fetch as root, then run as nobody with the credentials variables kept', { skip: userSkip }, async (t) => {
      const r = await run(
        ['--user', 'nobody', '--from-file', EXAMPLE, '--', 'sh', '-c', 'echo "$(id -u) $(id -g) $HOME $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI $DB_USER"'],
        {
          ...sample,
          AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/task-1234',
          HOME: rootHome,
        },
      );
      t.equal(r.exitCode, 0, r.stderr);
      t.equal(r.stdout, `${nobody!.uid} ${nobody!.gid} ${nobody!.home || rootHome} /v2/credentials/task-1234 sampleuser\n`);
    });

    t.test('--user: an unknown user is refused before fetching', async (t) => {
      const unknown = await run(['--user', 'ghost', 'true']);
      t.equal(unknown.exitCode, 125);
      t.equal(unknown.stderr, 'ssm-entrypoint: error: --user: no user named "ghost" in /etc/passwd; create it in the image (useradd) or give a numeric uid\n');
    });

    t.test('--help and --version: printed, exit 0, the command never runs', async (t) => {
      const help = await run(['--help', 'touch', path.join(dir, 'help')]);
      t.equal(help.exitCode, 0);
      t.match(help.stdout, /^usage: ssm-entrypoint \[OPTION\]\.\.\. \[--\] COMMAND \[ARG\]\.\.\./im);
      t.match(help.stdout, '--prefix');
      t.notOk(existsSync(path.join(dir, 'help')));
      const version = await run(['--version']);
      t.equal(version.exitCode, 0);
      t.match(version.stdout, /^ssm-entrypoint \d+\.\d+\.\d+\n$/);
    });

    t.test('--log-format json: one object per line; --verbose names, never values', async (t) => {
      const r = await run(['--log-format', 'json', '--verbose', '--from-file', EXAMPLE, 'true'], { ...sample, DB_HOST: 'x' });
      t.equal(r.exitCode, 0);
      const lines = r.stderr
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: string; msg: string });
      t.ok(lines.length >= 7);
      t.ok(lines.every((l) => typeof l.level === 'string' && typeof l.msg === 'string'));
      t.ok(lines.some((l) => l.msg === 'set DB_PASSWORD'));
      t.ok(lines.some((l) => l.msg === 'replaced existing variable(s): DB_HOST'));
      t.same(leaks(r.stderr, SAMPLE_VALUES), []);
      const quiet = await run(['--quiet', '--from-file', EXAMPLE, 'true'], sample);
      t.equal(quiet.stderr, '');
    });
  });
}

t.test('a slow fetch is never silent: a progress line every 2 s', async (t) => {
  const hole = await blackHole();
  t.teardown(() => hole.close());
  const tool = artifacts()[0]!;
  const env = { AWS_ENDPOINT_URL: hole.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_EC2_METADATA_DISABLED: 'true' };
  const p = execa(...toolArgv(tool, ['--timeout', '60', '--prefix', '/app', 'true'], cleanEnv(env)), { reject: false });
  // Stopped after its second progress line: the test waits for output, not for a clock.
  let stderr = '';
  const progress = () => [...stderr.matchAll(/^ssm-entrypoint: still fetching after (\d+) s: 0 of 1 requests done$/gm)].map((m) => Number(m[1]));
  await new Promise<void>((resolve) => {
    p.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (progress().length >= 2) resolve();
    });
    void p.then(() => resolve());
  });
  p.kill('SIGTERM');
  const r = await p;
  t.equal(r.exitCode, 143, 'stopped while fetching');
  const seconds = progress();
  t.equal(seconds.length, 2, stderr);
  // Timers never fire early: the first line comes at 2 s or later (whole seconds), the next one later.
  t.ok(seconds[0]! >= 2, `first after ${seconds[0]} s`);
  t.ok(seconds[1]! - seconds[0]! >= 1, `then after ${seconds[1]} s`);
});
