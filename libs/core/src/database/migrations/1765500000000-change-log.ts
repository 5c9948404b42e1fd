import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the service works as (see `assumeServiceRole`): everything it needs, history append-only. */
export const SERVICE_ROLE = 'registry_service';

/**
 * The tables whose every change goes to `change_log`: the key columns that name a row (joined with
 * `/`), the column naming the row's parent (function, agency, campaign or finding; the auditors'
 * queries follow it), and columns left out of the images.
 */
export const LOGGED_TABLES: { table: string; key: string[]; parent?: string; skip?: string[] }[] = [
  { table: 'state_function', key: ['id'], skip: ['search_vector'] },
  { table: 'function_co_executor', key: ['function_id', 'agency_id'], parent: 'function_id' },
  { table: 'agency', key: ['id'] },
  { table: 'structural_unit', key: ['id'], parent: 'agency_id' },
  { table: 'agency_task', key: ['id'], parent: 'agency_id' },
  { table: 'legal_act', key: ['id'] },
  { table: 'legal_basis', key: ['id'], parent: 'function_id' },
  { table: 'tag_vocabulary', key: ['id'] },
  { table: 'tag', key: ['id'] },
  { table: 'function_tag', key: ['function_id', 'tag_id'], parent: 'function_id' },
  { table: 'budget_programme', key: ['id'] },
  { table: 'budget_expenditure', key: ['programme_id', 'year'], parent: 'programme_id' },
  { table: 'budget_link', key: ['id'], parent: 'function_id' },
  { table: 'function_headcount', key: ['function_id', 'year'], parent: 'function_id' },
  { table: 'unit_headcount', key: ['structural_unit_id', 'year'], parent: 'structural_unit_id' },
  { table: 'review_campaign', key: ['id'] },
  { table: 'campaign_finding', key: ['id'], parent: 'campaign_id' },
  { table: 'campaign_finding_function', key: ['finding_id', 'function_id'], parent: 'finding_id' },
  { table: 'campaign_finding_event', key: ['id'], parent: 'finding_id' },
  { table: 'review_decision', key: ['function_a', 'function_b'] },
  { table: 'classification_decision', key: ['id'], parent: 'function_id' },
  { table: 'function_transfer', key: ['id'], parent: 'function_id' },
  { table: 'transfer_event', key: ['id'], parent: 'transfer_id' },
  { table: 'transfer_observation', key: ['id'], parent: 'transfer_id' },
  { table: 'sphere_market', key: ['id'] },
];

const HISTORY_TABLES = ['change_log', 'function_revision'];

/**
 * An append-only change log an auditor can rely on.
 *
 * Every INSERT, UPDATE and DELETE of the tables above writes, per statement, one INSERT ... SELECT
 * of the rows it changed (statement-level AFTER triggers with transition tables, as
 * `function_revision` does), with the before and after images as jsonb, the actor
 * (`registry.actor`) and the request (`registry.request`). Updates that change nothing leave no row.
 *
 * History cannot be rewritten: `change_log` and `function_revision` refuse UPDATE, DELETE and
 * TRUNCATE by trigger (which binds every role but the one that may drop the trigger: their owner),
 * and the service works as the NOLOGIN role `registry_service`, which has every privilege it needs
 * on the other tables but only SELECT and INSERT on these two. Migrations run as the owner.
 */
