// Reads a child's output as it comes, and waits for a line: readiness without clocks.
import type { Readable } from 'node:stream';

export interface Lines {
  /** Every complete line so far. */
  readonly all: string[];
  /** The first line (at index >= from) matching `pattern`; rejects after `timeoutMs` with what was seen. */
  waitFor(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<string>;
}

export function lines(stream: Readable | null | undefined, label = 'output'): Lines {
  const all: string[] = [];
  let partial = '';
  const waiters = new Set<() => void>();
  stream?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    all.push(...parts);
    for (const wake of waiters) wake();
  });
  return {
    all,
    waitFor(pattern, { from = 0, timeoutMs = 20_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = all.slice(from).find((line) => pattern.test(line));
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no line matching ${pattern} on ${label} within ${timeoutMs} ms; saw:\n${all.join('\n')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
