import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Separation of duties on findings, per campaign: who may not take which step of a finding after
 * whom. Whoever proposed a finding may not approve or implement it unless a campaign says otherwise;
 * the other two rules are off unless a campaign asks for them. Steps record the verified subject of
 * the caller beside the name shown, since names are not unique and rules compare subjects.
 */
export class SeparationOfDuties1765400000000 implements MigrationInterface {
  name = 'SeparationOfDuties1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE review_campaign
        ADD COLUMN sod_approver_not_proposer boolean NOT NULL DEFAULT true,
        ADD COLUMN sod_implementer_not_proposer boolean NOT NULL DEFAULT true,
        ADD COLUMN sod_implementer_not_approver boolean NOT NULL DEFAULT false,
        ADD COLUMN sod_agreer_not_proposer boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE campaign_finding_event ADD COLUMN actor_subject text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_finding_event DROP COLUMN actor_subject`);
    await q.query(`
      ALTER TABLE review_campaign
        DROP COLUMN sod_agreer_not_proposer,
        DROP COLUMN sod_implementer_not_approver,
        DROP COLUMN sod_implementer_not_proposer,
        DROP COLUMN sod_approver_not_proposer`);
  }
}
