import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's findings counted by band and axis when it finishes (`{"DUPLICATE/VERTICAL": n, ...}`), so
 * that the total of a page of findings filtered by band or axis is a sum plus the few findings
 * reviewers have decided, instead of a count of every finding (296,555 at 100,000 functions, tens of
 * millions for a national run) after every write. Runs stored before this migration have none and
 * are counted row by row, as before.
 */
export class ReviewPairCounts1765300000000 implements MigrationInterface {
  name = 'ReviewPairCounts1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_run ADD COLUMN pair_counts jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_run DROP COLUMN pair_counts`);
  }
}
