import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replicated findings kept by structure. A finding between a central or typical holder and the
 * bodies of one kind that state a text on every territory, or between two such groups, is one row
 * of `review_pair` that stands for all its instances; the groups it stands for are listed once per
 * run in `review_group_member`, and a finding names the group on each side (`group_a`, `group_b`,
 * null for a single function). The instances are worked out when read (the groups' members, paired
 * where their territories meet on the finding's axis), so a national run lists about a million
 * group members instead of two hundred million pairs of functions.
 */
export class ReviewReplicaGroups1765800000000 implements MigrationInterface {
  name = 'ReviewReplicaGroups1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_pair ADD COLUMN group_a integer, ADD COLUMN group_b integer`);
    await q.query(`
      CREATE TABLE review_group_member (
        run_id uuid NOT NULL REFERENCES review_run(id) ON DELETE CASCADE,
        group_no integer NOT NULL,
        function_id uuid NOT NULL,
        PRIMARY KEY (run_id, group_no, function_id)
      )`);
    await q.query(`CREATE INDEX review_group_member_function_idx ON review_group_member (run_id, function_id)`);
    await q.query(`SELECT watch_data_changes('review_group_member')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_group_member`);
    await q.query(`ALTER TABLE review_pair DROP COLUMN group_a, DROP COLUMN group_b`);
  }
}
