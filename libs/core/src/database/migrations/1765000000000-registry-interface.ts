import { MigrationInterface, QueryRunner } from 'typeorm';

/** Statuses of a function that has left the registry (kept for its history). */
const RETIRED = `'TRANSFERRED', 'ABOLISHED'`;

/**
 * What the registry publishes for set-based reads by the other libraries (the review's load, the
 * auditors' filters by agency subtree, reports): views over its tables and SQL functions that hold
 * its rules once. The other libraries read these, never the tables, and write through the
 * registry's services. The views are plain projections, so PostgreSQL inlines them into the
 * queries that use them and the plans stay those over the tables; the title function is a simple
 * immutable SQL function for the same reason.
 */
export class RegistryInterface1765000000000 implements MigrationInterface {
  name = 'RegistryInterface1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // The statement in the language it was written in, the other language when that one is missing.
    await q.query(`
      CREATE FUNCTION registry_function_title(lang text, title_ru text, title_kk text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN lang = 'kk' THEN coalesce(title_kk, title_ru) ELSE coalesce(title_ru, title_kk) END
      $$`);
    await q.query(`
      CREATE VIEW registry_function AS
      SELECT f.id, f.code, f.external_id, f.lang, f.title_ru, f.title_kk,
        registry_function_title(f.lang, f.title_ru, f.title_kk) AS title, f.title_hash, f.description, f.type,
        f.holder_id, f.task_id, f.structural_unit_id, f.sector, f.supporting, f.status, f.in_force_from,
        f.source_act_id, f.template_id, f.archived_at, f.version, f.created_at, f.updated_at,
        f.status IN (${RETIRED}) AS retired,
        f.archived_at IS NULL AND f.status NOT IN (${RETIRED}) AS live
      FROM state_function f`);
    await q.query(`
      CREATE VIEW registry_agency AS
      SELECT a.id, a.code, a.name_ru, a.name_kk, a.name_en, a.kind, a.level, a.territory_kinds, a.territory_kato,
        a.collegial, a.parent_id, a.archived_at, a.version, a.created_at, a.updated_at
      FROM agency a`);
    await q.query(`
      CREATE VIEW registry_structural_unit AS
      SELECT u.id, u.agency_id, u.code, u.name_ru, u.name_kk, u.parent_id, u.created_at, u.updated_at
      FROM structural_unit u`);
    await q.query(`
      CREATE VIEW registry_legal_basis AS
      SELECT b.id, b.function_id, b.legal_act_id, b.article, b.clause, b.subclause, b.quote, b.url, b.position,
        b.created_at
      FROM legal_basis b`);
    // The agencies given and all their subordinates, at any depth.
    await q.query(`
      CREATE FUNCTION registry_agency_subtree(roots uuid[]) RETURNS SETOF uuid
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH RECURSIVE sub AS (
          SELECT id FROM agency WHERE id = ANY(roots)
          UNION SELECT a.id FROM agency a JOIN sub ON a.parent_id = sub.id)
        SELECT id FROM sub
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS registry_agency_subtree(uuid[])`);
    for (const view of ['registry_legal_basis', 'registry_structural_unit', 'registry_agency', 'registry_function']) {
      await q.query(`DROP VIEW IF EXISTS ${view}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS registry_function_title(text, text, text)`);
  }
}
