// npm run build: the bundle (dist/ssm-entrypoint.cjs) and the single executable.
//   node build/build.mjs                 bundle + executable for this machine (dist/ssm-entrypoint)
//   node build/build.mjs --arch arm64    on x64: bundle + linux-arm64 executable (dist/ssm-entrypoint-linux-arm64)
//   node build/build.mjs --bundle-only   bundle only
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { codeCacheRejected } from './code-cache.mjs';
import { isArch, NODE_PACKAGES, NODE_VERSION, pinnedNode } from './node-version.mjs';
import { reaperAddons } from './reaper.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const CACHE = path.join(ROOT, '.cache');
const BUNDLE = path.join(DIST, 'ssm-entrypoint.cjs');

// The Node that the single executable embeds: build/node-version.mjs.
// A process that lives for a second does not need V8's default 16 MiB young generation:
// peak RSS with 1000 parameters drops by about 9 MiB, and start-up gets no slower
// (--lite-mode saves 4 MiB more but costs 10% of start-up; npm run bench).
const V8_FLAGS = ['--max-semi-space-size=1'];
// No --disable-sigusr1: it blocks SIGUSR1 in every thread, and execve keeps that mask, so
// the command would never receive SIGUSR1 (nor could --supervise pass it on). The inspector
// is kept shut by a listener installed first thing instead (src/exec/signals.ts).
/** @type {string[]} */
const NODE_FLAGS = [];
/** @satisfies {esbuild.BuildOptions} */
const ESBUILD = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };
const STORE = path.join(ROOT, 'src/stores/store.ts');
const SDK_LOADER = path.join(ROOT, 'build/sdk-loader.ts');
const SHARED_STORE = 'ssm-entrypoint:store';
const SDK_SOURCE = path.join(CACHE, 'aws-sdk.js');
const SDK_FILENAME = 'ssm-entrypoint-aws-sdk.cjs';
const SDK_CACHE_ASSET = 'aws-sdk.cache';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const { values: flags } = parseArgs({ options: { arch: { type: 'string' }, 'bundle-only': { type: 'boolean' } } });
const hostArch = process.arch;
const arch = flags.arch ?? hostArch;
if (!isArch(arch)) fail(`--arch must be x64 or arm64, not ${arch}`);

