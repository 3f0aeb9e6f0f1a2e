/**
 * Rows of cells → lines with the columns aligned (two spaces apart, the last column not
 * padded), widths counted in code points; a line break inside a cell is shown as `\n`.
 */
export function alignColumns(table: readonly (readonly string[])[]): string[] {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => [...row[i]!].length)));
  return table.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
      .join('  ')
      .replace(/\n/g, '\\n'),
  );
}
