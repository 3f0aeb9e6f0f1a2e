import type { Variable } from '../env/build.js';
import type { LogFormat } from './log.js';
import { shellCommand } from './quote.js';

/**
 * --dry-run: every variable, where it came from, its value masked (unless --show-values)
 * and what it does to an existing value; then the command that would run.
 */
export function formatPlan(
  variables: readonly Variable[],
  command: readonly string[],
  options: { showValues: boolean; format: LogFormat },
): string {
  const rows = [...variables].sort((a, b) => a.name.localeCompare(b.name));
  const shown = (v: Variable) => (options.showValues ? v.value : `*** (${[...v.value].length} chars)`);
  const effect = (v: Variable) => (v.kept ? 'kept existing (--no-overwrite)' : v.replaced ? 'replaces existing' : 'new');
  if (options.format === 'json') {
    return `${JSON.stringify({
      variables: rows.map((v) => ({
        name: v.name,
        kind: v.origin.kind,
        source: v.origin.source,
        item: v.origin.item,
        version: v.origin.version ?? null,
        value: shown(v),
        effect: effect(v),
      })),
      command: command.length > 0 ? command : null,
    })}\n`;
  }
  const table = [
    ['VARIABLE', 'FROM', 'ITEM', 'VERSION', 'VALUE', 'EFFECT'],
    ...rows.map((v) => [v.name, `${v.origin.kind} ${v.origin.source}`, v.origin.item, v.origin.version ?? '-', shown(v), effect(v)]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => [...row[i]!].length)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
      .join('  ')
      .replace(/\n/g, '\\n'),
  );
  const body = rows.length > 0 ? lines.join('\n') : 'no variables (no source configured)';
  const cmd = command.length > 0 ? shellCommand(command) : '(no command given)';
  return `${body}\n\nwould run: ${cmd}\n`;
}
