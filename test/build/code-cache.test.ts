// The build's check that V8 accepts the SDK's code cache (README, Development): V8 drops a
// cache it rejects without a word, so without the check a wrong cache would only show as a
// slower start.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { codeCacheRejected } from '../../build/code-cache.mjs';
import { isArch, pinnedNode } from '../../build/node-version.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const source = path.join(dir, 'source.cjs');
writeFileSync(source, `(function (exports) { exports.answer = ${'[1, 2, 3].map((n) => n * 2).length + '.repeat(50)} 0; })`);

/** A cache for `source`, made by this Node run with `flags`. */
function makeCache(name: string, flags: string[]): string {
  const out = path.join(dir, name);
  const make = `const { Script } = require('node:vm'); const fs = require('node:fs');
    fs.writeFileSync(process.argv[2], new Script(fs.readFileSync(process.argv[1], 'utf8'), { filename: 'x.cjs' }).createCachedData());`;
  execFileSync(process.execPath, [...flags, '-e', make, source, out]);
  return out;
}

const check = (cache: string, execArgv: string[], of = source) => codeCacheRejected({ node: process.execPath, execArgv, source: of, cache, filename: 'x.cjs' });

t.test('a cache made by the same Node with the same flags is accepted', async (t) => {
  t.equal(check(makeCache('same', ['--max-semi-space-size=1']), ['--max-semi-space-size=1']), false);
});

t.test('a cache made with other V8 flags is rejected', async (t) => {
  // --no-lazy is part of V8's flag hash (not every flag is: --max-semi-space-size is not).
  t.equal(check(makeCache('lazy', []), ['--no-lazy']), true);
});

t.test('a cache of another source, or a truncated one, is rejected', async (t) => {
  const cache = makeCache('good', []);
  const other = path.join(dir, 'other.cjs');
  writeFileSync(other, readFileSync(source, 'utf8').replace('exports.answer', 'exports.other'));
  t.equal(check(cache, [], other), true, 'another source');
  // (Bytes changed in place are not checked: V8 verifies no checksum in release builds.)
  const truncated = path.join(dir, 'truncated');
  const bytes = readFileSync(cache);
  writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
  t.equal(check(truncated, []), true, 'truncated');
});

const cache = path.join(ROOT, '.cache/aws-sdk.cache');
const node = isArch(process.arch) ? pinnedNode(path.join(ROOT, '.cache'), process.arch) : undefined;
const built = node !== undefined && existsSync(node) && existsSync(cache);
t.test(
  "the built executable's SDK cache is accepted by its Node with its flags",
  { skip: !built && 'no single executable built here (npm run build)' },
  async (t) => {
    if (!node) return;
    // The flags of the single executable's sea config, as build/build.mjs wrote them.
    const config = JSON.parse(readFileSync(path.join(ROOT, `.cache/sea-${process.arch}.json`), 'utf8')) as { execArgv: string[] };
    t.equal(
      codeCacheRejected({ node, execArgv: config.execArgv, source: path.join(ROOT, '.cache/aws-sdk.js'), cache, filename: 'ssm-entrypoint-aws-sdk.cjs' }),
      false,
    );
  },
);
