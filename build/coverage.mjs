// The test build of the bundle, for coverage of the end-to-end runs (README, Development):
// .cache/coverage/ssm-entrypoint.cjs, not minified, with an inline source map back to src/,
// and the AWS SDK left to node_modules (required at run time) instead of the shipped
// bundle's SDK-as-a-string, so src/stores/aws-*.ts map back to their lines too.
// Never shipped: dist/ holds the real artifacts, which the tests also run.
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const COVERAGE_BUNDLE = path.join(ROOT, '.cache/coverage/ssm-entrypoint.cjs');

/**
 * `define`: the same compile-time constants as the shipped bundle (the reaper addon).
 * @param {{ define?: Record<string, string> }} [options]
 */
export async function coverageBundle({ define = {} } = {}) {
  mkdirSync(path.dirname(COVERAGE_BUNDLE), { recursive: true });
  await esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    entryPoints: [path.join(ROOT, 'src/main.ts')],
    outfile: COVERAGE_BUNDLE,
    banner: { js: '#!/usr/bin/env node' },
    // The coverage report reads the sources from src/; every run's coverage file carries
    // this map, so it stays small: no sourcesContent, no SDK.
    sourcemap: 'inline',
    sourcesContent: false,
    external: ['@aws-sdk/*'],
    plugins: [packageJsonAtRunTime],
    define,
    logLevel: 'warning',
  });
  chmodSync(COVERAGE_BUNDLE, 0o755);
  return COVERAGE_BUNDLE;
}

// package.json (for --version) is read at run time, or the report would count its lines as code.
/** @type {esbuild.Plugin} */
const packageJsonAtRunTime = {
  name: 'package-json-at-run-time',
  setup(build) {
    build.onResolve({ filter: /package\.json$/ }, (args) => ({
      path: path.relative(path.dirname(COVERAGE_BUNDLE), path.resolve(args.resolveDir, args.path)),
      external: true,
    }));
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`built ${path.relative(ROOT, await coverageBundle())}`);
