import type { LogFormat } from '../core/log.js';

export type Status = 'pass' | 'warn' | 'fail';

/** One line of --doctor's report: what was checked, the verdict, and what to do about it. */
export interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

/**
 * --doctor's report for stdout: one line per check with its fix below it, then the
 * verdict; with --log-format json, one object per check and a summary object.
 */
export function formatChecks(checks: readonly Check[], format: LogFormat): string {
  const failed = checks.filter((c) => c.status === 'fail').length;
  if (format === 'json') {
    const summary = { name: 'summary', status: failed ? 'fail' : 'pass', failed };
    return [...checks, summary].map((c) => `${JSON.stringify(c)}\n`).join('');
  }
  const width = Math.min(24, Math.max(...checks.map((c) => c.name.length)));
  const lines = checks.flatMap((c) => [
    `${c.status.toUpperCase().padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}\n`,
    ...(c.fix ? [`      ${' '.repeat(width)}  fix: ${c.fix}\n`] : []),
  ]);
  return `${lines.join('')}${failed ? `\n${failed} problem(s) found\n` : '\nall checks passed\n'}`;
}
