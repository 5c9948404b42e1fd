import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Models the review learned from reviewers' decisions: each training writes a row (never updated),
 * so a run names the model it used and an auditor sees who trained it, when, and from how many
 * decisions.
 */
export class ReviewModel1765700000000 implements MigrationInterface {
  name = 'ReviewModel1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_model (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trained_at timestamptz NOT NULL DEFAULT now(),
        trained_by text,
        confirmed integer NOT NULL CONSTRAINT review_model_confirmed_check CHECK (confirmed >= 0),
        dismissed integer NOT NULL CONSTRAINT review_model_dismissed_check CHECK (dismissed >= 0),
        data jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX review_model_trained_at_idx ON review_model (trained_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_model`);
  }
}