const started = Date.now();
mkdirSync(DIST, { recursive: true });
// The reaper addon goes into both builds of the bundle.
const define = { __SSM_ENTRYPOINT_REAPER__: JSON.stringify(reaperAddons({ root: ROOT, cacheDir: CACHE, required: hostArch })) };
await bundle();
await (await import('./coverage.mjs')).coverageBundle({ define }); // the tests' build with source maps, for coverage
const outputs = [BUNDLE];
if (!flags['bundle-only']) outputs.push(await singleExecutable(arch));
for (const file of outputs) console.log(`built ${path.relative(ROOT, file)} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
console.log(`build took ${((Date.now() - started) / 1000).toFixed(1)} s`);

async function bundle() {
  const sdk = await sdkAsString();
  await esbuild.build({
    ...ESBUILD,
    entryPoints: [path.join(ROOT, 'src/main.ts')],
    outfile: BUNDLE,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [sdk.plugin],
    define: { ...define, ...sdk.define },
  });
  chmodSync(BUNDLE, 0o755);
}

/**
 * The AWS SDK is nine tenths of the bundle. Parsing it costs every start a few ms and
 * MiB, even with no source configured, so src/stores/aws.ts and the SDK are bundled on
 * their own and kept in the bundle as a string, compiled on first use. stores/store.ts
 * stays shared (StoreError must be one class for `instanceof`). In the bundle,
 * build/sdk-loader.ts stands for src/stores/aws.ts and compiles the string.
 * @returns {Promise<{ plugin: esbuild.Plugin, define: Record<string, string> }>}
 */
async function sdkAsString() {
  /** @type {esbuild.Plugin} */
  const shareStore = {
    name: 'share-store',
    setup(build) {
      build.onResolve({ filter: /\/store\.js$/ }, (args) =>
        path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === STORE ? { path: SHARED_STORE, external: true } : undefined,
      );
    },
  };
  // The SDK's ES module builds let esbuild drop what is not used (a quarter of it: 15% less
  // CPU per start); import() becomes require(), since vm.Script code has no module loader.
  const sdk = await esbuild.build({
    ...ESBUILD,
    entryPoints: [path.join(ROOT, 'src/stores/aws.ts')],
    write: false,
    plugins: [shareStore],
    mainFields: ['module', 'main'],
    supported: { 'dynamic-import': false },
  });
  mkdirSync(CACHE, { recursive: true });
  const source = `(function (exports, require, module) {${outputText(sdk)}\n})`;
  writeFileSync(SDK_SOURCE, source); // for sdkCodeCache()
  return {
    plugin: {
      name: 'sdk-as-string',
      setup(build) {
        build.onResolve({ filter: /^\.\/stores\/aws\.js$/ }, () => ({ path: SDK_LOADER }));
      },
    },
    define: {
      __SSM_ENTRYPOINT_SDK_SOURCE__: JSON.stringify(source),
      __SSM_ENTRYPOINT_SDK_FILENAME__: JSON.stringify(SDK_FILENAME),
      // In the single executable, V8's code cache for it comes as an asset (see below).
      __SSM_ENTRYPOINT_SDK_CACHE_ASSET__: JSON.stringify(SDK_CACHE_ASSET),
      __SSM_ENTRYPOINT_SHARED_STORE__: JSON.stringify(SHARED_STORE),
    },
  };
}

/**
 * The one output file of a build with `write: false`.
 * @param {esbuild.BuildResult} result
 */
function outputText(result) {
  const file = result.outputFiles?.[0];
  if (!file) return fail('esbuild wrote no output');
  return file.text;
}

/**
 * V8's code cache for the SDK string, made by the Node (and flags) that will run it, after
 * the SDK has served one request of each kind (build/sdk-warmup.cjs): the cache then holds
 * the functions a first request compiles too (about 25 ms less per start with a source).
 * Then asks that Node, run with the executable's flags, whether V8 accepts it: V8 drops a
 * cache it rejects without a word, and every start would compile the SDK again.
 * @param {string} node
 * @param {string[]} execArgv the single executable's
 */
function sdkCodeCache(node, execArgv) {
  const out = path.join(CACHE, SDK_CACHE_ASSET);
  const store = path.join(CACHE, 'store.cjs');
  const result = esbuild.buildSync({ ...ESBUILD, entryPoints: [STORE], write: false, minify: false });
  writeFileSync(store, `(function (exports, require, module) {${outputText(result)}\n})`);
  run(node, [...V8_FLAGS, path.join(ROOT, 'build/sdk-warmup.cjs'), SDK_SOURCE, store, SDK_FILENAME, out]);
  let rejected;
  try {
    rejected = codeCacheRejected({ node, execArgv, source: SDK_SOURCE, cache: out, filename: SDK_FILENAME });
  } catch (error) {
    fail(
      `V8 failed on the AWS SDK's code cache (${path.relative(ROOT, out)}), as the executable would: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
    );
  }
  if (rejected) {
    console.warn(
      `build: warning: V8 rejects the AWS SDK's code cache (${path.relative(ROOT, out)}) when run as the executable runs; it works, but compiles the SDK at every start with a source (about 25 ms more): make the cache with the same Node and V8 flags as the executable`,
    );
  }
  return out;
}

