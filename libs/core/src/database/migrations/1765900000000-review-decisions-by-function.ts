import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A function's decided pairs are read from either side (`pairDecisions`): the primary key serves the
 * first function of a pair, this index the second.
 */
export class ReviewDecisionsByFunction1765900000000 implements MigrationInterface {
  name = 'ReviewDecisionsByFunction1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX review_decision_function_b_idx ON review_decision (function_b)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX review_decision_function_b_idx`);
  }
}
