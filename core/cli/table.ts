/**
 * Columns as wide as their widest cell, three spaces apart, as `docker compose ps` prints them:
 * the header line first, then one line per row. The last column is not padded.
 */
export function tableLines(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => rows.reduce((widest, row) => Math.max(widest, row[column].length), title.length));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('   ');
  return [header, ...rows].map(line);
}
