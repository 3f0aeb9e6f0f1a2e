import { constants, readFileSync } from 'node:fs';
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
 * stdout and stderr are made blocking again first where they are not: a stream Node made for
 * a pipe leaves it O_NONBLOCK, and the command would then fail on a slow reader. The tool
 * itself writes with writeSync and never creates those streams (creating one costs start-up
 * a few ms of stream modules), so usually there is nothing to undo. Ignored signals are
 * restored to their defaults.
 */
export function execveReplace(target: Executable, env: Record<string, string>): never {
  if (nonBlocking(1)) blocking(process.stdout);
  if (nonBlocking(2)) blocking(process.stderr);
  const execve = (process as unknown as { execve: Execve }).execve;
  restoreDefaultSignals();
  return execve(target.file, target.argv, env);
}

/** Whether fd has O_NONBLOCK, from /proc (unknown: assume it has). */
function nonBlocking(fd: number): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags === undefined || (parseInt(flags, 8) & constants.O_NONBLOCK) !== 0;
  } catch {
    return true;
  }
}

function blocking(stream: NodeJS.WriteStream): void {
  (stream as unknown as { _handle?: { setBlocking?: (on: boolean) => void } })._handle?.setBlocking?.(true);
}
