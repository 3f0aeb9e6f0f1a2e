import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { EXIT_SIGNAL_BASE } from '../report/exit-codes.js';
import type { Executable } from './lookup.js';

export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/**
 * The fallback where the runtime has no execve (Node < 22.15): run the command as a
 * child with our stdio, forward signals to it, and resolve with the status this
 * process should exit with (128+N when it died of signal N).
 */
export function spawnAndWait(target: Executable, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const [argv0, ...args] = target.argv;
    // Handlers first: a signal that comes as the child starts must not find the default
    // action (death, the child orphaned). Node runs them from its event loop, after spawn().
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const child = spawn(target.file, args, { argv0, env, stdio: 'inherit' });
    const cleanup = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once('error', (error) => {
      cleanup();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve(signal ? EXIT_SIGNAL_BASE + (constants.signals[signal] ?? 0) : (code ?? 0));
    });
  });
}
