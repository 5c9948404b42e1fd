import { MigrationInterface, QueryRunner } from 'typeorm';
import { partitionByRun, RunTableShape, unpartitionByRun } from './1766000000000-review-evidence-and-groups-by-run.js';

const CLUSTER_MEMBERS: RunTableShape = {
  columns: `run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
    cluster_no integer NOT NULL,
    function_id uuid NOT NULL,
    PRIMARY KEY (run_id, cluster_no, function_id)`,
  indexes: { review_cluster_member_function_idx: 'run_id, function_id' },
};

/**
 * A run's cluster members are partitioned by run, as its findings are: a national run's 850,000
 * members went into the shared table's two indexes, each checked against `review_run`, in 5.7 s
 * of a 25 s store; a table of the run's own loads and indexes in about one.
 */
export class ReviewClustersByRun1766100000000 implements MigrationInterface {
  name = 'ReviewClustersByRun1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await partitionByRun(q, 'review_cluster_member', CLUSTER_MEMBERS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await unpartitionByRun(q, 'review_cluster_member', CLUSTER_MEMBERS);
  }
}
