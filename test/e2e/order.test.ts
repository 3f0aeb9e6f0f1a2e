// One order of variables everywhere a user sees them: the command's environment, --verbose,
// --print (every format) and --dry-run (text and JSON) list the same names in the same
// order, by code point (not a locale's order, which would put `_` first and mix the cases).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-order-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const store = path.join(dir, 'store.json');
writeFileSync(
  store,
  JSON.stringify({
    parameters: { '/o/b1': 'p1', '/o/ab': 'p2', '/o/_x': 'p3', '/o/1x': 'p4', '/o/zz': 'p5' },
    secrets: { s: { value: { 'a-b': 's1', y: 's2' } } },
  }),
);
const EXPECTED = ['AB', 'A_B', 'B1', 'Y', 'ZZ', '_1X', '_X'];
const ours = (names: string[]) => names.filter((n) => EXPECTED.includes(n));

for (const tool of artifacts()) {
  const run = async (args: string[]) => {
    const r = await execa(...toolArgv(tool, ['--from-file', store, '--prefix', '/o', '--secret', 's', ...args], cleanEnv()), { reject: false });
    t.equal(r.exitCode, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  t.test(tool.name, async (t) => {
    const started = await run(['--verbose', '--', 'env']);
    const environment = ours(started.stdout.split('\n').map((line) => line.slice(0, line.indexOf('='))));
    t.same(environment, EXPECTED, "the command's environment");
    t.same(
      [...started.stderr.matchAll(/^ssm-entrypoint: set (\S+)/gm)].map((m) => m[1]!),
      EXPECTED,
      '--verbose',
    );

    const env = await run(['--quiet', '--print', '--format', 'env']);
    t.same(
      env.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.slice(0, line.indexOf('='))),
      EXPECTED,
      '--print --format env',
    );
    const shell = await run(['--quiet', '--print', '--format', 'shell']);
    t.same(
      [...shell.stdout.matchAll(/^export ([^=]+)=/gm)].map((m) => m[1]!),
      EXPECTED,
      '--print --format shell',
    );
    const json = await run(['--quiet', '--print', '--format', 'json']);
    t.same(Object.keys(JSON.parse(json.stdout) as object), EXPECTED, '--print --format json');

    const plan = await run(['--quiet', '--dry-run', 'true']);
    t.same(ours(plan.stdout.split('\n').map((line) => line.split(' ')[0]!)), EXPECTED, '--dry-run');
    const planJson = await run(['--quiet', '--dry-run', '--log-format', 'json', 'true']);
    t.same(
      (JSON.parse(planJson.stdout) as { variables: { name: string }[] }).variables.map((v) => v.name),
      EXPECTED,
      '--dry-run --log-format json',
    );
  });
}
