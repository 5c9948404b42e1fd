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

  /** A digest of every row of a history table, to tell that nothing in it changed. */
  const digest = async (table: string): Promise<string> =>
    (
      await t.ds.query<{ d: string }[]>(
        `SELECT md5(coalesce(string_agg(h::text, '|' ORDER BY h.id), '')) AS d FROM ${table} h`,
      )
    )[0].d;

  /** History as it was written in the past: as the owner, with the stamping of the time switched off. */
  const writePast = (sql: string, params: unknown[]) =>
    t.ds.transaction(async (em) => {
      await em.query('SET LOCAL ROLE NONE');
      for (const table of ['function_revision', 'change_log'])
        await em.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_stamp`);
      await em.query(sql, params);
      for (const table of ['function_revision', 'change_log'])
        await em.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_stamp`);
    });

  const count = async (table: string): Promise<number> =>
    (await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('logs every change with its before and after images, the actor and the request', async () => {
    const rows: {
      operation: string;
      actor: string;
      actor_subject: string;
      request_id: string;
      before: unknown;
      after: Record<string, unknown>;
    }[] = await t.ds.query(
      `SELECT operation, actor, actor_subject, request_id, before, after FROM change_log
         WHERE table_name = 'state_function' AND row_id = $1 ORDER BY id`,
      [functionId],
    );
    expect(rows.map((r) => r.operation)).toEqual(['INSERT', 'UPDATE']);
    expect(rows.every((r) => r.actor === 'test-admin' && r.actor_subject === 'test-admin')).toBe(true);
    expect(rows[0].request_id).toBeTruthy();
    expect(rows[1].request_id).toBeTruthy();
    expect(rows[0].request_id).not.toBe(rows[1].request_id);
    expect(rows[0].before).toBeNull();
    expect(rows[1].after.description).toBe('Учёт и контроль');
    expect(rows[1].after).not.toHaveProperty('search_vector');
  });

  it('tells apart two people of the same name by their token subject', async () => {
    const codes: string[] = [];
    for (const subject of ['u-1001', 'u-1002']) {
      const created = ok(
        await t.gql<{ createStateFunction: { id: string } }>(
          `mutation($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { id } }`,
          { input: { holderId: agencyId, titleRu: `Функция сотрудника ${subject}` } },
          { subject, name: 'Иванов', roles: [Role.REVIEWER] },
        ),
      );
      codes.push(created.createStateFunction.id);
    }
    const rows = await t.ds.query<{ actor: string; actor_subject: string }[]>(
      `SELECT actor, actor_subject FROM change_log WHERE table_name = 'state_function' AND row_id = ANY($1::text[]) ORDER BY id`,
      [codes],
    );
    expect(rows).toEqual([
      { actor: 'Иванов', actor_subject: 'u-1001' },
      { actor: 'Иванов', actor_subject: 'u-1002' },
    ]);
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
      const rows = await digest(table);
      expect(n).toBeGreaterThan(0);
      for (const sql of [`UPDATE ${table} SET operation = 'DELETE'`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
        await expect(t.ds.query(sql)).rejects.toThrow(/permission denied|append-only/);
      }
      expect(await count(table)).toBe(n);
      expect(await digest(table)).toBe(rows);
    }
  });

  it('refuses rewriting history even to the owner, by trigger', async () => {
    const n = await count('change_log');
    const rows = await digest('change_log');
    for (const sql of [`UPDATE change_log SET actor = 'x'`, `DELETE FROM change_log`, `TRUNCATE change_log`]) {
      await expect(
        t.ds.transaction(async (em) => {
          await em.query('SET LOCAL ROLE NONE');
          await em.query(sql);
        }),
      ).rejects.toThrow(/change_log is append-only/);
    }
    expect(await count('change_log')).toBe(n);
    expect(await digest('change_log')).toBe(rows);
  });

  it('stamps every history row with the time it is written: no backdating, nor a temporary table in its place', async () => {
    const FORGED = '44444444-4444-4444-8444-444444444444';
    const started = await t.ds.query<{ now: Date }[]>(`SELECT now() AS now`);
    await t.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO function_revision (function_id, revision, operation, changed_by, changed_at, snapshot)
         VALUES ($1, 1, 'UPDATE', 'Minister', '2020-01-01', '{}')`,
        [FORGED],
      );
      await em.query(
        `INSERT INTO change_log (at, actor, table_name, row_id, operation) VALUES ('2020-01-01', 'Minister', 'agency', 'x', 'INSERT')`,
      );
    });
    const [forged] = await t.ds.query<{ at: Date }[]>(
      `SELECT changed_at AS at FROM function_revision WHERE function_id = $1`,
      [FORGED],
    );
    expect(new Date(forged.at).getTime()).toBeGreaterThanOrEqual(new Date(started[0].now).getTime() - 1000);
    const [{ old }] = await t.ds.query<{ old: number }[]>(
      `SELECT count(*)::int AS old FROM change_log WHERE at < '2021-01-01'`,
    );
    expect(old).toBe(0);
    // A temporary change_log cannot swallow the entries of a change.
    const before = await count('change_log');
    await t.ds.transaction(async (em) => {
      await em.query(`CREATE TEMP TABLE change_log (LIKE public.change_log) ON COMMIT DROP`);
      await em.query(`UPDATE agency SET name_en = 'Ministry of Finance, shadowed' WHERE id = $1`, [agencyId]);
    });
    expect(await count('change_log')).toBe(before + 1);
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

  describe('GraphQL for auditors', () => {
    const ENTRY =
      'items { id at actor requestId operation table rowId before after changedFields } totalCount hasNextPage';
    interface Entry {
      id: string;
      at: string;
      actor: string | null;
      requestId: string | null;
      operation: string;
      table: string;
      rowId: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      changedFields: string[];
    }
    interface EntryPage {
      items: Entry[];
      totalCount: number;
      hasNextPage: boolean;
    }

    it("functionHistory: the function's changes and its legal bases', newest first, to auditors", async () => {
      const { functionHistory: page } = ok(
        await t.gql<{ functionHistory: EntryPage }>(
          `query($id: ID!) { functionHistory(id: $id, take: 50) { ${ENTRY} } }`,
          { id: functionId },
          Role.AUDITOR,
        ),
      );
      const own = page.items.filter((e) => e.table === 'state_function');
      expect(own.map((e) => e.operation)).toEqual(['UPDATE', 'INSERT']);
      const update = own[0];
      expect(update.changedFields).toEqual(expect.arrayContaining(['description', 'version', 'updated_at']));
      expect(update.changedFields).not.toContain('title_ru');
      expect(update.before?.description).toBeNull();
      expect(update.after?.description).toBe('Учёт и контроль');
      expect(update.actor).toBe('test-admin');
      const basis = page.items.find((e) => e.table === 'legal_basis');
      expect(basis?.operation).toBe('INSERT');
      expect(basis?.after?.legal_act_id).toBe(actId);
      expect(page.totalCount).toBe(page.items.length);
      expect(Number(page.items[0].id)).toBeGreaterThan(Number(page.items[page.items.length - 1].id));
    });

    it('refuses the history to the public and to budget planners', async () => {
      const q = `query($id: ID!) { functionHistory(id: $id) { totalCount } }`;
      expect((await t.gql(q, { id: functionId }, 'anonymous')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(q, { id: functionId }, Role.BUDGET_PLANNER)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      ok(await t.gql(q, { id: functionId }, Role.REVIEWER));
    });

    it('refuses bad arguments with BAD_USER_INPUT and unknown ids with NOT_FOUND', async () => {
      const code = async (query: string, variables: Record<string, unknown>) =>
        (await t.gql(query, variables, Role.AUDITOR)).errors?.[0];
      const bad = await code(`query($id: ID!) { functionHistory(id: $id) { totalCount } }`, { id: 'not-a-uuid' });
      expect(bad?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad?.message).toBe('Invalid input: id: id must be a UUID');
      const big = await code(`query($id: ID!) { agencyHistory(id: $id, take: 1000) { totalCount } }`, { id: agencyId });
      expect(big?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(big?.message).toMatch(/take/);
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const q of ['functionHistory', 'agencyHistory', 'campaignHistory']) {
        const e = await code(`query($id: ID!) { ${q}(id: $id) { totalCount } }`, { id: unknown });
        expect(e?.extensions?.code).toBe('NOT_FOUND');
      }
      const dates = await code(`query($f: ChangeFilter) { changes(filter: $f) { totalCount } }`, {
        f: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      });
      expect(dates?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(dates?.message).toMatch(/filter.to: must not be before filter.from/);
      const notADate = await code(`query($f: ChangeFilter) { changes(filter: $f) { totalCount } }`, {
        f: { from: 'yesterday' },
      });
      expect(notADate?.extensions?.code).toBe('BAD_USER_INPUT');
      const table = await code(`query($f: ChangeFilter) { changes(filter: $f) { totalCount } }`, {
        f: { table: 'pg_authid' },
      });
      expect(table?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(table?.message).toMatch(/table must be one of/);
    });

    it('agencyHistory: the agency and its structural units', async () => {
      const unit = ok(
        await t.gql<{ createStructuralUnit: { id: string } }>(
          `mutation($input: CreateStructuralUnitInput!) { createStructuralUnit(input: $input) { id } }`,
          { input: { agencyId, nameRu: 'Департамент государственного имущества', code: 'DGI' } },
        ),
      ).createStructuralUnit.id;
      const { agencyHistory: page } = ok(
        await t.gql<{ agencyHistory: EntryPage }>(
          `query($id: ID!) { agencyHistory(id: $id, take: 5) { ${ENTRY} } }`,
          { id: agencyId },
          Role.AUDITOR,
        ),
      );
      expect(page.items[0]).toMatchObject({
        table: 'structural_unit',
        rowId: unit,
        operation: 'INSERT',
        actor: 'test-admin',
      });
      expect(page.items.some((e) => e.table === 'agency' && e.rowId === agencyId)).toBe(true);
    });

    it('campaignHistory: the campaign, its findings and their steps', async () => {
      const campaignId = ok(
        await t.gql<{ createReviewCampaign: { id: string } }>(
          `mutation($input: CreateReviewCampaignInput!) { createReviewCampaign(input: $input) { id } }`,
          { input: { code: 'HIST-1', title: 'Аудит истории', startsOn: '2026-01-01', endsOn: '2026-12-31' } },
        ),
      ).createReviewCampaign.id;
      const findingId = ok(
        await t.gql<{ proposeFinding: { id: string } }>(
          `mutation($input: ProposeFindingInput!) { proposeFinding(input: $input) { id } }`,
          { input: { campaignId, action: 'ABOLISH', functionIds: [functionId], rationale: 'Дублирует учёт' } },
        ),
      ).proposeFinding.id;
      const { campaignHistory: page } = ok(
        await t.gql<{ campaignHistory: EntryPage }>(
          `query($id: ID!) { campaignHistory(id: $id, take: 50) { ${ENTRY} } }`,
          { id: campaignId },
          Role.AUDITOR,
        ),
      );
      const tables = new Set(page.items.map((e) => e.table));
      expect([...tables].sort()).toEqual(
        expect.arrayContaining(['campaign_finding', 'campaign_finding_function', 'review_campaign']),
      );
      expect(page.items.find((e) => e.table === 'campaign_finding')?.rowId).toBe(findingId);
      expect(page.items.every((e) => e.actor === 'test-admin' && e.requestId)).toBe(true);
      expect(page.items.find((e) => e.table === 'campaign_finding_function')?.rowId).toBe(`${findingId}/${functionId}`);
    });

    it('names the actor of writes that used to run outside transactions (headcount, sphere markets)', async () => {
      ok(
        await t.gql(`mutation($input: SetFunctionHeadcountInput!) { setFunctionHeadcount(input: $input) { year } }`, {
          input: { functionId, year: 2026, staffUnits: 2.5 },
        }),
      );
      ok(
        await t.gql(`mutation($input: RecordSphereMarketInput!) { recordSphereMarket(input: $input) { id } }`, {
          input: { sector: 'education', kind: 'PROVIDERS', name: 'Частные школы', keywords: ['школ'] },
        }),
      );
      const rows = await t.ds.query<{ table_name: string; actor: string | null; request_id: string | null }[]>(
        `SELECT table_name, actor, request_id FROM change_log
          WHERE table_name IN ('function_headcount', 'sphere_market') ORDER BY id`,
      );
      expect(rows.map((r) => r.table_name)).toEqual(['function_headcount', 'sphere_market']);
      expect(rows.every((r) => r.actor === 'test-admin' && r.request_id)).toBe(true);
    });

    it('changes: by request, by actor, by table and time, paginated', async () => {
      const { changes: all } = ok(
        await t.gql<{ changes: EntryPage }>(`{ changes(take: 3) { ${ENTRY} } }`, {}, Role.AUDITOR),
      );
      expect(all.items).toHaveLength(3);
      expect(all.hasNextPage).toBe(true);
      const requestId = all.items[0].requestId;
      expect(requestId).toBeTruthy();
      const { changes: one } = ok(
        await t.gql<{ changes: EntryPage }>(
          `query($f: ChangeFilter) { changes(filter: $f, take: 100) { ${ENTRY} } }`,
          { f: { requestId } },
          Role.AUDITOR,
        ),
      );
      expect(one.items.length).toBeGreaterThan(0);
      expect(one.items.every((e) => e.requestId === requestId)).toBe(true);
      const [{ n }] = await t.ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM change_log WHERE request_id = $1`,
        [requestId],
      );
      expect(one.totalCount).toBe(n);
      const now = new Date();
      const { changes: windowed } = ok(
        await t.gql<{ changes: EntryPage }>(
          `query($f: ChangeFilter) { changes(filter: $f) { ${ENTRY} } }`,
          {
            f: {
              table: 'state_function',
              actor: 'test-admin',
              from: new Date(now.getTime() - 3_600_000).toISOString(),
              to: new Date(now.getTime() + 60_000).toISOString(),
            },
          },
          Role.AUDITOR,
        ),
      );
      expect(windowed.items.map((e) => e.rowId)).toContain(functionId);
      expect(windowed.items.every((e) => e.table === 'state_function' && e.actor === 'test-admin')).toBe(true);
      const { changes: none } = ok(
        await t.gql<{ changes: EntryPage }>(
          `query($f: ChangeFilter) { changes(filter: $f) { totalCount } }`,
          { f: { to: '2000-01-01T00:00:00Z' } },
          Role.AUDITOR,
        ),
      );
      expect(none.totalCount).toBe(0);
    });

    it('registryAsOf: what an agency held at the end of a date, with the type and legal bases then in force', async () => {
      // A function's past, written as the triggers would have written it in 2020 and 2021.
      const past = '11111111-1111-4111-8111-111111111111';
      const basis = '22222222-2222-4222-8222-222222222222';
      const snapshot = (type: string) => ({
        id: past,
        code: 'F-PAST-1',
        holder_id: agencyId,
        type,
        status: 'ACTIVE',
        lang: 'ru',
        title_ru: 'Функция из прошлого',
        archived_at: null,
      });
      await writePast(
        `INSERT INTO function_revision (function_id, revision, operation, changed_at, changed_by, snapshot)
         VALUES ($1, 1, 'INSERT', '2020-03-01T10:00:00Z', 'seed', $2), ($1, 2, 'UPDATE', '2021-06-01T10:00:00Z', 'seed', $3)`,
        [past, JSON.stringify(snapshot('CONTROL')), JSON.stringify(snapshot('STRATEGIC'))],
      );
      const image = {
        id: basis,
        function_id: past,
        legal_act_id: actId,
        article: '12',
        clause: '3',
        subclause: null,
        position: 0,
      };
      await writePast(
        `INSERT INTO change_log (at, actor, table_name, row_id, parent_id, operation, before, after) VALUES
           ('2020-03-01T10:00:00Z', 'seed', 'legal_basis', $1, $2, 'INSERT', NULL, $3),
           ('2021-02-01T10:00:00Z', 'seed', 'legal_basis', $1, $2, 'DELETE', $3, NULL)`,
        [basis, past, JSON.stringify(image)],
      );
      const QUERY = `query($date: LocalDate!, $agency: ID!) {
        registryAsOf(date: $date, agencyId: $agency, includeSubordinates: false, take: 100) {
          items { id code title holderId type status revision legalBases { legalActId article clause } }
          totalCount
        }
      }`;
      interface AsOf {
        registryAsOf: {
          items: {
            id: string;
            code: string;
            title: string;
            type: string | null;
            revision: number;
            legalBases: { legalActId: string; article: string; clause: string }[];
          }[];
          totalCount: number;
        };
      }
      const on = async (date: string) =>
        ok(await t.gql<AsOf>(QUERY, { date, agency: agencyId }, Role.AUDITOR)).registryAsOf;
      expect((await on('2020-02-29')).items.find((f) => f.id === past)).toBeUndefined();
      const in2020 = await on('2020-12-31');
      expect(in2020.items).toEqual([
        {
          id: past,
          code: 'F-PAST-1',
          title: 'Функция из прошлого',
          holderId: agencyId,
          type: 'CONTROL',
          status: 'ACTIVE',
          revision: 1,
          legalBases: [{ legalActId: actId, article: '12', clause: '3' }],
        },
      ]);
      expect(in2020.totalCount).toBe(1);
      const in2021 = (await on('2021-12-31')).items.find((f) => f.id === past);
      expect(in2021).toMatchObject({ type: 'STRATEGIC', revision: 2, legalBases: [] });
      // Today: the function registered in this suite, with the basis attached to it.
      const today = await on(new Date().toISOString().slice(0, 10));
      const current = today.items.find((f) => f.id === functionId);
      expect(current).toMatchObject({ revision: 2, legalBases: [{ legalActId: actId, article: '7' }] });

      // A subordinate's function counts for its parent unless includeSubordinates is false.
      const sub = ok(
        await t.gql<{ createAgency: { id: string } }>(
          `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
          {
            input: {
              code: 'KZ-MOF-SUB',
              nameRu: 'Комитет государственного имущества',
              level: 'CENTRAL',
              parentId: agencyId,
            },
          },
        ),
      ).createAgency.id;
      const subFunction = '33333333-3333-4333-8333-333333333333';
      await writePast(
        `INSERT INTO function_revision (function_id, revision, operation, changed_at, changed_by, snapshot)
         VALUES ($1, 1, 'INSERT', '2020-05-01T10:00:00Z', 'seed', $2)`,
        [subFunction, JSON.stringify({ ...snapshot('CONTROL'), id: subFunction, code: 'F-PAST-2', holder_id: sub })],
      );
      const WITH_SUBORDINATES = `query($date: LocalDate!, $agency: ID!) {
        registryAsOf(date: $date, agencyId: $agency) { items { code holderId } } }`;
      const all = ok(
        await t.gql<{ registryAsOf: { items: { code: string; holderId: string }[] } }>(
          WITH_SUBORDINATES,
          { date: '2020-12-31', agency: agencyId },
          Role.AUDITOR,
        ),
      ).registryAsOf.items;
      expect(all.map((f) => f.code)).toEqual(['F-PAST-1', 'F-PAST-2']);
      expect((await on('2020-12-31')).items.map((f) => f.code)).toEqual(['F-PAST-1']);

      const errors = async (variables: Record<string, unknown>) =>
        (await t.gql(QUERY, variables, Role.AUDITOR)).errors?.[0].extensions?.code;
      expect(await errors({ date: '2021-02-30', agency: agencyId })).toBe('BAD_USER_INPUT');
      expect(await errors({ date: '2021-01-01', agency: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
      expect(
        (await t.gql(QUERY, { date: '2021-01-01', agency: agencyId }, 'anonymous')).errors?.[0].extensions?.code,
      ).toBe('UNAUTHENTICATED');
    });

    it('functionGrowth: functions added and removed per legal act and year', async () => {
      const QUERY = `query($act: ID) { functionGrowth(actId: $act) { items { actId actTitle year added removed } totalCount } }`;
      const { functionGrowth: page } = ok(
        await t.gql<{
          functionGrowth: {
            items: { actId: string; actTitle: string; year: number; added: number; removed: number }[];
            totalCount: number;
          };
        }>(QUERY, { act: actId }, Role.AUDITOR),
      );
      const year = new Date().getUTCFullYear();
      expect(page.items.map(({ year, added, removed }) => ({ year, added, removed }))).toEqual([
        { year: 2020, added: 1, removed: 0 },
        { year: 2021, added: 0, removed: 1 },
        { year, added: 1, removed: 0 },
      ]);
      expect(page.items[0].actTitle).toMatch(/О государственном имуществе/);
      expect(page.totalCount).toBe(3);
      const unknown = await t.gql(QUERY, { act: '00000000-0000-4000-8000-000000000000' }, Role.AUDITOR);
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const bad = await t.gql(QUERY, { act: 'nope' }, Role.AUDITOR);
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
