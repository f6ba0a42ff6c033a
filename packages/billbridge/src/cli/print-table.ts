/** How a column is aligned: text left, amounts and counts right. */
export type ColumnAlign = 'left' | 'right';

/**
 * Rows as aligned text columns, two spaces apart, one line each (trailing spaces trimmed).
 * `align` gives each column's alignment (left by default).
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  align: readonly ColumnAlign[] = [],
): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) =>
          align[index] === 'right' ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
