import { join } from 'node:path';
import { Role } from '../libs/core/src/index.js';
import { ImportService } from '../libs/registry/src/index.js';
import { ReviewRunService } from '../libs/review/src/index.js';
import { createTestApp, ok, type TestApp } from './utils/test-app.js';

/**
 * The append-only history: every change of the registry's tables goes to change_log with who and
 * which request, the service cannot rewrite it, and auditors read it over GraphQL.
 */
const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

describe.each([
  ['the configured database', false],
  ['the embedded database', true],
])('history on %s', (_name, embedded) => {
  let t: TestApp;
  let agencyId: string;
  let functionId: string;
  let actId: string;

  beforeAll(async () => {
    t = await createTestApp({ embedded });
    [{ id: agencyId }] = await t.ds.query(`SELECT id FROM agency WHERE code = 'KZ-MOF'`);
    const created = ok(
      await t.gql<{ createStateFunction: { id: string; version: number } }>(
        `mutation($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { id version } }`,
        { input: { holderId: agencyId, titleRu: 'Ведение учёта государственного имущества', status: 'ACTIVE' } },
      ),
    );
    functionId = created.createStateFunction.id;
    actId = ok(
      await t.gql<{ createLegalAct: { id: string } }>(
        `mutation($input: CreateLegalActInput!) { createLegalAct(input: $input) { id } }`,
        { input: { title: 'Закон Республики Казахстан от 1 марта 2011 года № 413-IV «О государственном имуществе»' } },
      ),
    ).createLegalAct.id;
    ok(
      await t.gql(`mutation($input: UpdateStateFunctionInput!) { updateStateFunction(input: $input) { id version } }`, {
        input: { id: functionId, version: 1, description: 'Учёт и контроль' },
      }),
    );
  }, 120_000);

  afterAll(() => t?.close());

  const count = async (table: string): Promise<number> =>
    (await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('logs every change with its before and after images, the actor and the request', async () => {
    const rows: {
      operation: string;
      actor: string;
      request_id: string;
      before: unknown;
      after: Record<string, unknown>;
    }[] = await t.ds.query(
      `SELECT operation, actor, request_id, before, after FROM change_log
         WHERE table_name = 'state_function' AND row_id = $1 ORDER BY id`,
      [functionId],
    );
    expect(rows.map((r) => r.operation)).toEqual(['INSERT', 'UPDATE']);
    expect(rows.every((r) => r.actor === 'test-admin')).toBe(true);
    expect(rows[0].request_id).toBeTruthy();
    expect(rows[1].request_id).toBeTruthy();
    expect(rows[0].request_id).not.toBe(rows[1].request_id);
    expect(rows[0].before).toBeNull();
    expect(rows[1].after.description).toBe('Учёт и контроль');
    expect(rows[1].after).not.toHaveProperty('search_vector');
  });

  it('writes no entry for an update that changes nothing', async () => {
    const before = await count('change_log');
    await t.ds.transaction((em) => em.query(`UPDATE agency SET name_ru = name_ru WHERE code IN ('KZ-MOF', 'KZ-GOV')`));
    expect(await count('change_log')).toBe(before);
  });

  it('works as the service role, which cannot rewrite history', async () => {
    const [{ user }] = await t.ds.query<{ user: string }[]>(`SELECT current_user AS user`);
    expect(user).toBe('registry_service');
    for (const table of ['change_log', 'function_revision']) {
      const n = await count(table);
      expect(n).toBeGreaterThan(0);
      for (const sql of [`UPDATE ${table} SET operation = 'DELETE'`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
        await expect(t.ds.query(sql)).rejects.toThrow(/permission denied|append-only/);
      }
      expect(await count(table)).toBe(n);
    }
  });

  it('refuses rewriting history even to the owner, by trigger', async () => {
    const n = await count('change_log');
    for (const sql of [`UPDATE change_log SET actor = 'x'`, `DELETE FROM change_log`, `TRUNCATE change_log`]) {
      await expect(
        t.ds.transaction(async (em) => {
          await em.query('SET LOCAL ROLE NONE');
          await em.query(sql);
        }),
      ).rejects.toThrow(/change_log is append-only/);
    }
    expect(await count('change_log')).toBe(n);
  });

  it('imports in bulk (one entry per row, the actor named by the import) and stores review runs as the service role', async () => {
    const before = await count('change_log');
    const summary = await t.get(ImportService).importFile(DEV_SET);
    const [{ n, actors }] = await t.ds.query<{ n: number; actors: string[] }[]>(
      `SELECT count(*)::int AS n, array_agg(DISTINCT actor) AS actors FROM change_log
       WHERE table_name = 'state_function' AND operation = 'INSERT' AND id > (SELECT max(id) - $1 FROM change_log)`,
      [(await count('change_log')) - before],
    );
    expect(n).toBe(summary.functionsInserted);
    expect(actors).toEqual(['import:dev-functions.jsonl']);
    // A run is stored as a partition the service creates, attaches and drops.
    const runs = t.get(ReviewRunService);
    const finished = await runs.execute(await runs.start({}, {}));
    expect(finished?.run.status).toBe('SUCCEEDED');
    await runs.remove(finished!.run.id);
    const [{ partitions }] = await t.ds.query<{ partitions: number }[]>(
      `SELECT count(*)::int AS partitions FROM pg_inherits WHERE inhparent = 'review_pair'::regclass`,
    );
    expect(partitions).toBe(0);
  }, 120_000);

  it('names actor and request once per write transaction, and never on reads', async () => {
    const read = await t.queries.measure(() =>
      t.gql<{ stateFunctions: { items: unknown[] } }>(`{ stateFunctions(take: 5) { items { id } } }`, {}, Role.AUDITOR),
    );
    expect(ok(read.result).stateFunctions.items.length).toBeGreaterThan(0);
    expect(read.statements.filter((s) => /set_config|START TRANSACTION/.test(s))).toEqual([]);
    const write = await t.queries.measure(() =>
      t.gql(`mutation($input: AttachLegalBasisInput!) { attachLegalBasis(input: $input) { id } }`, {
        input: { functionId, legalActId: actId, article: '7' },
      }),
    );
    ok(write.result);
    expect(write.statements.filter((s) => s.includes(`set_config('registry.request'`))).toHaveLength(1);
  });
});
