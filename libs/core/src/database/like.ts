/**
 * A `LIKE`/`ILIKE` pattern that finds `text` anywhere, with `%`, `_` and `\` in it taken
 * literally (PostgreSQL's default escape character is the backslash).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}
