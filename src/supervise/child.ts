import type { ChildProcess } from 'node:child_process';
import type { Executable } from '../exec/lookup.js';
import { UserError } from '../core/errors.js';
import { EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND, EXIT_SIGNAL_BASE } from '../core/exit-codes.js';
import { signalNumber } from './signals.js';

export interface Child {
  readonly pid: number | undefined;
  /** Until the child has exited. */
  readonly alive: boolean;
  /** Sends a signal if the child is still there; false if it is gone. */
  signal(signal: NodeJS.Signals): boolean;
}

/** How a child ended: the status to exit with (128+N for signal N), or a failure to start. */
export type Ended = { status: number; signal: NodeJS.Signals | undefined } | { status: number; error: UserError };

/**
 * Starts the command as a child with this process's stdin, stdout and stderr (the command
 * was found by findExecutable first; a file that vanished since is reported as exec would).
 */
export function startChild(target: Executable, env: Record<string, string>, onEnd: (ended: Ended) => void): Child {
  const [argv0, ...args] = target.argv;
  // Loaded on use: child_process costs the exec path's start-up a few ms (see exec/spawn.ts).
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child: ChildProcess = spawn(target.file, args, { argv0, env, stdio: 'inherit' });
  let alive = child.pid !== undefined;
  let ended = false;
  const end = (result: Ended) => {
    alive = false;
    if (ended) return;
    ended = true;
    onEnd(result);
  };
  child.once('error', (error: NodeJS.ErrnoException) => {
    if (child.pid !== undefined && error.code !== 'ENOENT' && error.code !== 'EACCES') return; // a failed kill(): the exit event follows
    const notFound = error.code === 'ENOENT';
    end({
      status: notFound ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE,
      error: new UserError(`the command could not be started: ${target.file}: ${error.code ?? error.message}`, {
        exitCode: notFound ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE,
      }),
    });
  });
  child.once('exit', (code, signal) => {
    end({ status: signal ? EXIT_SIGNAL_BASE + signalNumber(signal) : (code ?? 0), signal: signal ?? undefined });
  });
  return {
    get pid() {
      return child.pid;
    },
    get alive() {
      return alive;
    },
    signal(signal) {
      if (!alive) return false;
      try {
        return child.kill(signal);
      } catch {
        return false;
      }
    },
  };
}
