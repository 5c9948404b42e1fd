import { MigrationInterface, QueryRunner } from 'typeorm';

const BANDS = `'DUPLICATE','OVERLAP'`;
const AXES = `'VERTICAL','HORIZONTAL','STATE_VS_SELF_GOVERNMENT','COLLEGIAL_VS_HEAD','WITHIN_AGENCY'`;

/** The review engine: runs, the pairs and clusters they found, and reviewers' decisions on pairs. */
export class Review1764400000000 implements MigrationInterface {
  name = 'Review1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL DEFAULT 'RUNNING' CONSTRAINT review_run_status_check CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
        scope jsonb NOT NULL DEFAULT '{}',
        parameters jsonb NOT NULL DEFAULT '{}',
        stats jsonb,
        timings jsonb,
        error text,
        requested_by text,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX review_run_started_idx ON review_run (started_at DESC)`);

    await q.query(`
      CREATE TABLE review_pair (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
        function_a uuid NOT NULL,
        function_b uuid NOT NULL,
        band text NOT NULL CONSTRAINT review_pair_band_check CHECK (band IN (${BANDS})),
        axis text NOT NULL CONSTRAINT review_pair_axis_check CHECK (axis IN (${AXES})),
        score real NOT NULL,
        reasons jsonb NOT NULL,
        also_replicated integer NOT NULL DEFAULT 0,
        text_hash_a text NOT NULL,
        text_hash_b text NOT NULL,
        cluster_no integer,
        CONSTRAINT review_pair_ordered CHECK (function_a < function_b)
      )`);
    await q.query(`CREATE INDEX review_pair_run_idx ON review_pair (run_id, score DESC)`);
    await q.query(`CREATE INDEX review_pair_a_idx ON review_pair (function_a, run_id)`);
    await q.query(`CREATE INDEX review_pair_b_idx ON review_pair (function_b, run_id)`);

    await q.query(`
      CREATE TABLE review_cluster_member (
        run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
        cluster_no integer NOT NULL,
        function_id uuid NOT NULL,
        PRIMARY KEY (run_id, cluster_no, function_id)
      )`);

    // A decision is about two functions as their texts stood when it was made: if either text
    // changes, the pair is open again.
    await q.query(`
      CREATE TABLE review_decision (
        function_a uuid NOT NULL,
        function_b uuid NOT NULL,
        status text NOT NULL CONSTRAINT review_decision_status_check CHECK (status IN ('CONFIRMED', 'DISMISSED')),
        note text,
        decided_by text,
        decided_at timestamptz NOT NULL DEFAULT now(),
        text_hash_a text NOT NULL,
        text_hash_b text NOT NULL,
        PRIMARY KEY (function_a, function_b),
        CONSTRAINT review_decision_ordered CHECK (function_a < function_b)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['review_decision', 'review_cluster_member', 'review_pair', 'review_run']) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}
