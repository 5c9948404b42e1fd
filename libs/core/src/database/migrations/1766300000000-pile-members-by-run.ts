import { MigrationInterface, QueryRunner } from 'typeorm';
import { partitionByRun, RunTableShape, unpartitionByRun } from './1766000000000-review-evidence-and-groups-by-run.js';

const PILE_MEMBERS = (key: string): RunTableShape => ({
  columns: `run_id uuid NOT NULL,
    pile_no integer NOT NULL,
    function_id uuid NOT NULL,
    PRIMARY KEY (${key}),
    FOREIGN KEY (run_id, pile_no) REFERENCES review_control_pile (run_id, pile_no) ON DELETE CASCADE`,
  indexes: {},
});

/**
 * A run's control pile members are partitioned by run, as its cluster members are: a national run's
 * 186,178 members went into the shared table row by row, each checked against `review_control_pile`,
 * in 1.6 to 1.9 s at the end of the store; a table of the run's own is loaded unchecked and its
 * foreign key checked once, by one query, when it is attached.
 */
export class PileMembersByRun1766300000000 implements MigrationInterface {
  name = 'PileMembersByRun1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await partitionByRun(q, 'review_pile_member', PILE_MEMBERS('pile_no, function_id, run_id'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await unpartitionByRun(q, 'review_pile_member', PILE_MEMBERS('run_id, pile_no, function_id'));
  }
}
