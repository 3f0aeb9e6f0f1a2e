// The built artifacts the end-to-end tests drive. `npm test` builds them first.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLE = path.join(ROOT, 'examples/parameters.json');

export interface Artifact {
  name: string;
  /** argv that runs the tool; append the tool's own arguments. */
  argv: string[];
  /** Whether it replaces itself (execve) or runs the command as a child. */
  execve: boolean;
  /** Added to the environment the tool gets (and so, passed on, the command too). */
  env: Record<string, string>;
}

const SHIPPED = path.join(ROOT, 'dist/ssm-entrypoint.cjs');
// The same bundle with source maps (build/coverage.mjs): the one whose runs are measured.
const MEASURED = path.join(ROOT, '.cache/coverage/ssm-entrypoint.cjs');
// Hides process.execve, so the tool takes its spawn fallback as on Node < 22.15.
const NO_EXECVE = path.join(ROOT, 'test/harness/no-execve.cjs');

const nodeHasExecve = typeof (process as unknown as { execve?: unknown }).execve === 'function';

// Under tap with coverage on, the measured bundle writes V8 coverage where tap's report
// reads it (.tap/coverage); Node writes it at exit, and the tool takes it before execve.
const coverageDir = process.env._TAPJS_PROCESSINFO_COVERAGE_ === '1' ? path.join(process.env._TAPJS_PROCESSINFO_CWD_ ?? ROOT, '.tap/coverage') : undefined;
const coverageEnv: Record<string, string> = coverageDir ? { NODE_V8_COVERAGE: coverageDir } : {};

export const SEA: Artifact = { name: 'single executable', argv: [path.join(ROOT, 'dist/ssm-entrypoint')], execve: true, env: {} };
export const BUNDLE: Artifact = {
  name: `bundle on Node ${process.versions.node}`,
  argv: [process.execPath, MEASURED],
  execve: nodeHasExecve,
  env: coverageEnv,
};
/** dist/ssm-entrypoint.cjs as shipped (the SDK kept as a string until a source needs it). */
export const SHIPPED_BUNDLE: Artifact = {
  name: `shipped bundle on Node ${process.versions.node}`,
  argv: [process.execPath, SHIPPED],
  execve: nodeHasExecve,
  env: {},
};

/** `tool` (a bundle) taking the spawn fallback, on any Node. */
export function withoutExecve(tool: Artifact): Artifact {
  if (!tool.execve) return tool;
  const [node, ...rest] = tool.argv;
  return { ...tool, name: `${tool.name}, spawn fallback (execve hidden)`, argv: [node!, '--require', NO_EXECVE, ...rest], execve: false };
}

/**
 * The measured bundle in the exec mode this Node does not have, so that both run on any
 * host: the spawn fallback on a Node with execve; on an older Node, execve with the Node
 * that the build embeds in the single executable (.cache/node-v*), when it is there.
 */
export function otherExecMode(): Artifact | undefined {
  if (nodeHasExecve) return withoutExecve(BUNDLE);
  const cache = path.join(ROOT, '.cache');
  const dir = existsSync(cache) ? readdirSync(cache).find((d) => d.startsWith('node-v') && d.endsWith(`-linux-${process.arch}`)) : undefined;
  const node = dir && path.join(cache, dir, 'node');
  if (!node || !existsSync(node)) return undefined;
  return { name: `bundle on Node ${dir.split('-')[1]!.slice(1)} (the build's)`, argv: [node, MEASURED], execve: true, env: coverageEnv };
}

export function artifacts(): Artifact[] {
  for (const file of [SEA.argv[0]!, SHIPPED, MEASURED]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run 'npm run build' first (npm test does)`);
  }
  return [SEA, BUNDLE];
}

/** A clean environment for the tool: no AWS settings of the host leak in. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', NODE_NO_WARNINGS: '1', ...extra };
}

/** Exactly the environment `tool` is started with, given `env`. */
export function toolEnv(tool: Artifact, env: Record<string, string>): Record<string, string> {
  return { ...env, ...tool.env };
}

/**
 * The argv that runs `tool` with exactly toolEnv(tool, env). Goes through `env -i` because
 * tap hooks child_process in test files and appends its own loader to NODE_OPTIONS of
 * every child; the tool and the command must see only what a container would give them.
 */
export function toolArgv(tool: Artifact, args: readonly string[], env: Record<string, string>): [string, string[]] {
  const assignments = Object.entries(toolEnv(tool, env)).map(([key, value]) => `${key}=${value}`);
  return ['/usr/bin/env', ['-i', ...assignments, ...tool.argv, ...args]];
}
