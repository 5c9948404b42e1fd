import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change to the registry's tables sends one `data_changed` notification, so that
 * each API replica can drop what it has cached (responses, totals) within milliseconds. PostgreSQL
 * folds identical notifications of one transaction into one, so a bulk import sends one.
 * A table created by a later migration joins with `SELECT watch_data_changes('table')`.
 */
export class ChangeNotifications1764700000000 implements MigrationInterface {
  name = 'ChangeNotifications1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('data_changed', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION watch_data_changes(t regclass, columns text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format(
          'CREATE TRIGGER %I AFTER INSERT OR UPDATE%s OR DELETE OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()',
          'data_changed_' || t::text, CASE WHEN columns IS NULL THEN '' ELSE ' OF ' || columns END, t);
      END $$`);
    // A running review writes its heartbeat every 15 s; only its outcome is news to readers.
    await q.query(`SELECT watch_data_changes('review_run', 'status, stats, timings, error, finished_at')`);
    await q.query(`
      SELECT watch_data_changes(c.oid::regclass) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname NOT IN ('schema_migrations', 'review_run')`);
  }

  async down(q: QueryRunner): Promise<void> {
    const triggers = (await q.query(`
      SELECT event_object_table AS table, trigger_name AS name FROM information_schema.triggers
      WHERE trigger_name LIKE 'data_changed_%' GROUP BY 1, 2`)) as { table: string; name: string }[];
    for (const t of triggers) await q.query(`DROP TRIGGER "${t.name}" ON "${t.table}"`);
    await q.query(`DROP FUNCTION watch_data_changes(regclass, text)`);
    await q.query(`DROP FUNCTION notify_data_changed()`);
  }
}