export class ChangeLog1765500000000 implements MigrationInterface {
  name = 'ChangeLog1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE change_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text,
        actor_subject text,
        request_id text,
        table_name text NOT NULL,
        row_id text NOT NULL,
        parent_id text,
        operation text NOT NULL CONSTRAINT change_log_operation_check CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX change_log_row_idx ON change_log (table_name, row_id, at)`);
    await q.query(`CREATE INDEX change_log_at_idx ON change_log (at)`);
    await q.query(
      `CREATE INDEX change_log_parent_idx ON change_log (table_name, parent_id, at) WHERE parent_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX change_log_request_idx ON change_log (request_id) WHERE request_id IS NOT NULL`);
    // What an agency held on a date (registryAsOf) starts from the revisions that named it holder.
    await q.query(`CREATE INDEX function_revision_holder_idx ON function_revision ((snapshot ->> 'holder_id'))`);

    // A row's id: its key columns joined with '/'.
    await q.query(`
      CREATE FUNCTION change_log_key(j jsonb, keys text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN cardinality(keys) = 1 THEN j ->> keys[1]
          ELSE (SELECT string_agg(j ->> k, '/' ORDER BY o) FROM unnest(keys) WITH ORDINALITY AS u(k, o)) END
      $$`);
    // Arguments: key columns, parent column ('' for none), columns left out; all comma-separated.
    await q.query(`
      CREATE FUNCTION change_log_capture() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        keys text[] := string_to_array(TG_ARGV[0], ',');
        parent text := nullif(TG_ARGV[1], '');
        skip text[] := coalesce(string_to_array(nullif(TG_ARGV[2], ''), ','), '{}');
        who text := nullif(current_setting('registry.actor', true), '');
        subject text := nullif(current_setting('registry.subject', true), '');
        request text := nullif(current_setting('registry.request', true), '');
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO change_log (actor, actor_subject, request_id, table_name, row_id, parent_id, operation, after)
          SELECT who, subject, request, TG_TABLE_NAME, change_log_key(n.j, keys), n.j ->> parent, 'INSERT', n.j
          FROM (SELECT to_jsonb(r) - skip AS j FROM new_rows r) n;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO change_log (actor, actor_subject, request_id, table_name, row_id, parent_id, operation, before)
          SELECT who, subject, request, TG_TABLE_NAME, change_log_key(o.j, keys), o.j ->> parent, 'DELETE', o.j
          FROM (SELECT to_jsonb(r) - skip AS j FROM old_rows r) o;
        ELSE
          INSERT INTO change_log (actor, actor_subject, request_id, table_name, row_id, parent_id, operation, before, after)
          SELECT who, subject, request, TG_TABLE_NAME, coalesce(n.k, o.k), coalesce(n.j, o.j) ->> parent, 'UPDATE', o.j, n.j
          FROM (SELECT change_log_key(j, keys) AS k, j FROM (SELECT to_jsonb(r) - skip AS j FROM new_rows r) x) n
          FULL JOIN (SELECT change_log_key(j, keys) AS k, j FROM (SELECT to_jsonb(r) - skip AS j FROM old_rows r) x) o
            ON o.k = n.k
          WHERE o.j IS DISTINCT FROM n.j;
        END IF;
        RETURN NULL;
      END $$`);
    for (const { table, key, parent, skip } of LOGGED_TABLES) {
      const args = `'${key.join(',')}', '${parent ?? ''}', '${(skip ?? []).join(',')}'`;
      await q.query(`
        CREATE TRIGGER change_log_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(${args})`);
      await q.query(`
        CREATE TRIGGER change_log_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(${args})`);
      await q.query(`
        CREATE TRIGGER change_log_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION change_log_capture(${args})`);
    }

    // Append-only, whoever asks (statement-level: refused even when no row matches).
    await q.query(`
      CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
      END $$`);
    for (const table of HISTORY_TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION history_append_only()`);
    }

    // History is written when it happens: a row cannot be backdated, whoever inserts it.
    await q.query(`
      CREATE FUNCTION history_stamp_now() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'change_log' THEN NEW.at := now(); ELSE NEW.changed_at := now(); END IF;
        RETURN NEW;
      END $$`);
    for (const table of HISTORY_TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_stamp BEFORE INSERT ON ${table}
        FOR EACH ROW EXECUTE FUNCTION history_stamp_now()`);
    }
    // The functions that write history find its tables in this schema only: a temporary table of
    // the same name (pg_temp comes first otherwise) cannot take the rows instead.
    const [{ schema: here }] = (await q.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    for (const fn of [
      'change_log_capture()',
      'state_function_revisions_inserted()',
      'state_function_revisions_updated()',
      'history_stamp_now()',
    ]) {
      await q.query(`ALTER FUNCTION ${fn} SET search_path = "${here}", pg_catalog, pg_temp`);
    }

    // ANALYZE needs the table's owner (or, from PostgreSQL 17, MAINTAIN): the service asks the owner.
    await q.query(`
      CREATE FUNCTION registry_analyze(VARIADIC tables regclass[]) RETURNS void LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE t regclass;
      BEGIN
        FOREACH t IN ARRAY tables LOOP EXECUTE format('ANALYZE %s', t); END LOOP;
      END $$`);

    // The service's role: created once per cluster (several databases, or migrations racing).
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE ${SERVICE_ROLE} NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    // An owner that is no superuser must be a member to hand review_pair over (and to work as the role).
    await q.query(`
      DO $$ BEGIN
        IF NOT pg_has_role(current_user, '${SERVICE_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${SERVICE_ROLE} TO %I', current_user);
        END IF;
      END $$`);
    const [{ schema }] = (await q.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    const s = `"${schema}"`;
    await q.query(`GRANT USAGE, CREATE ON SCHEMA ${s} TO ${SERVICE_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE, REFERENCES ON ALL TABLES IN SCHEMA ${s} TO ${SERVICE_ROLE}`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${SERVICE_ROLE}`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${SERVICE_ROLE}`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE, REFERENCES ON TABLES TO ${SERVICE_ROLE}`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${SERVICE_ROLE}`,
    );
    for (const table of HISTORY_TABLES) {
      await q.query(`REVOKE ALL ON ${table} FROM ${SERVICE_ROLE}`);
      await q.query(`GRANT SELECT, INSERT ON ${table} TO ${SERVICE_ROLE}`);
    }
    // A review run is stored as a partition of review_pair that the service creates, attaches and
    // drops, which needs the owner of review_pair: the service owns the review's findings.
    const partitions = (await q.query(
      `SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'review_pair'::regclass`,
    )) as { name: string }[];
    for (const t of ['review_pair', ...partitions.map((p) => p.name)]) {
      await q.query(`ALTER TABLE ${t} OWNER TO ${SERVICE_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ owner }] = (await q.query(`SELECT current_user AS owner`)) as { owner: string }[];
    const partitions = (await q.query(
      `SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'review_pair'::regclass`,
    )) as { name: string }[];
    for (const t of ['review_pair', ...partitions.map((p) => p.name)]) {
      await q.query(`ALTER TABLE ${t} OWNER TO "${owner}"`);
    }
    const [{ schema }] = (await q.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    const s = `"${schema}"`;
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} REVOKE ALL ON TABLES FROM ${SERVICE_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} REVOKE ALL ON SEQUENCES FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${s} FROM ${SERVICE_ROLE}`);
    await q.query(`REVOKE ALL ON SCHEMA ${s} FROM ${SERVICE_ROLE}`);
    // The role stays: other databases of the cluster may use it.
    await q.query(`DROP TRIGGER function_revision_append_only ON function_revision`);
    for (const table of HISTORY_TABLES) await q.query(`DROP TRIGGER ${table}_stamp ON ${table}`);
    await q.query(`DROP FUNCTION history_stamp_now()`);
    for (const fn of ['state_function_revisions_inserted()', 'state_function_revisions_updated()'])
      await q.query(`ALTER FUNCTION ${fn} RESET search_path`);
    for (const { table } of LOGGED_TABLES) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER change_log_${op} ON ${table}`);
    }
    await q.query(`DROP TABLE change_log`);
    await q.query(`DROP INDEX function_revision_holder_idx`);
    await q.query(`DROP FUNCTION registry_analyze(regclass[])`);
    await q.query(`DROP FUNCTION history_append_only()`);
    await q.query(`DROP FUNCTION change_log_capture()`);
    await q.query(`DROP FUNCTION change_log_key(jsonb, text[])`);
  }
}