/** @param {import('./node-version.mjs').Arch} targetArch */
async function singleExecutable(targetArch) {
  const node = nodeBinary(targetArch);
  const native = targetArch === hostArch;
  // The host's architecture is always dist/ssm-entrypoint (one path for Dockerfile.example on any platform).
  const out = path.join(DIST, native ? 'ssm-entrypoint' : `ssm-entrypoint-linux-${targetArch}`);
  const blob = path.join(CACHE, `sea-${targetArch}.blob`);
  const config = path.join(CACHE, `sea-${targetArch}.json`);
  const execArgv = [...V8_FLAGS, ...NODE_FLAGS];
  // The code cache is specific to the architecture and Node version: only for native builds.
  const assets = native ? { [SDK_CACHE_ASSET]: sdkCodeCache(node, execArgv) } : {};
  writeFileSync(
    config,
    JSON.stringify({ main: BUNDLE, output: blob, disableExperimentalSEAWarning: true, useCodeCache: native, execArgv, execArgvExtension: 'none', assets }),
  );
  // execArgvExtension none: NODE_OPTIONS is the app's (`--require ./tracing.js`), not the tool's.
  // The blob is made by a Node 24 that runs here: the target one when native, the x64 one otherwise.
  // Same V8 flags as at run time, or V8 rejects the code cache.
  if (!native && !isArch(hostArch)) fail(`cross-builds on linux-x64 or linux-arm64, not on ${hostArch}`);
  const maker = native ? node : nodeBinary(hostArch);
  run(maker, [...V8_FLAGS, '--experimental-sea-config', config]);
  rmSync(out, { force: true });
  copyFileSync(strippedNode(node, targetArch), out);
  const { inject } = /** @type {typeof import('postject')} */ (require('postject'));
  const warn = console.warn;
  console.warn = (/** @type {unknown[]} */ ...args) => {
    // postject's harmless "Can't find string offset for section name '.note...'"
    if (!String(args[0]).includes("Can't find string offset for section name")) warn(...args);
  };
  try {
    await inject(out, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  } finally {
    console.warn = warn;
  }
  chmodSync(out, 0o755);
  if (native) {
    const version = run(out, ['--version']).trim();
    if (!version.startsWith('ssm-entrypoint ')) fail(`${out} --version printed ${JSON.stringify(version)}`);
  } else if (targetArch === 'arm64' && existsSync('/usr/bin/qemu-aarch64') && existsSync('/usr/aarch64-linux-gnu')) {
    const version = run('/usr/bin/qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', out, '--version']).trim();
    if (!version.startsWith('ssm-entrypoint ')) fail(`${out} --version under qemu printed ${JSON.stringify(version)}`);
    console.log(`${path.relative(ROOT, out)}: smoke-tested under qemu-aarch64 (${version})`);
  } else {
    console.log(`${path.relative(ROOT, out)}: cross-built, not run here (qemu-user, libc6-arm64-cross and libstdc++6-arm64-cross would let the build run it)`);
  }
  return out;
}

/**
 * .cache/node-vX-linux-ARCH/node, from the pinned npm package, integrity checked.
 * @param {import('./node-version.mjs').Arch} targetArch
 */
function nodeBinary(targetArch) {
  const pkg = NODE_PACKAGES[targetArch];
  const binary = pinnedNode(CACHE, targetArch);
  const dir = path.dirname(binary);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tarball = path.join(CACHE, `${pkg.name}-${NODE_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    console.log(`fetching ${pkg.name}@${NODE_VERSION} from the npm registry (once; cached in .cache/)`);
    run('npm', ['pack', `${pkg.name}@${NODE_VERSION}`, '--pack-destination', CACHE, '--silent', '--force']);
  }
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== pkg.integrity) {
    rmSync(tarball, { force: true });
    fail(`${pkg.name}@${NODE_VERSION}: integrity mismatch (got ${actual}); the download was removed, run the build again`);
  }
  run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=2', 'package/bin/node']);
  chmodSync(binary, 0o755);
  return binary;
}

/**
 * The node binary without its symbol table and debug info (x64: 126.6 -> 108.5 MB): neither
 * is used at run time (native stack traces use the dynamic symbols, which stay). GNU strip
 * knows only the host's architecture; the cross one (binutils-aarch64-linux-gnu) or
 * llvm-strip handle the other. Without any, the build warns and embeds the binary as is.
 * @param {string} node
 * @param {import('./node-version.mjs').Arch} targetArch
 */
function strippedNode(node, targetArch) {
  const out = `${node}-stripped`;
  if (existsSync(out)) return out;
  const triple = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[targetArch];
  const tools = [`${triple}-strip`, ...(targetArch === hostArch ? ['strip'] : []), 'llvm-strip'];
  /** @type {string[]} */
  const errors = [];
  for (const tool of tools) {
    try {
      execFileSync(tool, ['--strip-all', '-o', `${out}.tmp`, node], { stdio: ['ignore', 'pipe', 'pipe'] });
      renameSync(`${out}.tmp`, out);
      return out;
    } catch (e) {
      const error = /** @type {NodeJS.ErrnoException & { stderr?: Buffer }} */ (e);
      rmSync(`${out}.tmp`, { force: true });
      errors.push(error.code === 'ENOENT' ? `${tool}: not found` : (error.stderr?.toString() || error.message).trim());
    }
  }
  console.warn(`build: warning: the ${targetArch} Node is embedded with its debug info, about 18 MB more (${errors.join('; ')}); install binutils or llvm`);
  return node;
}

/**
 * @param {string} file
 * @param {string[]} args
 */
function run(file, args) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const error = /** @type {Error & { stderr?: string }} */ (e);
    return fail(`${file} ${args.join(' ')} failed: ${(error.stderr || error.message).trim()}`);
  }
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}
