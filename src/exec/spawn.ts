import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { UserError } from '../core/errors.js';
import { EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND, EXIT_SIGNAL_BASE, EXIT_TOOL_FAILED } from '../core/exit-codes.js';
import type { Executable } from './lookup.js';
import { releaseInspectorGuard } from './signals.js';

export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/**
 * The fallback where the runtime has no execve (Node < 22.15): run the command as a
 * child with our stdio, forward signals to it, and resolve with the status this
 * process should exit with (128+N when it died of signal N). The child starts with
 * default signal dispositions (libuv resets them).
 */
export function spawnAndWait(target: Executable, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const [argv0, ...args] = target.argv;
    // Listening before the child exists: it may print and be signalled before spawn()
    // returns, and a SIGTERM with no listener would kill this process and orphan the child.
    // eslint-disable-next-line prefer-const -- `forward` reads it before spawn() assigns it
    let child: ChildProcess | undefined;
    const early: NodeJS.Signals[] = [];
    const forward = (signal: NodeJS.Signals) => (child ? child.kill(signal) : early.push(signal));
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    releaseInspectorGuard();
    // Loaded here, not at start-up: child_process brings net, stream and dgram, a few ms the execve path never needs.
    const { spawn } = process.getBuiltinModule('node:child_process');
    child = spawn(target.file, args, { argv0, env, stdio: 'inherit' });
    for (const signal of early) child.kill(signal);
    const cleanup = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once('error', (error) => {
      cleanup();
      reject(startFailure(error, argv0 ?? target.file));
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve(signal ? EXIT_SIGNAL_BASE + (constants.signals[signal] ?? 0) : (code ?? 0));
    });
  });
}

/** What the checks before it could not foresee (a file changed meanwhile): exit codes as `env`. */
function startFailure(error: Error, name: string): UserError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  const exitCode = code === 'ENOENT' ? EXIT_NOT_FOUND : code === 'E2BIG' ? EXIT_TOOL_FAILED : EXIT_NOT_EXECUTABLE;
  return new UserError(`cannot run '${name}': the system refused to start it (${code})`, {
    exitCode,
    hint:
      code === 'E2BIG'
        ? 'the environment and arguments are too large: load fewer or smaller values'
        : 'check that it exists, is executable, and is built for this system',
  });
}
