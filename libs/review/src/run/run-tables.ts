import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { BulkColumn, openOwnConnection } from '#core';
import { SpoolFiles } from './finding-spool.js';

/** Runs a statement and returns its rows: an EntityManager's `query`, or a bare client's. */
export type Sql = <T = unknown>(sql: string, params?: unknown[]) => Promise<T[]>;

/** The tables a run fills, each partitioned by run. */
export const RUN_TABLES = [
  'review_pair',
  'review_text_pair',
  'review_group_member',
  'review_cluster_member',
  'review_pile_member',
] as const;
export type RunTable = (typeof RUN_TABLES)[number];

/** The partition of `parent` that holds one run's rows. */
export function runPartition(parent: RunTable, runId: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(runId))
    throw new Error(`not a run id: ${runId}`);
  return `${parent}_${runId.replace(/-/g, '').toLowerCase()}`;
}

/** The partition of `review_pair` that holds one run's findings. */
export function reviewPairPartition(runId: string): string {
  return runPartition('review_pair', runId);
}

/**
 * The spool files that fill run tables, with their tables and the columns of their lines (see
 * SpoolFiles), and which of the table's indexes are kept as rows are loaded on a server rather than
 * built afterwards (`indexFirst`). A national run's rows are copied while the engine computes on one
 * core and leaves the other mostly idle; every index built after the engine is time added to the run
 * (the findings' three took 6 to 9 s there, competing with the other tables' for two cores), while
 * one kept during the load is paid for on the idle core. `key`: the engine writes the rows in the
 * order of the primary key, or nearly (a group's members follow the group, not their ids), so each
 * lands at or near the end of the index; `all`: every index, the rows landing anywhere in them.
 */
export const SPOOLED: {
  file: keyof SpoolFiles;
  table: RunTable;
  columns: BulkColumn[];
  indexFirst?: IndexFirst;
}[] = [
  {
    file: 'findings',
    table: 'review_pair',
    columns: [
      { name: 'no', type: 'int' },
      { name: 'function_a', type: 'uuid' },
      { name: 'function_b', type: 'uuid' },
      { name: 'band', type: 'review_band' },
      { name: 'axis', type: 'review_axis' },
      { name: 'score', type: 'real' },
      { name: 'text_pair', type: 'int' },
      { name: 'also_replicated', type: 'int' },
      { name: 'group_a', type: 'int' },
      { name: 'group_b', type: 'int' },
    ],
  },
  {
    file: 'statements',
    table: 'review_text_pair',
    columns: [
      { name: 'no', type: 'int' },
      { name: 'band', type: 'review_band' },
      { name: 'score', type: 'real' },
      { name: 'reasons', type: 'jsonb' },
    ],
    indexFirst: 'key',
  },
  {
    file: 'groups',
    table: 'review_group_member',
    columns: [
      { name: 'group_no', type: 'int' },
      { name: 'function_id', type: 'uuid' },
    ],
    indexFirst: 'all',
  },
];

/** Which indexes a run table has before its rows are loaded: its primary key, or all its parent's. */
export type IndexFirst = 'key' | 'all';

/** The rows the engine wrote to each spool file, by its own count. */
export type SpooledRows = Record<keyof SpoolFiles, number>;

export function spooledRows(result: {
  findings: number;
  statementPairs: number;
  groupMembers: number;
  clusterMembers: number;
}): SpooledRows {
  return {
    findings: result.findings,
    statements: result.statementPairs,
    groups: result.groupMembers,
    clusters: result.clusterMembers,
  };
}

/** A run table must hold every row the engine wrote to its file: a run is never stored in part. */
export function checkLoaded(table: RunTable, loaded: number, expected: number): void {
  if (loaded !== expected) throw new Error(`${table}: ${loaded} rows loaded of the ${expected} the engine wrote`);
}

/**
 * Creates a run's table of `parent`, not yet attached: nobody else sees it until the store
 * attaches it, and a run that fails leaves it to `dropLeftovers` (or to its transaction's rollback).
 */
