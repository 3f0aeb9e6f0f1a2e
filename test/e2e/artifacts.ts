// The built artifacts the end-to-end tests drive. `npm test` builds them first.
import { existsSync } from 'node:fs';
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
}

const nodeHasExecve = typeof (process as unknown as { execve?: unknown }).execve === 'function';

export const SEA: Artifact = { name: 'single executable', argv: [path.join(ROOT, 'dist/ssm-entrypoint')], execve: true };
export const BUNDLE: Artifact = {
  name: `bundle on Node ${process.versions.node}`,
  argv: [process.execPath, path.join(ROOT, 'dist/ssm-entrypoint.cjs')],
  execve: nodeHasExecve,
};

export function artifacts(): Artifact[] {
  for (const a of [SEA, BUNDLE]) {
    const file = a.argv.at(-1)!;
    if (!existsSync(file)) throw new Error(`${file} is missing: run 'npm run build' first (npm test does)`);
  }
  return [SEA, BUNDLE];
}

/** A clean environment for the tool: no AWS settings of the host leak in. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', NODE_NO_WARNINGS: '1', ...extra };
}

/**
 * The argv that runs `tool` with exactly `env`. Goes through `env -i` because tap hooks
 * child_process in test files and appends its own loader to NODE_OPTIONS of every child;
 * the tool and the command must see only what a container would give them.
 */
export function toolArgv(tool: Artifact, args: readonly string[], env: Record<string, string>): [string, string[]] {
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  return ['/usr/bin/env', ['-i', ...assignments, ...tool.argv, ...args]];
}
