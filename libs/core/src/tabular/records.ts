import { stringify } from 'csv-stringify';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * One problem of an imported file, for functions and budget files alike. `line` is the line of a
 * JSON Lines file or the row of a spreadsheet.
 */
export interface LineProblem {
  /** The line of a JSON Lines file, or the row of a spreadsheet. */
  line: number;
  /** `field: rule` for a field's problem, as in JSON Lines. */
  message: string;
  /** The interchange field at fault (`agency.territory`, `legalBasis[1].actCode`), when there is one. */
  field?: string;
  /** Where the problem is, when `line N` does not say it: `row 7, cell F7 (type)` in a spreadsheet. */
  at?: string;
}

/** How many problems the refusal message lists; the rest are counted. */
const SHOWN_PROBLEMS = 50;

/**
 * The file was refused; nothing was written. `problems` are numbered by line (JSON Lines) or row
 * (spreadsheets, where `at` also names the cell).
 */
export class ImportError extends Error {
  constructor(readonly problems: LineProblem[]) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  ${p.at ?? `line ${p.line}`}: ${p.message}`);
    if (problems.length > shown.length) shown.push(`  ... and ${problems.length - shown.length} more`);
    super(
      `The import was refused, nothing was written (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${shown.join('\n')}`,
    );
  }
}

/**
 * Writes every problem of a refused import to `path`, however many there are: CSV (columns line,
 * place, field, problem; UTF-8 with a byte order mark so that spreadsheet tools read Cyrillic) or,
 * for a `.jsonl`/`.ndjson`/`.json` path, one JSON object a line. The refusal message lists only
 * the first problems; this is the full report a user fixes the file from.
 */
export async function writeProblemReport(path: string, problems: readonly LineProblem[]): Promise<void> {
  const jsonLines = /\.(jsonl|ndjson|json)$/i.test(path);
  const rows = Readable.from(
    (function* () {
      for (const p of problems) {
        const place = p.at ?? `line ${p.line}`;
        yield jsonLines
          ? `${JSON.stringify({ line: p.line, place, field: p.field ?? null, problem: p.message })}\n`
          : [p.line, place, p.field ?? '', p.message];
      }
    })(),
  );
  if (jsonLines) {
    await pipeline(rows, createWriteStream(path, { encoding: 'utf8' }));
    return;
  }
  await pipeline(
    rows,
    stringify({ bom: true, header: true, columns: ['line', 'place', 'field', 'problem'] }),
    createWriteStream(path),
  );
}

/**
 * Appends `items` to `target` one by one: `push(...items)` passes every item as an argument and
 * overflows the stack once a file has a few hundred thousand problems.
 */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** A non-blank line of a JSON Lines file, its byte order mark removed. */
export interface JsonLine {
  line: number;
  text: string;
}

/**
 * Streams the non-blank lines of a JSON Lines file with their 1-based line numbers (blank lines
 * count). A UTF-8 byte order mark at the start of the file is dropped, as spreadsheet tools and
 * Windows editors write one.
 */
export async function* readJsonLines(path: string, onLine?: (n: number) => void): AsyncGenerator<JsonLine> {
  const input = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of input) {
    n += 1;
    onLine?.(n);
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    yield { line: n, text };
  }
}

/**
 * Parses a JSON Lines line into an object; anything else is a problem of that line.
 */
export function parseJsonRecord(
  { line, text }: JsonLine,
  notJson: (message: string) => string = (m) => `not JSON: ${m}`,
): { record: Record<string, unknown> } | { problem: LineProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: { line, message: notJson((err as Error).message) } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { problem: { line, message: 'a JSON object is expected' } };
  return { record: value as Record<string, unknown> };
}
