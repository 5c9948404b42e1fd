import { runMigrations, undoLastMigration } from '../libs/core/src/index.js';
import {
  FunctionRegistry,
  FunctionStatus,
  functionTitle,
  isRetired,
  RETIRED_STATUSES,
} from '../libs/registry/src/index.js';
import { ReviewRunService } from '../libs/review/src/index.js';
import { createTestApp, TestApp } from './utils/test-app.js';

/**
 * What the registry publishes to the other libraries: views and SQL functions for reads,
 * FunctionRegistry for writes, and the scope check every review run goes through.
 */
describe('the registry interface', () => {
  let t: TestApp;
  const agency: Record<string, string> = {};
  const fn: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    // A small tree: ROOT → CHILD → GRANDCHILD, and OTHER beside it.
    for (const [code, parent] of [
      ['T-ROOT', null],
      ['T-CHILD', 'T-ROOT'],
      ['T-GRANDCHILD', 'T-CHILD'],
      ['T-OTHER', null],
    ] as const) {
      const [row]: { id: string }[] = await t.ds.query(
        `INSERT INTO agency (code, name_ru, level, parent_id) VALUES ($1, $1, 'CENTRAL', $2) RETURNING id`,
        [code, parent && agency[parent]],
      );
      agency[code] = row.id;
    }
    for (const [key, lang, ru, kk, status, archived] of [
      ['ru', 'ru', 'русский', 'қазақша', 'ACTIVE', false],
      ['kkOnlyRu', 'kk', 'только русский', null, 'ACTIVE', false],
      ['archived', 'ru', 'в архиве', null, 'ACTIVE', true],
      ['abolished', 'ru', 'упразднена', null, 'ABOLISHED', true],
    ] as const) {
      const [row]: { id: string }[] = await t.ds.query(
        `INSERT INTO state_function (lang, title_ru, title_kk, holder_id, status, archived_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END) RETURNING id`,
        [lang, ru, kk, agency['T-CHILD'], status, archived],
      );
      fn[key] = row.id;
    }
  });
  afterAll(() => t?.close());

  it('publishes functions with the title rule and the live status applied', async () => {
    const rows: { id: string; title: string; retired: boolean; live: boolean }[] = await t.ds.query(
      `SELECT id, title, retired, live FROM registry_function WHERE id = ANY($1::uuid[])`,
      [Object.values(fn)],
    );
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(fn.ru)).toMatchObject({ title: 'русский', retired: false, live: true });
    expect(by.get(fn.kkOnlyRu)).toMatchObject({ title: 'только русский', retired: false, live: true });
    expect(by.get(fn.archived)).toMatchObject({ retired: false, live: false });
    expect(by.get(fn.abolished)).toMatchObject({ retired: true, live: false });
    // The same rule in TypeScript.
    expect(functionTitle('kk', 'русский', 'қазақша')).toBe('қазақша');
    expect(functionTitle('kk', 'только русский', null)).toBe('только русский');
    expect(functionTitle('ru', null, 'қазақша')).toBe('қазақша');
    expect(RETIRED_STATUSES.filter(isRetired)).toEqual(['TRANSFERRED', 'ABOLISHED']);
    expect(isRetired('ACTIVE')).toBe(false);
  });

  it('gives an agency subtree with its roots', async () => {
    const subtree = async (codes: string[]) =>
      (
        await t.ds.query<{ id: string }[]>(`SELECT id FROM registry_agency_subtree($1::uuid[]) AS sub(id)`, [
          codes.map((c) => agency[c]),
        ])
      )
        .map((r) => Object.keys(agency).find((c) => agency[c] === r.id))
        .sort();
    expect(await subtree(['T-ROOT'])).toEqual(['T-CHILD', 'T-GRANDCHILD', 'T-ROOT']);
    expect(await subtree(['T-CHILD', 'T-OTHER'])).toEqual(['T-CHILD', 'T-GRANDCHILD', 'T-OTHER']);
    expect(await subtree([])).toEqual([]);
  });

  it('retires and reinstates a function, naming the actor in its history', async () => {
    const registry = t.get(FunctionRegistry);
    await t.ds.transaction(async (em) => {
      await registry.recordActor(em, 'alice', 'test');
      const locked = await registry.lockOne(em, fn.ru);
      expect(locked).toMatchObject({ id: fn.ru, title: 'русский', status: 'ACTIVE' });
      await registry.retire(em, [fn.ru], FunctionStatus.TRANSFERRED);
    });
    const [retired] = await t.ds.query<{ status: string; archived_at: Date | null; live: boolean }[]>(
      `SELECT status, archived_at, live FROM registry_function WHERE id = $1`,
      [fn.ru],
    );
    expect(retired).toMatchObject({ status: 'TRANSFERRED', live: false });
    expect(retired.archived_at).not.toBeNull();
    await t.ds.transaction(async (em) => {
      await registry.recordActor(em, null, 'test');
      await registry.reinstate(em, fn.ru);
    });
    const history: { changed_by: string; status: string }[] = await t.ds.query(
      `SELECT changed_by, snapshot->>'status' AS status FROM function_revision WHERE function_id = $1 ORDER BY revision`,
      [fn.ru],
    );
    expect(history.slice(-2)).toEqual([
      { changed_by: 'test:alice', status: 'TRANSFERRED' },
      { changed_by: 'test', status: 'ACTIVE' },
    ]);
  });

  it('checks and resolves a review scope the same way for every caller', async () => {
    const runs = t.get(ReviewRunService);
    await expect(runs.resolveScope({})).resolves.toEqual({});
    await expect(
      runs.resolveScope({ sectors: ['education'], agencyCodes: ['T-ROOT'], agencyIds: [agency['T-OTHER']] }),
    ).resolves.toEqual({ sectors: ['education'], agencyIds: [agency['T-OTHER'], agency['T-ROOT']] });
    await expect(
      runs.resolveScope({ levels: ['CENTRAL', 'GALACTIC'], agencyCodes: ['NO-SUCH'], agencyIds: ['x'] }),
    ).rejects.toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [
          { field: 'levels', messages: ['must be one of CENTRAL, REGIONAL, DISTRICT, RURAL (got GALACTIC)'] },
          { field: 'agencyIds', messages: ['not an id: x'] },
          { field: 'agencyCodes', messages: ['no agency with code NO-SUCH'] },
        ],
      },
    });
    await expect(runs.resolveScope({ agencyIds: ['00000000-0000-0000-0000-000000000001'] })).rejects.toMatchObject({
      extensions: {
        fields: [{ field: 'agencyIds', messages: ['no agency has id 00000000-0000-0000-0000-000000000001'] }],
      },
    });
  });

  it('migrates down and up again', async () => {
    // The migrations after it are undone first, newest first, as an operator rolling back would.
    const applied = await t.ds.query<{ name: string }[]>(`SELECT name FROM schema_migrations ORDER BY timestamp DESC`);
    const depth = applied.findIndex((m) => m.name === 'RegistryInterface1765000000000') + 1;
    expect(depth).toBeGreaterThan(0);
    for (let i = 0; i < depth; i++) await undoLastMigration(t.ds);
    const [gone] = await t.ds.query<{ v: string | null }[]>(`SELECT to_regclass('registry_function') AS v`);
    expect(gone.v).toBeNull();
    await runMigrations(t.ds);
    const [{ n }] = await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM registry_function`);
    expect(n).toBeGreaterThan(0);
  });
});
