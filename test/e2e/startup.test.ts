// Start-up cost of the offline path: ICU's locale services (a collator for localeCompare,
// Intl.*) take 10-15 ms to start on their first use, more than the rest of the offline
// path together (npm run bench). A container start needs none of them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { BUNDLE, EXAMPLE, cleanEnv } from './artifacts.js';

// Preloaded into the bundle's Node: reports the first use of each locale service on stderr.
const SPY = `
const { writeSync } = require('node:fs');
const seen = new Set();
const report = (what) => { if (!seen.has(what)) { seen.add(what); writeSync(2, 'ICU used: ' + what + '\\n'); } };
const wrap = (object, key, what) => {
  const original = object[key];
  object[key] = new Proxy(original, {
    apply(target, self, args) { report(what); return Reflect.apply(target, self, args); },
    construct(target, args, nt) { report(what); return Reflect.construct(target, args, nt); },
  });
};
wrap(String.prototype, 'localeCompare', 'String.prototype.localeCompare');
wrap(String.prototype, 'toLocaleUpperCase', 'String.prototype.toLocaleUpperCase');
wrap(String.prototype, 'toLocaleLowerCase', 'String.prototype.toLocaleLowerCase');
for (const proto of [Date.prototype, Number.prototype, Array.prototype]) wrap(proto, 'toLocaleString', proto.constructor.name + '.prototype.toLocaleString');
for (const key of Object.getOwnPropertyNames(Intl)) if (typeof Intl[key] === 'function') wrap(Intl, key, 'Intl.' + key);
`;

t.test('the offline sample (--from-file, 5 parameters, then the command) uses no ICU locale service', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-startup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const spy = path.join(dir, 'spy.cjs');
  writeFileSync(spy, SPY);
  const env = cleanEnv({ PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' });
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const [node, bundle] = BUNDLE.argv as [string, string];
  const run = (args: string[]) => execa('/usr/bin/env', ['-i', ...assignments, node, '--require', spy, bundle, ...args], { reject: false });

  const probe = await execa('/usr/bin/env', ['-i', node, '--require', spy, '-e', '"a".localeCompare("b")'], { reject: false });
  t.equal(probe.stderr, 'ICU used: String.prototype.localeCompare', 'the spy sees a use');

  const r = await run(['--from-file', EXAMPLE, '--', 'true']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(
    r.stderr
      .split('\n')
      .filter((l) => l.startsWith('ICU used'))
      .join('\n'),
    '',
    'no locale service started',
  );
  t.match(r.stderr, /loaded 5 variable\(s\)/);

  // --print and --dry-run list the variables in the same order, sorted without a locale too.
  for (const mode of [['--print'], ['--dry-run', 'true']]) {
    const listed = await run(['--from-file', EXAMPLE, ...mode]);
    t.equal(listed.exitCode, 0, listed.stderr);
    t.equal(
      listed.stderr
        .split('\n')
        .filter((l) => l.startsWith('ICU used'))
        .join('\n'),
      '',
      `${mode[0]}: no locale service started`,
    );
  }
});
