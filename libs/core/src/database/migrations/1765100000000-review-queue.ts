import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review runs wait their turn: a run is QUEUED until one of the `REVIEW_MAX_RUNNING` places is free.
 * `seq` orders the queue (the order of request) and names the advisory lock the process computing
 * a run holds for as long as it computes it. `runner` says who computes a queued run: any API
 * process (QUEUE) or the process that asked for it and waits for its turn (REQUESTER, the command
 * line). `requested_at` is when it was asked for; `started_at` becomes when it began computing.
 */
export class ReviewQueue1765100000000 implements MigrationInterface {
  name = 'ReviewQueue1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_run DROP CONSTRAINT review_run_status_check`);
    await q.query(
      `ALTER TABLE review_run ADD CONSTRAINT review_run_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'))`,
    );
    await q.query(`ALTER TABLE review_run ADD COLUMN seq int GENERATED ALWAYS AS IDENTITY`);
    await q.query(`ALTER TABLE review_run ADD CONSTRAINT review_run_seq_key UNIQUE (seq)`);
    await q.query(`ALTER TABLE review_run ADD COLUMN requested_at timestamptz`);
    await q.query(`UPDATE review_run SET requested_at = started_at`);
    await q.query(
      `ALTER TABLE review_run ALTER COLUMN requested_at SET NOT NULL, ALTER COLUMN requested_at SET DEFAULT now()`,
    );
    await q.query(
      `ALTER TABLE review_run ADD COLUMN runner text NOT NULL DEFAULT 'REQUESTER' CONSTRAINT review_run_runner_check CHECK (runner IN ('QUEUE', 'REQUESTER'))`,
    );
    // The queue and the running runs are read at every start, claim and poll.
    await q.query(`CREATE INDEX review_run_active_idx ON review_run (seq) WHERE status IN ('QUEUED', 'RUNNING')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE review_run SET status = 'FAILED', error = 'the queue was removed before the run started', finished_at = now() WHERE status = 'QUEUED'`,
    );
    await q.query(`DROP INDEX IF EXISTS review_run_active_idx`);
    await q.query(`ALTER TABLE review_run DROP COLUMN runner, DROP COLUMN requested_at, DROP COLUMN seq`);
    await q.query(`ALTER TABLE review_run DROP CONSTRAINT review_run_status_check`);
    await q.query(
      `ALTER TABLE review_run ADD CONSTRAINT review_run_status_check CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED'))`,
    );
  }
}
