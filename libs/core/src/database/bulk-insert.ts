import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager } from 'typeorm';
import { textOf } from '../tabular/text.js';
import { toColumns } from './columns.js';

/** A column of a bulk load: its name and the PostgreSQL type its values are cast to. */
export interface BulkColumn {
  name: string;
  type: string;
}

export interface BulkInsertOptions {
  /** Rows per statement where COPY cannot be used. */
  chunk?: number;
  /** Called with the number of rows written so far, about every `progressEvery` rows. */
  progress?: (written: number) => void;
  progressEvery?: number;
}

type RowSource = Iterable<unknown[]> | AsyncIterable<unknown[]>;

/** One value in COPY's text format: `\N` for null, and backslash escapes for the separators. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const s = value instanceof Date ? value.toISOString() : textOf(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

async function* copyLines(
  rows: RowSource,
  width: number,
  opts: BulkInsertOptions,
  count: { n: number },
): AsyncGenerator<string> {
  const every = opts.progressEvery ?? 100_000;
  let batch = '';
  for await (const row of rows) {
    if (row.length !== width) throw new Error(`bulk insert: a row has ${row.length} values for ${width} columns`);
    batch += row.map(copyText).join('\t') + '\n';
    if (++count.n % 1000 === 0) {
      yield batch;
      batch = '';
      if (count.n % every === 0) opts.progress?.(count.n);
    }
  }
  if (batch) yield batch;
}

/** The caller's transaction, and whether it runs on the embedded database (which has no COPY). */
function bulkTarget(em: EntityManager) {
  const runner = em.queryRunner;
  if (!runner) throw new Error('bulk insert needs a transaction');
  return { runner, embedded: 'embedded' in em.connection && !!(em.connection as { embedded?: unknown }).embedded };
}

/**
 * Writes many rows into a table inside the caller's transaction: by `COPY FROM STDIN` on a
 * PostgreSQL server (several times faster than INSERT for hundreds of thousands of rows), and by
 * `INSERT ... SELECT FROM unnest(...)` in chunks on the embedded database, whose wire protocol has no
 * COPY sub-protocol. Objects are written as JSON. Returns the number of rows written.
 */
export async function bulkInsert(
  em: EntityManager,
  table: string,
  columns: BulkColumn[],
  rows: RowSource,
  opts: BulkInsertOptions = {},
): Promise<number> {
  const { runner, embedded } = bulkTarget(em);
  const names = columns.map((c) => c.name).join(', ');
  if (!embedded) {
    const client = (await runner.connect()) as { query: (s: ReturnType<typeof copyFrom>) => NodeJS.WritableStream };
    const count = { n: 0 };
    try {
      await pipeline(
        Readable.from(copyLines(rows, columns.length, opts, count)),
        client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`)),
      );
    } catch (e) {
      // A session the server ends in the middle of a COPY closes the stream before PostgreSQL can
      // say why: that is the connection lost (the transaction is rolled back), not a fault of ours.
      if ((e as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE')
        throw new Error(`Connection terminated during COPY into ${table}`, { cause: e });
      throw e;
    }
    return count.n;
  }
  const chunk = opts.chunk ?? 5000;
  const every = opts.progressEvery ?? 100_000;
  const sql = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`;
  let batch: unknown[][] = [];
  let written = 0;
  const flush = async () => {
    const cols = toColumns(
      batch.map((row) =>
        row.map((v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v)),
      ),
      columns.length,
    );
    await em.query(sql, cols);
    written += batch.length;
    if (Math.floor(written / every) > Math.floor((written - batch.length) / every)) opts.progress?.(written);
    batch = [];
  };
  for await (const row of rows) {
    if (row.length !== columns.length)
      throw new Error(`bulk insert: a row has ${row.length} values for ${columns.length} columns`);
    batch.push(row);
    if (batch.length === chunk) await flush();
  }
  if (batch.length) await flush();
  return written;
}

const UNESCAPE: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

function fromCopyText(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : field;
}

/**
 * Writes a file of rows already in COPY's text format (tab-separated, one row a line, `copyText`
 * values): streamed to `COPY` untouched on a PostgreSQL server, where a national review's tens of
 * millions of rows never pass through JavaScript again, and read back into `bulkInsert` on the
 * embedded database. Returns the number of rows written.
 */
export async function bulkInsertFile(
  em: EntityManager,
  table: string,
  columns: BulkColumn[],
  path: string,
  opts: BulkInsertOptions = {},
): Promise<number> {
  const { runner, embedded } = bulkTarget(em);
  if (embedded) {
    async function* rows() {
      for await (const line of createInterface({
        input: createReadStream(path, { encoding: 'utf8' }),
        crlfDelay: Infinity,
      })) {
        if (line) yield line.split('\t').map(fromCopyText);
      }
    }
    return bulkInsert(em, table, columns, rows(), opts);
  }
  const every = opts.progressEvery ?? 1_000_000;
  let lines = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const before = lines;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (Math.floor(lines / every) > Math.floor(before / every)) opts.progress?.(lines);
      done(null, chunk);
    },
  });
  const client = (await runner.connect()) as { query: (s: ReturnType<typeof copyFrom>) => NodeJS.WritableStream };
  const names = columns.map((c) => c.name).join(', ');
  await pipeline(
    createReadStream(path, { highWaterMark: 1 << 20 }),
    counter,
    client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`)),
  );
  return lines;
}

/**
 * Lifts the statement timeout for the rest of the caller's transaction. The timeout protects the API
 * from runaway queries; a bulk load or a review's store is long by nature (a million functions
 * insert in one statement) and is started on purpose by an operator or a job.
 */
export async function allowLongStatements(em: EntityManager): Promise<void> {
  await em.query(`SET LOCAL statement_timeout = 0`);
}
