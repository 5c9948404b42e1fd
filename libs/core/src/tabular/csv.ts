import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TableAssembler } from './assemble.js';
import { isoDate, joinList, toDate } from './cells.js';
import { TableColumn, TableFileError } from './table.js';
import { textOf } from './text.js';

/** Bytes looked at to choose the separator: the header row is always within them in practice. */
const SNIFF_BYTES = 64 * 1024;

class NotUtf8 extends Error {}

/** Decodes UTF-8 strictly (a BOM is dropped), so a file saved in another encoding is refused instead of read as garbage. */
function utf8Decoder(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new NotUtf8();
    }
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decode(chunk));
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        done(null, decode());
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** `;` when the first line holds more semicolons than commas outside quotes, `,` otherwise. */
export function detectDelimiter(head: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') break;
    else if (ch === ',') commas += 1;
    else if (ch === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

export async function readCsv(path: string, assembler: TableAssembler): Promise<void> {
  const fd = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fd.read(buf, 0, SNIFF_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new TableFileError(
      'the CSV file is UTF-16 ("Unicode text"); save it as "CSV UTF-8 (comma delimited)" and import it again',
    );
  }
  const delimiter = detectDelimiter(head.toString('utf8'));
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  let row = 0;
  const consume = (async () => {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      assembler.add(row, record);
    }
  })();
  try {
    await Promise.all([pipeline(createReadStream(path), utf8Decoder(), parser), consume]);
  } catch (err) {
    if (err instanceof NotUtf8) {
      throw new TableFileError(
        'the CSV file is not UTF-8 text (perhaps Windows-1251, as "CSV (разделители - запятые)" saves it); save it as "CSV UTF-8" and import it again',
      );
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_'))
      throw new TableFileError(`the CSV file cannot be read after row ${row}: ${(err as Error).message}`);
    throw err;
  }
}

function csvCell(value: unknown, column: TableColumn): string {
  if (value === null || value === undefined) return '';
  switch (column.type ?? 'text') {
    case 'list':
      return Array.isArray(value) ? joinList(value, column.header) : textOf(value);
    case 'date': {
      const d = toDate(value);
      return d ? isoDate(d) : textOf(value);
    }
    default:
      return value instanceof Date ? isoDate(value) : textOf(value);
  }
}

/**
 * Writes UTF-8 with a byte order mark (spreadsheet programs need it to see the text as UTF-8),
 * a header row, then one record a row. Fields holding the separator, quotes or line breaks are quoted.
 */
export async function writeCsv(
  path: string,
  columns: readonly TableColumn[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  delimiter: ',' | ';' = ',',
): Promise<number> {
  let count = 0;
  async function* records(): AsyncGenerator<string[]> {
    yield columns.map((c) => c.header);
    for await (const r of rows) {
      count += 1;
      yield columns.map((c) => csvCell(r[c.key], c));
    }
  }
  await pipeline(Readable.from(records()), stringify({ bom: true, delimiter }), createWriteStream(path));
  return count;
}
