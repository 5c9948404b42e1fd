/** Transposes rows into one array per column: the shape `INSERT ... SELECT * FROM unnest($1, $2, ...)` takes. */
export function toColumns(rows: unknown[][], width: number): unknown[][] {
  const cols: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => row.forEach((v, c) => (cols[c][r] = v)));
  return cols;
}
