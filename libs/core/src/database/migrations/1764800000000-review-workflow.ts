import { MigrationInterface, QueryRunner } from 'typeorm';

const OPTIONS = `'COMPETITIVE_ENVIRONMENT','SRO','LOCAL_SELF_GOVERNMENT','OTHER_BODY_OR_LEVEL','ABOLISH'`;
const ACTIONS = `'KEEP','ABOLISH','MERGE','TRANSFER','MOVE_LEVEL','CENTRALISE_SUPPORT'`;
const LEVELS = `'CENTRAL','REGIONAL','DISTRICT','RURAL'`;

/**
 * The functional review workflow: reviewers' classification decisions, market readiness per sphere,
 * transfers and their monitoring, review campaigns with findings and their approval steps, budget
 * programmes with expenditures linked to functions, and headcount.
 */
export class ReviewWorkflow1764800000000 implements MigrationInterface {
  name = 'ReviewWorkflow1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // Who set a function's type or supporting flag, and whether it was the suggestion they accepted.
    await q.query(`
      CREATE TABLE classification_decision (
        id bigserial PRIMARY KEY,
        function_id uuid NOT NULL REFERENCES state_function(id) ON DELETE CASCADE,
        field text NOT NULL CONSTRAINT classification_decision_field_check CHECK (field IN ('TYPE', 'SUPPORTING')),
        value text,
        previous_value text,
        suggested_value text,
        suggested_confidence real,
        accepted_suggestion boolean NOT NULL,
        note text,
        decided_by text,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX classification_decision_function_idx ON classification_decision (function_id, decided_at DESC)`,
    );

    // Market readiness, kept by review teams: providers or SROs recorded for a sphere of a sector.
    await q.query(`
      CREATE TABLE sphere_market (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sector text NOT NULL,
        keywords text[] NOT NULL DEFAULT '{}',
        kind text NOT NULL CONSTRAINT sphere_market_kind_check CHECK (kind IN ('PROVIDERS', 'SRO')),
        name text NOT NULL,
        providers integer CONSTRAINT sphere_market_providers_check CHECK (providers IS NULL OR providers >= 0),
        source text,
        recorded_by text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sphere_market_sector_idx ON sphere_market (sector)`);

    await q.query(`
      CREATE TABLE function_transfer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        function_id uuid NOT NULL REFERENCES state_function(id) ON DELETE CASCADE,
        option text NOT NULL CONSTRAINT function_transfer_option_check CHECK (option IN (${OPTIONS})),
        status text NOT NULL DEFAULT 'PLANNED'
          CONSTRAINT function_transfer_status_check CHECK (status IN ('PLANNED', 'TRANSFERRED', 'MONITORED', 'RETURNED', 'CANCELLED')),
        recipient text,
        recipient_agency_id uuid REFERENCES agency(id),
        act_id uuid REFERENCES legal_act(id),
        finding_id uuid,
        planned_for date,
        transferred_on date,
        returned_on date,
        reason text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX function_transfer_function_idx ON function_transfer (function_id)`);
    // One transfer in progress per function.
    await q.query(
      `CREATE UNIQUE INDEX function_transfer_open_idx ON function_transfer (function_id) WHERE status IN ('PLANNED', 'TRANSFERRED', 'MONITORED')`,
    );
    await q.query(`
      CREATE TABLE transfer_event (
        id bigserial PRIMARY KEY,
        transfer_id uuid NOT NULL REFERENCES function_transfer(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        note text,
        actor text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX transfer_event_transfer_idx ON transfer_event (transfer_id, at)`);
    await q.query(`
      CREATE TABLE transfer_observation (
        id bigserial PRIMARY KEY,
        transfer_id uuid NOT NULL REFERENCES function_transfer(id) ON DELETE CASCADE,
        observed_on date NOT NULL,
        indicator text NOT NULL,
        value numeric,
        note text,
        observed_by text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX transfer_observation_transfer_idx ON transfer_observation (transfer_id, observed_on)`);

    await q.query(`
      CREATE TABLE review_campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        agency_ids uuid[] NOT NULL DEFAULT '{}',
        levels text[] NOT NULL DEFAULT '{}',
        sectors text[] NOT NULL DEFAULT '{}',
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        team jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'ACTIVE' CONSTRAINT review_campaign_status_check CHECK (status IN ('PLANNED', 'ACTIVE', 'CLOSED')),
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT review_campaign_period_check CHECK (ends_on >= starts_on)
      )`);
    await q.query(`
      CREATE TABLE campaign_finding (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES review_campaign(id) ON DELETE CASCADE,
        action text NOT NULL CONSTRAINT campaign_finding_action_check CHECK (action IN (${ACTIONS})),
        merge_into_id uuid REFERENCES state_function(id),
        transfer_option text CONSTRAINT campaign_finding_option_check CHECK (transfer_option IS NULL OR transfer_option IN (${OPTIONS})),
        target_level text CONSTRAINT campaign_finding_level_check CHECK (target_level IS NULL OR target_level IN (${LEVELS})),
        savings_share numeric(5,4) NOT NULL CONSTRAINT campaign_finding_share_check CHECK (savings_share >= 0 AND savings_share <= 1),
        rationale text NOT NULL,
        status text NOT NULL DEFAULT 'PROPOSED'
          CONSTRAINT campaign_finding_status_check CHECK (status IN ('PROPOSED', 'AGREED', 'APPROVED', 'IMPLEMENTED', 'REJECTED')),
        review_run_id uuid REFERENCES review_run(id) ON DELETE SET NULL,
        cluster_no integer,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT campaign_finding_merge_check CHECK ((action = 'MERGE') = (merge_into_id IS NOT NULL)),
        CONSTRAINT campaign_finding_transfer_check CHECK ((action = 'TRANSFER') = (transfer_option IS NOT NULL)),
        CONSTRAINT campaign_finding_move_check CHECK ((action = 'MOVE_LEVEL') = (target_level IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX campaign_finding_campaign_idx ON campaign_finding (campaign_id, status)`);
    await q.query(`
      CREATE TABLE campaign_finding_function (
        finding_id uuid NOT NULL REFERENCES campaign_finding(id) ON DELETE CASCADE,
        function_id uuid NOT NULL REFERENCES state_function(id),
        PRIMARY KEY (finding_id, function_id)
      )`);
    await q.query(`CREATE INDEX campaign_finding_function_idx ON campaign_finding_function (function_id)`);
    await q.query(`
      CREATE TABLE campaign_finding_event (
        id bigserial PRIMARY KEY,
        finding_id uuid NOT NULL REFERENCES campaign_finding(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        note text,
        actor text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaign_finding_event_idx ON campaign_finding_event (finding_id, at)`);
    await q.query(
      `ALTER TABLE function_transfer ADD CONSTRAINT function_transfer_finding_fk FOREIGN KEY (finding_id) REFERENCES campaign_finding(id) ON DELETE SET NULL`,
    );

