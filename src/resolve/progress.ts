import type { Logger } from '../core/log.js';

const FIRST_AFTER_MS = 2000;
const EVERY_MS = 2000;

/**
 * A line every 2 s while fetching takes longer than 2 s (a large prefix, retries,
 * an endpoint that does not answer), so a slow start is never silent.
 */
export function trackProgress(log: Logger, tasks: readonly Promise<unknown>[]): void {
  if (tasks.length === 0) return;
  const started = Date.now();
  let done = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    log.info(`still fetching after ${Math.round((Date.now() - started) / 1000)} s: ${done} of ${tasks.length} requests done`);
    timer = setTimeout(tick, EVERY_MS).unref();
  };
  timer = setTimeout(tick, FIRST_AFTER_MS).unref();
  for (const task of tasks) {
    const finish = () => {
      done++;
      if (done === tasks.length) clearTimeout(timer);
    };
    task.then(finish, finish);
  }
}
