import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A national review stores tens of millions of findings, so a finding row keeps only what is its
 * own. Its cluster is read from `review_cluster_member`, and a decision is compared with the
 * functions' current `title_hash` rather than with hashes copied into every finding.
 */
export class CompactReviewPairs1764600000000 implements MigrationInterface {
  name = 'CompactReviewPairs1764600000000';

  async up(q: QueryRunner): Promise<void> {
    // Decisions recorded against the texts as they stand now keep holding; the others are stale.
    await q.query(`
      UPDATE review_decision d SET
        text_hash_a = CASE WHEN d.text_hash_a = md5(CASE WHEN fa.lang = 'kk' THEN coalesce(fa.title_kk, fa.title_ru) ELSE coalesce(fa.title_ru, fa.title_kk) END)
          THEN fa.title_hash ELSE 'stale' END,
        text_hash_b = CASE WHEN d.text_hash_b = md5(CASE WHEN fb.lang = 'kk' THEN coalesce(fb.title_kk, fb.title_ru) ELSE coalesce(fb.title_ru, fb.title_kk) END)
          THEN fb.title_hash ELSE 'stale' END
      FROM state_function fa, state_function fb
      WHERE fa.id = d.function_a AND fb.id = d.function_b`);
    await q.query(`ALTER TABLE review_pair DROP COLUMN text_hash_a, DROP COLUMN text_hash_b, DROP COLUMN cluster_no`);
    await q.query(`CREATE INDEX review_cluster_member_function_idx ON review_cluster_member (run_id, function_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX review_cluster_member_function_idx`);
    await q.query(
      `ALTER TABLE review_pair ADD COLUMN text_hash_a text NOT NULL DEFAULT '', ADD COLUMN text_hash_b text NOT NULL DEFAULT '', ADD COLUMN cluster_no integer`,
    );
    await q.query(`
      UPDATE review_pair p SET cluster_no = m.cluster_no FROM review_cluster_member m
      WHERE m.run_id = p.run_id AND m.function_id = p.function_a AND p.band = 'DUPLICATE'`);
  }
}
