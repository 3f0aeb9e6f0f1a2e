import type { Executable } from './lookup.js';
import { restoreDefaultSignals } from './signals.js';

type Execve = (file: string, args: string[], env: Record<string, string>) => never;

/** process.execve exists from Node 22.15 (and in the single executable). */
export function execveAvailable(): boolean {
  return typeof (process as unknown as { execve?: Execve }).execve === 'function';
}

/**
 * Replaces this process: same PID, no parent left behind, signals go straight to the
 * command. The caller has checked what the kernel checks (a failed execve aborts Node).
 * stdout and stderr are made blocking again first: Node leaves pipes O_NONBLOCK, and the
 * command would then fail on a slow reader. Ignored signals are restored to their defaults.
 */
export function execveReplace(target: Executable, env: Record<string, string>): never {
  for (const stream of [process.stdout, process.stderr]) {
    (stream as unknown as { _handle?: { setBlocking?: (on: boolean) => void } })._handle?.setBlocking?.(true);
  }
  const execve = (process as unknown as { execve: Execve }).execve;
  restoreDefaultSignals();
  return execve(target.file, target.argv, env);
}