export async function createRunTable(
  sql: Sql,
  parent: RunTable,
  runId: string,
  indexFirst?: IndexFirst,
): Promise<string> {
  const part = runPartition(parent, runId);
  await sql(`CREATE TABLE ${part} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  // Lets the attach skip checking every row against the partition's bound.
  await sql(
    `ALTER TABLE ${part} ADD CONSTRAINT ${part}_run CHECK (run_id = '${runId}'), ALTER COLUMN run_id SET DEFAULT '${runId}'`,
  );
  // JSON evidence is never filtered on: no statistics (reading a national run's back out of storage
  // for them took seconds of the store, and autovacuum would read it again after).
  for (const { name } of await sql<{ name: string }>(
    `SELECT quote_ident(attname) AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND atttypid = 'jsonb'::regtype`,
    [part],
  ))
    await sql(`ALTER TABLE ${part} ALTER COLUMN ${name} SET STATISTICS 0`);
  if (indexFirst)
    for (const index of await indexesOf(sql, parent))
      if (index.primary || indexFirst === 'all') await sql(indexStatement(part, index));
  return part;
}

interface TableIndex {
  def: string;
  /** The primary key's definition, when the index is the primary key. */
  primary: string | null;
}

/** The indexes of a table: each one's definition, and the primary key's. */
function indexesOf(sql: Sql, table: string): Promise<TableIndex[]> {
  return sql<TableIndex>(
    `SELECT pg_get_indexdef(x.indexrelid) AS def, pg_get_constraintdef(c.oid) AS primary
       FROM pg_index x LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype = 'p'
      WHERE x.indrelid = $1::regclass`,
    [table],
  );
}

/** An index's definition without its name and table: whether it is unique, and «USING method (columns)». */
function definitionOf(def: string): { unique: boolean; using: string } {
  return { unique: /^CREATE UNIQUE /.test(def), using: def.slice(def.indexOf(' USING ')) };
}

/** What an index is, whatever its name and table: primary key or not, unique or not, method and columns. */
function indexShape({ def, primary }: TableIndex): string {
  const { unique, using } = definitionOf(def);
  return `${primary ? 'PRIMARY ' : ''}${unique ? 'UNIQUE' : ''}${using}`;
}

/** Builds one of a parent's indexes on a run table: its primary key as a constraint, so that the attach takes it. */
function indexStatement(part: string, index: TableIndex): string {
  if (index.primary) return `ALTER TABLE ${part} ADD ${index.primary}`;
  const { unique, using } = definitionOf(index.def);
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ON ${part}${using}`;
}

/**
 * Builds on a filled run table the indexes its parent declares, and its primary key (which the
 * attach takes only as a constraint), except those kept during the load, so that attaching it
 * builds none; and its statistics.
 */
export async function finishRunTable(sql: Sql, parent: RunTable, runId: string): Promise<void> {
  const part = runPartition(parent, runId);
  await sql(`SET LOCAL maintenance_work_mem = '256MB'`);
  // Each index built during the load answers for one of the parent's.
  const built = new Map<string, number>();
  for (const index of await indexesOf(sql, part)) {
    const shape = indexShape(index);
    built.set(shape, (built.get(shape) ?? 0) + 1);
  }
  for (const index of await indexesOf(sql, parent)) {
    const shape = indexShape(index);
    const left = built.get(shape) ?? 0;
    if (left > 0) built.set(shape, left - 1);
    else await sql(indexStatement(part, index));
  }
  await sql(`ANALYZE ${part}`);
}

/** A spool file's bytes as they are written: what is there, and a wait for more. */
class GrowingFile {
  private bytes = 0;
  private ended = false;
  private failed: Error | undefined;
  private wake: () => void = () => {};
  private more = new Promise<void>((resolve) => (this.wake = resolve));

  constructor(readonly path: string) {}

  grew(bytes: number): void {
    this.bytes = bytes;
    this.poke();
  }

  end(): void {
    this.ended = true;
    this.poke();
  }

  /** The writer failed: the reader fails too, rather than take what was written for the whole. */
  fail(err: Error): void {
    this.failed = err;
    this.poke();
  }

  private poke(): void {
    this.wake();
    this.more = new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The file's bytes from the start, a megabyte at most at a time, until it has ended and all is read. */
  async *read(): AsyncGenerator<Buffer> {
    // The engine creates the file when it starts writing.
    while (!this.bytes && !this.ended && !this.failed) await this.more;
    let at = 0;
    const file = await open(this.path, 'r');
    try {
      for (;;) {
        if (this.failed) throw this.failed;
        if (at < this.bytes) {
          const chunk = Buffer.allocUnsafe(Math.min(1 << 20, this.bytes - at));
          const { bytesRead } = await file.read(chunk, 0, chunk.length, at);
          if (bytesRead === 0) throw new Error(`${this.path} ended at ${at} bytes, ${this.bytes} were announced`);
          at += bytesRead;
          yield chunk.subarray(0, bytesRead);
        } else if (this.ended) return;
        else await this.more;
      }
    } finally {
      await file.close();
    }
  }
}

/**
 * Fills a run's tables on a PostgreSQL server while the engine still writes their spool files:
 * each table is created, loaded by COPY as its file grows, indexed and analysed in a transaction
 * of its own, on a connection of its own outside the pool, so that the database works on one core
 * while the engine works on another; the store then only attaches them. Nothing is visible to anyone
 * until then. A run that fails rolls back the loads under way and leaves the tables already
 * committed to `dropLeftovers`.
 */
export class SpoolCopier {
  private readonly files = new Map<keyof SpoolFiles, GrowingFile>();
  private readonly loads: Promise<number>[] = [];
  private failure: Error | undefined;

  private constructor(
    private readonly runId: string,
    files: SpoolFiles,
    clients: pg.Client[],
    private readonly progress: (m: string) => void,
  ) {
    for (const [i, spooled] of SPOOLED.entries()) {
      const growing = new GrowingFile(files[spooled.file]);
      this.files.set(spooled.file, growing);
      const load = this.load(clients[i], spooled, growing);
      // A failure is kept for `finish`; the engine goes on meanwhile.
      load.catch((err: Error) => (this.failure ??= err));
      this.loads.push(load);
    }
  }

  /** A copier for the run, or none on the embedded database (the store then reads the files). */
  static async open(
    ds: DataSource,
    runId: string,
    files: SpoolFiles,
    progress: (m: string) => void,
  ): Promise<SpoolCopier | undefined> {
    const clients: pg.Client[] = [];
    try {
      for (const _ of SPOOLED) {
        const client = await openOwnConnection(ds, 'review store');
        if (!client) return undefined;
        clients.push(client);
      }
    } catch (err) {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      throw err;
    }
    return new SpoolCopier(runId, files, clients, progress);
  }

  /** Hears of a spool file's growth (the engine's `flushed`). */
  flushed = (file: keyof SpoolFiles, bytes: number): void => {
    this.files.get(file)?.grew(bytes);
  };

  private async load(
    client: pg.Client,
    { table, columns, indexFirst }: (typeof SPOOLED)[number],
    file: GrowingFile,
  ): Promise<number> {
    const sql: Sql = async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[];
    try {
      // The table is created and committed at once: creating it takes a lock on its parent, which
      // a transaction open for the engine's whole length would hold against every deletion of a run.
      // Until it is attached nobody reads it, and a failed run's tables are dropped.
      const part = await createRunTable(sql, table, this.runId, indexFirst);
      const bytes = file.read();
      // Nothing is begun before the engine writes (the first rows come after the candidates, half a
      // minute into a national run).
      const first = await bytes.next();
      await sql('BEGIN');
      await sql('SET LOCAL statement_timeout = 0');
      const started = performance.now();
      const copy = client.query(copyFrom(`COPY ${part} (${columns.map((c) => c.name).join(', ')}) FROM STDIN`));
      await pipeline(async function* () {
        if (!first.done) yield first.value;
        yield* bytes;
      }, copy);
      this.progress(
        `stored ${copy.rowCount} rows of ${table} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      await finishRunTable(sql, table, this.runId);
      await sql('COMMIT');
      return copy.rowCount;
    } finally {
      // A connection that did not commit is closed, which rolls its transaction back.
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Once the engine has written everything: waits for the tables to be loaded and indexed, and
   * checks that each holds every row the engine wrote (`expected`, by file), whatever it announced.
   */
  async finish(expected: SpooledRows): Promise<void> {
    for (const f of this.files.values()) {
      f.grew((await stat(f.path)).size);
      f.end();
    }
    const rows = await Promise.allSettled(this.loads);
    if (this.failure) throw this.failure;
    for (const [i, { file, table }] of SPOOLED.entries())
      checkLoaded(table, (rows[i] as PromiseFulfilledResult<number>).value, expected[file]);
  }

  /** The engine failed: stops the loads under way, which roll back. */
  async abandon(): Promise<void> {
    const failed = new Error('the review failed');
    for (const f of this.files.values()) f.fail(failed);
    await Promise.allSettled(this.loads);
  }
}
