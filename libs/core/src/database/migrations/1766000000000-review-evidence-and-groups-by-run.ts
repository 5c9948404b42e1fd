import { MigrationInterface, QueryRunner } from 'typeorm';
import { SERVICE_ROLE } from './1765500000000-change-log.js';

/** The tables a run fills besides its findings, with their columns and secondary indexes. */
const TABLES: Record<string, RunTableShape> = {
  review_text_pair: {
    columns: `run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
      no integer NOT NULL,
      band review_band NOT NULL,
      score real NOT NULL,
      reasons jsonb NOT NULL,
      PRIMARY KEY (run_id, no)`,
    indexes: {},
  },
  review_group_member: {
    columns: `run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
      group_no integer NOT NULL,
      function_id uuid NOT NULL,
      PRIMARY KEY (run_id, group_no, function_id)`,
    indexes: { review_group_member_function_idx: 'run_id, function_id' },
  },
};

const partition = (table: string, runId: string) => `${table}_${runId.replace(/-/g, '')}`;

/** A table a run fills, as its own table or as partitions by run: its columns and secondary indexes. */
export interface RunTableShape {
  columns: string;
  indexes: Record<string, string>;
}

/** Turns `table` into a table partitioned by run, each run's rows moved into a partition of their own. */
export async function partitionByRun(
  q: QueryRunner,
  table: string,
  { columns, indexes }: RunTableShape,
): Promise<void> {
  await setAside(q, table, indexes);
  await q.query(`CREATE TABLE ${table} (${columns}) PARTITION BY LIST (run_id)`);
  for (const [name, keys] of Object.entries(indexes)) await q.query(`CREATE INDEX ${name} ON ${table} (${keys})`);
  await q.query(`SELECT watch_data_changes('${table}')`);
  const runs = (await q.query(`SELECT DISTINCT run_id AS id FROM ${table}_flat`)) as { id: string }[];
  for (const { id } of runs) {
    await q.query(`CREATE TABLE ${partition(table, id)} PARTITION OF ${table} FOR VALUES IN ('${id}')`);
    await q.query(`INSERT INTO ${table} SELECT * FROM ${table}_flat WHERE run_id = $1`, [id]);
    await q.query(`ALTER TABLE ${partition(table, id)} OWNER TO ${SERVICE_ROLE}`);
  }
  await q.query(`DROP TABLE ${table}_flat`);
  // The service creates, attaches and drops a run's partitions, which needs the table's owner.
  await q.query(`ALTER TABLE ${table} OWNER TO ${SERVICE_ROLE}`);
}

/** Turns a table partitioned by run back into one table. */
export async function unpartitionByRun(
  q: QueryRunner,
  table: string,
  { columns, indexes }: RunTableShape,
): Promise<void> {
  await setAside(q, table, indexes);
  await q.query(`CREATE TABLE ${table} (${columns})`);
  for (const [name, keys] of Object.entries(indexes)) await q.query(`CREATE INDEX ${name} ON ${table} (${keys})`);
  await q.query(`SELECT watch_data_changes('${table}')`);
  await q.query(`INSERT INTO ${table} SELECT * FROM ${table}_flat`);
  await q.query(`DROP TABLE ${table}_flat`);
}

/** Renames a table and its indexes out of the way (`<table>_flat`), without its change trigger. */
async function setAside(q: QueryRunner, table: string, indexes: Record<string, string>): Promise<void> {
  await q.query(`DROP TRIGGER IF EXISTS data_changed_${table} ON ${table}`);
  await q.query(`ALTER TABLE ${table} RENAME TO ${table}_flat`);
  for (const index of [`${table}_pkey`, ...Object.keys(indexes)])
    await q.query(`ALTER INDEX IF EXISTS ${index} RENAME TO ${index.replace(table, `${table}_flat`)}`);
}

/**
 * A run's pairs of statements and group members are partitioned by run, as its findings are: a
 * national run writes about three million of them, and writing them into shared indexes, each row
 * checked against `review_run`, took 20 of the store's 40 seconds. A run now loads each into a
 * table of its own, indexes it and attaches it; deleting a run drops its tables.
 */
export class ReviewEvidenceAndGroupsByRun1766000000000 implements MigrationInterface {
  name = 'ReviewEvidenceAndGroupsByRun1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    for (const [table, shape] of Object.entries(TABLES)) await partitionByRun(q, table, shape);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    for (const [table, shape] of Object.entries(TABLES)) await unpartitionByRun(q, table, shape);
  }
}