    await q.query(`
      CREATE TABLE budget_programme (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        parent_id uuid REFERENCES budget_programme(id),
        administrator_id uuid NOT NULL REFERENCES agency(id),
        budget_level text NOT NULL CONSTRAINT budget_programme_level_check CHECK (budget_level IN ('REPUBLICAN', 'REGIONAL', 'DISTRICT')),
        functional_group text,
        functional_subgroup text,
        cofog_group text,
        name_ru text NOT NULL,
        name_kk text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX budget_programme_administrator_idx ON budget_programme (administrator_id)`);
    await q.query(`CREATE INDEX budget_programme_parent_idx ON budget_programme (parent_id)`);
    await q.query(`
      CREATE TABLE budget_expenditure (
        programme_id uuid NOT NULL REFERENCES budget_programme(id) ON DELETE CASCADE,
        year integer NOT NULL CONSTRAINT budget_expenditure_year_check CHECK (year BETWEEN 1991 AND 2100),
        planned numeric(18,2) NOT NULL CONSTRAINT budget_expenditure_planned_check CHECK (planned >= 0),
        actual numeric(18,2) CONSTRAINT budget_expenditure_actual_check CHECK (actual IS NULL OR actual >= 0),
        PRIMARY KEY (programme_id, year)
      )`);
    await q.query(`
      CREATE TABLE budget_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL,
        year integer NOT NULL,
        function_id uuid NOT NULL REFERENCES state_function(id) ON DELETE CASCADE,
        share numeric(7,6) NOT NULL CONSTRAINT budget_link_share_check CHECK (share > 0 AND share <= 1),
        note text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (programme_id, year) REFERENCES budget_expenditure(programme_id, year) ON DELETE CASCADE,
        UNIQUE (programme_id, year, function_id)
      )`);
    await q.query(`CREATE INDEX budget_link_function_idx ON budget_link (function_id)`);
    // The shares of one programme and year never pass 100 %, whoever writes them: the check locks
    // the expenditure row, so two concurrent writers cannot each stay under the limit alone.
    await q.query(`
      CREATE FUNCTION budget_link_shares_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric;
      BEGIN
        PERFORM 1 FROM budget_expenditure WHERE programme_id = NEW.programme_id AND year = NEW.year FOR UPDATE;
        SELECT sum(share) INTO total FROM budget_link WHERE programme_id = NEW.programme_id AND year = NEW.year;
        IF total > 1 THEN
          RAISE EXCEPTION 'the shares of programme % in % would add up to % %%, more than 100 %%',
            (SELECT code FROM budget_programme WHERE id = NEW.programme_id), NEW.year, round(total * 100, 2)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'budget_link_shares_check';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER budget_link_shares AFTER INSERT OR UPDATE ON budget_link
      DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION budget_link_shares_check()`);

    await q.query(`
      CREATE TABLE unit_headcount (
        structural_unit_id uuid NOT NULL REFERENCES structural_unit(id) ON DELETE CASCADE,
        year integer NOT NULL CONSTRAINT unit_headcount_year_check CHECK (year BETWEEN 1991 AND 2100),
        staff_units numeric(9,2) NOT NULL CONSTRAINT unit_headcount_staff_check CHECK (staff_units >= 0),
        PRIMARY KEY (structural_unit_id, year)
      )`);
    await q.query(`
      CREATE TABLE function_headcount (
        function_id uuid NOT NULL REFERENCES state_function(id) ON DELETE CASCADE,
        year integer NOT NULL CONSTRAINT function_headcount_year_check CHECK (year BETWEEN 1991 AND 2100),
        staff_units numeric(9,2) NOT NULL CONSTRAINT function_headcount_staff_check CHECK (staff_units >= 0),
        note text,
        PRIMARY KEY (function_id, year)
      )`);

    for (const table of [
      'classification_decision',
      'sphere_market',
      'function_transfer',
      'transfer_event',
      'transfer_observation',
      'review_campaign',
      'campaign_finding',
      'campaign_finding_function',
      'campaign_finding_event',
      'budget_programme',
      'budget_expenditure',
      'budget_link',
      'unit_headcount',
      'function_headcount',
    ]) {
      await q.query(`SELECT watch_data_changes($1)`, [table]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'function_headcount',
      'unit_headcount',
      'budget_link',
      'budget_expenditure',
      'budget_programme',
      'transfer_observation',
      'transfer_event',
      'function_transfer',
      'campaign_finding_event',
      'campaign_finding_function',
      'campaign_finding',
      'review_campaign',
      'sphere_market',
      'classification_decision',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS budget_link_shares_check()`);
  }
}
