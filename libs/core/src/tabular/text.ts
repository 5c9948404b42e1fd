/**
 * A value as the text of a cell: a structured value as JSON rather than `[object Object]`,
 * a scalar as JavaScript writes it.
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  const scalar = value as number | boolean | bigint;
  return String(scalar);
}
