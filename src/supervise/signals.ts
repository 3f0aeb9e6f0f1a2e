import { constants } from 'node:os';

/**
 * Every signal a process can catch that makes sense to pass on, as tini does: not SIGKILL
 * and SIGSTOP (they cannot be caught), not SIGCHLD (the supervisor's own), not the signals
 * of a fault in this process (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS),
 * not SIGPIPE (a write of this process to a closed pipe) and not SIGPROF (V8's profiler).
 */
export const FORWARDED: readonly NodeJS.Signals[] = (
  [
    'SIGTERM',
    'SIGINT',
    'SIGHUP',
    'SIGQUIT',
    'SIGUSR1',
    'SIGUSR2',
    'SIGWINCH',
    'SIGCONT',
    'SIGTSTP',
    'SIGTTIN',
    'SIGTTOU',
    'SIGALRM',
    'SIGVTALRM',
    'SIGURG',
    'SIGXCPU',
    'SIGXFSZ',
    'SIGIO',
    'SIGPWR',
    'SIGSTKFLT',
  ] as NodeJS.Signals[]
).filter((signal) => signal in constants.signals);

/** Signals that ask the container to stop (docker stop, ECS, Ctrl-C): they start --stop-timeout. */
export const STOP_REQUESTS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT']);

export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}
