// npm run bench's result: the table, and which targets were missed (then it exits 1).

/**
 * One measurement. `target` is empty for a figure with no target; `ok` is undefined
 * when a target could not be measured here (then it is neither met nor missed).
 * @typedef {{ what: string, value: string, target: string, ok: boolean | undefined }} Row
 */

/**
 * The markdown table of the README's Performance section.
 * @param {Row[]} rows
 * @returns {string[]}
 */
export function table(rows) {
  const met = (/** @type {Row} */ r) => (!r.target ? '' : r.ok === undefined ? 'not measured' : r.ok ? 'yes' : '**no**');
  return ['| measurement | result | target | met |', '|---|---|---|---|', ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.target} | ${met(r)} |`)];
}

/**
 * What to print after the table, and the exit status: 1 when a target was missed.
 * @param {Row[]} rows
 * @returns {{ status: 0 | 1, lines: string[] }}
 */
export function verdict(rows) {
  const withTarget = rows.filter((r) => r.target);
  const missed = withTarget.filter((r) => r.ok === false);
  const unmeasured = withTarget.filter((r) => r.ok === undefined);
  const lines = [];
  if (missed.length > 0) {
    lines.push(`bench: ${missed.length} of ${withTarget.length} targets missed:`);
    for (const r of missed) lines.push(`  ${r.what}: ${r.value} (target ${r.target})`);
  } else {
    lines.push(`bench: all ${withTarget.length - unmeasured.length} measured targets met`);
  }
  for (const r of unmeasured) lines.push(`  not measured: ${r.what}: ${r.value} (target ${r.target})`);
  return { status: missed.length > 0 ? 1 : 0, lines };
}
