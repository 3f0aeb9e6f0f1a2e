// The reaper addon (src/supervise/reaper.c) for the bundle: compiled for each architecture a
// C compiler is found for, and handed to esbuild deflated, in base64 (define __SSM_ENTRYPOINT_REAPER__).
// Freestanding (no libc, no Node headers): the system's C compiler is all it needs.
//   linux-x64 on an x64 host: required (cc, or $CC); linux-arm64: aarch64-linux-gnu-gcc
//   (apt-get install gcc-aarch64-linux-gnu), skipped with a message when it is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';

const SOURCE = 'src/supervise/reaper.c';
/** @type {Record<import('./node-version.mjs').Arch, string>} */
const TRIPLES = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' };
const FLAGS = [
  '-shared',
  '-fPIC',
  '-Os',
  '-ffreestanding',
  '-nostdlib',
  '-fno-stack-protector',
  '-fvisibility=hidden',
  '-fno-asynchronous-unwind-tables',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-Wl,-s,--hash-style=gnu,-z,noexecstack,-z,noseparate-code,--build-id=none',
];

/**
 * { x64: base64, arm64: base64 } for esbuild's define; `required` must be among them.
 * @param {{ root: string, cacheDir: string, required: string }} options
 */
export function reaperAddons({ root, cacheDir, required }) {
  const host = process.arch;
  /** @type {Partial<Record<import('./node-version.mjs').Arch, string>>} */
  const built = {};
  /** @type {string[]} */
  const notes = [];
  for (const arch of /** @type {(keyof TRIPLES)[]} */ (Object.keys(TRIPLES))) {
    const compiler = arch === host ? process.env.CC || 'cc' : `${TRIPLES[arch]}-gcc`;
    if (spawnSync('sh', ['-c', `command -v "$0"`, compiler], { stdio: 'ignore' }).status !== 0) {
      const install = arch === host ? 'install gcc (apt-get install gcc) or set CC' : `apt-get install gcc-${TRIPLES[arch]}`;
      if (arch === required) fail(`no C compiler for the linux-${arch} reaper (${compiler}): ${install}`);
      notes.push(`linux-${arch} skipped (no ${compiler}; ${install}): as PID 1 there, --supervise cannot reap orphans`);
      continue;
    }
    mkdirSync(cacheDir, { recursive: true });
    const out = path.join(cacheDir, `reaper-${arch}.node`);
    try {
      execFileSync(compiler, [...FLAGS, '-o', out, path.join(root, SOURCE)], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const error = /** @type {Error & { stderr?: Buffer }} */ (e);
      fail(`${compiler} ${SOURCE} failed: ${String(error.stderr || error.message).trim()}`);
    }
    if (arch === host) smokeTest(out);
    const bytes = readFileSync(out);
    // Mostly page-alignment padding (arm64 aligns to 64 KiB): compressed, it is ~1 KB.
    built[arch] = deflateRawSync(bytes, { level: 9 }).toString('base64');
    notes.push(`linux-${arch} (${bytes.length} bytes)`);
  }
  console.log(`reaper: ${notes.join('; ')}`);
  return built;
}

/**
 * Loads it into this Node: waitid() for no child at all must say ECHILD (-10).
 * @param {string} file
 */
function smokeTest(file) {
  /** @type {{ exports: { waitid?: (idtype: number, id: number, options: number) => unknown } }} */
  const module = { exports: {} };
  process.dlopen(module, file);
  const result = module.exports.waitid?.(0, 0, 1 | 4 | 0x01000000);
  if (typeof result !== 'number' || (result !== -10 && result < 0)) fail(`${file}: waitid() answered ${result}`);
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}
