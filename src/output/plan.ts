import type { Variable } from '../env/build.js';
import { compareNames } from '../env/names.js';
import type { FileRow } from '../files/show.js';
import type { LogFormat } from '../core/log.js';
import { shellCommand } from './quote.js';
import { alignColumns } from './table.js';

/**
 * --dry-run: every variable, where it came from, its value masked (unless --show-values)
 * and what it does to an existing value; then the command that would run.
 */
export function formatPlan(
  variables: readonly Variable[],
  command: readonly string[],
  options: { showValues: boolean; format: LogFormat; files?: { dir: string; rows: readonly FileRow[] } },
): string {
  const rows = [...variables].sort((a, b) => compareNames(a.name, b.name));
  // A file's variable holds its path, which is no secret.
  const paths = new Set(options.files?.rows.map((f) => f.variable));
  const shown = (v: Variable) => (options.showValues || paths.has(v.name) ? v.value : `*** (${[...v.value].length} chars)`);
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
      ...(options.files && { files: { dir: options.files.dir, entries: options.files.rows } }),
      command: command.length > 0 ? command : null,
    })}\n`;
  }
  const table = [
    ['VARIABLE', 'FROM', 'ITEM', 'VERSION', 'VALUE', 'EFFECT'],
    ...rows.map((v) => [v.name, `${v.origin.kind} ${v.origin.source}`, v.origin.item, v.origin.version ?? '-', shown(v), effect(v)]),
  ];
  const body = rows.length > 0 ? alignColumns(table).join('\n') : 'no variables (no source configured)';
  const cmd = command.length > 0 ? shellCommand(command) : '(no command given)';
  const files = options.files && options.files.rows.length > 0 ? `\n\n${formatFileRows(options.files.dir, options.files.rows)}` : '';
  return `${body}${files}\n\nwould run: ${cmd}\n`;
}

/** The --dry-run table of files (text format). */
export function formatFileRows(dir: string, rows: readonly FileRow[]): string {
  const lines = alignColumns([['PATH', 'MODE', 'OWNER', 'VALUE'], ...rows.map((f) => [f.path, f.mode, f.owner, f.value])]);
  return `files in ${dir} (directory 0700, emptied first):\n${lines.join('\n')}`;
}
