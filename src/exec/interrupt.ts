import { constants } from 'node:os';
import { EXIT_SIGNAL_BASE } from '../core/exit-codes.js';

const STOPPING: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'];

/**
 * While fetching, a stop signal (ECS stopping the task, Ctrl-C) means: do not start the
 * command. `stop` gets the status to exit with (128+N). Returns the function that removes
 * the handlers again, before exec (the spawn fallback forwards signals itself).
 */
export function onStopSignal(stop: (signal: NodeJS.Signals, status: number) => void): () => void {
  const handler = (signal: NodeJS.Signals) => stop(signal, EXIT_SIGNAL_BASE + (constants.signals[signal] ?? 0));
  for (const signal of STOPPING) process.on(signal, handler);
  return () => {
    for (const signal of STOPPING) process.off(signal, handler);
  };
}
