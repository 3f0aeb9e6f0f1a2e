import { execveAvailable, execveReplace } from './execve.js';
import { prepareCommand, type LookupOptions } from './lookup.js';
import { spawnAndWait } from './spawn.js';

/**
 * Runs COMMAND with `env`: replaces this process where the runtime can, otherwise
 * resolves with the exit status to pass on.
 */
export async function runCommand(command: readonly string[], env: Record<string, string>, options: LookupOptions = {}): Promise<number> {
  const target = prepareCommand(command, env, options);
  if (execveAvailable()) {
    // Coverage of the bundle's test runs (README, Development) is written before execve replaces the process.
    if (process.env.NODE_V8_COVERAGE) process.getBuiltinModule('node:v8').takeCoverage();
    execveReplace(target, env);
  }
  return spawnAndWait(target, env);
}
