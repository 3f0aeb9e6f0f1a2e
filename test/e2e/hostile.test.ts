// What a user can get wrong, and what an attacker-shaped value looks like: each a clear
// exit-125 message naming the culprit, and never a started command.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { blackHole } from '../harness/proxy.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-hostile-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: unknown) => {
  const f = path.join(dir, name);
  writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data));
  return f;
};
const unicode = file('unicode.json', { secrets: { 'app/config': { value: { 'clé-été': 'ok', naïve: 'yes' } } } });
const store = file('store.json', {
  parameters: {
    '/nul/value': 'before\u0000after',
    '/big/value': 'x'.repeat(128 * 1024),
    '/fits/value': 'x'.repeat(128 * 1024 - 'VALUE='.length - 1),
    // 6.6 MB: past the exec limit of any stack size limit (at most 6 MiB).
    ...Object.fromEntries(Array.from({ length: 55 }, (_, i) => [`/total/v${i}`, 'y'.repeat(120 * 1024)])),
  },
});

for (const tool of artifacts()) {
  const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false });
  const refused = async (t: Test, args: string[], env: Record<string, string>, message: string | RegExp) => {
    const r = await run([...args, 'echo', 'started'], env);
    t.equal(r.exitCode, 125, `${args.join(' ')} ${JSON.stringify(env)}`);
    t.equal(r.stdout, '', 'not started');
    t.match(r.stderr, message);
  };

  t.test(tool.name, async (t) => {
    t.test('values the exec cannot carry', async (t) => {
      await refused(t, ['--from-file', store, '--prefix', '/nul'], {}, 'the value for VALUE contains a NUL byte, which cannot be passed in the environment');
      await refused(
        t,
        ['--from-file', store, '--prefix', '/big'],
        {},
        `the value for VALUE is ${128 * 1024 + 7} bytes; Linux passes at most 131072 bytes per variable`,
      );
      await refused(
        t,
        ['--from-file', store, '--prefix', '/total'],
        {},
        /the command's environment and arguments take \d+ bytes; Linux allows \d+ bytes to start a program with the stack size limit of .* \(ulimit -s\); the largest variables: V\d+ \(\d+ bytes\)/,
      );
      const fits = await run(['--from-file', store, '--prefix', '/fits', 'sh', '-c', 'printf %s "$VALUE" | wc -c']);
      t.equal(fits.exitCode, 0, 'the largest value that fits does run');
      t.equal(fits.stdout.trim(), String(128 * 1024 - 7));
    });

    t.test('JSON keys with unicode map to valid variables (one _ per character)', async (t) => {
      const r = await run(['--from-file', unicode, '--secret', 'app/config', 'sh', '-c', 'echo "$CL___T_ $NA_VE"']);
      t.equal(r.stdout, 'ok yes', r.stderr);
      const parameter = await run(['--from-file', file('uni-param.json', { parameters: { '/u/é': 'x' } }), '--prefix', '/u', 'true']);
      t.equal(parameter.exitCode, 125, 'Parameter Store names are ASCII: the offline store refuses like AWS');
    });

    t.test('configuration mistakes', async (t) => {
      await refused(t, [], { PARAMETER_STORE_PREFIX: ',,,' }, 'PARAMETER_STORE_PREFIX=",,," names nothing (only commas)');
      await refused(t, [], { PARAMETER_STORE_PREFIX: '///' }, 'prefix "///" is empty');
      await refused(t, ['--prefix', 'app/../secrets'], {}, 'prefix "app/../secrets" contains \'..\'');
      await refused(t, ['--bogus'], {}, "unknown option '--bogus'");
      await refused(t, ['--timeout', 'abc'], {}, '--timeout must be a number of seconds between 0 and 3600, not "abc"');
      await refused(t, [], { DB: 'ssm://' }, /DB/);
      await refused(t, [], { DB: 'sm://:password' }, /DB/);
      await refused(t, ['--from-file', path.join(dir, 'missing.json'), '--prefix', '/a'], {}, 'cannot read the file (ENOENT)');
      await refused(t, ['--from-file', file('bad.json', '{nope'), '--prefix', '/a'], {}, 'not valid JSON');
      await refused(t, ['--from-file', file('shape.json', { parameters: [] }), '--prefix', '/a'], {}, /--from-file .*shape\.json/);
      const noValue = await run(['--prefix']);
      t.equal(noValue.exitCode, 125);
      t.match(noValue.stderr, "option '--prefix' needs a value");
    });

    t.test('a stop signal while fetching: the command never starts, exit 128+N', async (t) => {
      const hole = await blackHole();
      t.teardown(() => hole.close());
      const marker = path.join(dir, `started-${tool.execve}`);
      const p = run(['--prefix', '/app', 'touch', marker], {
        AWS_ENDPOINT_URL: hole.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'y',
      });
      await hole.connected; // the tool is fetching: its request reached the endpoint
      p.kill('SIGTERM');
      const r = await p;
      t.equal(r.exitCode, 143);
      t.match(r.stderr, 'received SIGTERM while fetching: the command was not started');
      t.notOk(await import('node:fs').then((fs) => fs.existsSync(marker)));
    });
  });
}
