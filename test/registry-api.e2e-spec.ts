import { createTestApp, ok, TestApp } from './utils/test-app.js';

interface Fn {
  id: string;
  code: string;
  externalId: string;
  version: number;
  status: string;
  type: string;
  title: string;
  holder: { code: string };
  legalBasis: { article: string | null; clause: string | null; act: { adiletCode: string } }[];
  tags: { value: string; vocabulary: { code: string } | null }[];
}
interface Page<I> {
  totalCount: number;
  items: I[];
}

/** The registry's GraphQL API over HTTP, against a real database: writes, reads, errors. */
describe('registry GraphQL API', () => {
  let t: TestApp;
  let ministryId: string;
  let committeeId: string;
  let akimatId: string;
  let actId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const create = async (input: Record<string, unknown>) =>
      ok(
        await t.gql<{ createAgency: { id: string; code: string; typical: boolean; territoryKinds: string[] } }>(
          `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id code typical territoryKinds } }`,
          { input },
        ),
      ).createAgency;
    ministryId = (await create({ code: 'T-MIN', nameRu: 'Министерство тестов', kind: 'MINISTRY', level: 'CENTRAL' }))
      .id;
    committeeId = (
      await create({
        code: 'T-COM',
        nameRu: 'Комитет контроля',
        kind: 'COMMITTEE',
        level: 'CENTRAL',
        parentId: ministryId,
      })
    ).id;
    const akimat = await create({
      code: 'T-AKM',
      nameRu: 'Акимат области Абай',
      kind: 'AKIMAT',
      level: 'REGIONAL',
      territoryKato: '100000000',
      collegial: true,
    });
    akimatId = akimat.id;
    expect(akimat.typical).toBe(false);
    // A specific body covers the kind of its own territory (the Abai oblast here).
    expect(akimat.territoryKinds).toEqual(['OBLAST']);
    actId = ok(
      await t.gql<{ createLegalAct: { id: string } }>(
        `mutation { createLegalAct(input: { title: "Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»", adiletCode: "Z070000319_" }) { id actType number adoptedOn } }`,
      ),
    ).createLegalAct.id;
  });
  afterAll(() => t?.close());

  const CREATE = `mutation($input: CreateStateFunctionInput!) { createStateFunction(input: $input) {
    id code externalId version status type title holder { code } legalBasis { article clause act { adiletCode } } tags { value vocabulary { code } } } }`;

  it('registers a function with legal basis and tags, and keeps its history', async () => {
    const fn = ok(
      await t.gql<{ createStateFunction: Fn }>(CREATE, {
        input: {
          titleRu: 'осуществляет государственный контроль за соблюдением законодательства в области образования',
          type: 'CONTROL',
          holderId: committeeId,
          sector: 'education',
          legalBasis: [{ adiletCode: 'Z070000319_', article: '5', clause: '5.18' }],
          tags: [{ value: 'контроль' }],
        },
      }),
    ).createStateFunction;
    expect(fn.code).toMatch(/^F-\d{7}$/);
    expect(fn.externalId).toBe(fn.code);
    expect(fn.status).toBe('DRAFT');
    expect(fn.version).toBe(1);
    expect(fn.legalBasis).toEqual([{ article: '5', clause: '5.18', act: { adiletCode: 'Z070000319_' } }]);
    expect(fn.tags).toEqual([{ value: 'контроль', vocabulary: null }]);

    const updated = ok(
      await t.gql<{
        updateStateFunction: { version: number; status: string; revisions: { revision: number; operation: string }[] };
      }>(
        `mutation($input: UpdateStateFunctionInput!) { updateStateFunction(input: $input) { version status revisions { revision operation } } }`,
        {
          input: { id: fn.id, version: 1, status: 'ACTIVE' },
        },
      ),
    ).updateStateFunction;
    expect(updated.version).toBe(2);
    expect(updated.revisions.map((r) => [r.revision, r.operation])).toEqual([
      [2, 'UPDATE'],
      [1, 'INSERT'],
    ]);

    // Saving the same values again is not a change: no new version, no new revision.
    const same = ok(
      await t.gql<{ updateStateFunction: { version: number; revisions: { revision: number }[] } }>(
        `mutation($input: UpdateStateFunctionInput!) { updateStateFunction(input: $input) { version revisions { revision } } }`,
        {
          input: { id: fn.id, status: 'ACTIVE' },
        },
      ),
    ).updateStateFunction;
    expect(same.version).toBe(2);
    expect(same.revisions).toHaveLength(2);
  });

  it('refuses a stale version with CONFLICT and the current version', async () => {
    const fn = ok(
      await t.gql<{ createStateFunction: Fn }>(CREATE, {
        input: { titleRu: 'ведет реестр организаций', holderId: ministryId },
      }),
    ).createStateFunction;
    ok(
      await t.gql(
        `mutation { updateStateFunction(input: { id: "${fn.id}", version: 1, type: IMPLEMENTING }) { version } }`,
      ),
    );
    const res = await t.gql(
      `mutation { updateStateFunction(input: { id: "${fn.id}", version: 1, type: CONTROL }) { version } }`,
    );
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(res.errors?.[0].extensions?.currentVersion).toBe(2);
    const after = ok(
      await t.gql<{ stateFunction: { type: string; version: number } }>(
        `{ stateFunction(id: "${fn.id}") { type version } }`,
      ),
    ).stateFunction;
    expect(after).toEqual({ type: 'IMPLEMENTING', version: 2 });
  });

  it('rejects bad input with BAD_USER_INPUT naming the fields, and writes nothing', async () => {
    const count = async () =>
      ok(
        await t.gql<{ stateFunctions: { totalCount: number } }>(
          `{ stateFunctions(filter: { includeArchived: true }) { totalCount } }`,
        ),
      ).stateFunctions.totalCount;
    const before = await count();
    const res = await t.gql(CREATE, {
      input: { titleRu: '   ', holderId: 'not-a-uuid', inForceFrom: '2024-01-01', legalBasis: [{ article: '1' }] },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const fields = res.errors![0].extensions!.fields!.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['titleRu', 'holderId']));

    // A reference to a missing record is refused before anything is written, even the tags.
    const missing = await t.gql(CREATE, {
      input: {
        titleRu: 'организует олимпиады',
        holderId: ministryId,
        tags: [{ value: 'новый-тег' }],
        legalBasis: [{ adiletCode: 'Z999' }],
      },
    });
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.errors?.[0].message).toMatch(/Z999/);
    expect(await count()).toBe(before);
    expect(ok(await t.gql<{ tags: { value: string }[] }>(`{ tags { value } }`)).tags.map((x) => x.value)).not.toContain(
      'новый-тег',
    );

    const page = await t.gql(`{ stateFunctions(take: 1000) { totalCount } }`);
    expect(page.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(page.errors?.[0].extensions?.fields).toEqual([
      { field: 'take', messages: ['take must not be greater than 100'] },
    ]);
  });

  it('refuses a task or structural unit of another agency, and malformed ids', async () => {
    const task = ok(
      await t.gql<{ createAgencyTask: { id: string } }>(
        `mutation { createAgencyTask(input: { agencyId: "${committeeId}", titleRu: "Контроль качества" }) { id } }`,
      ),
    ).createAgencyTask;
    const res = await t.gql(CREATE, { input: { titleRu: 'ведет учет', holderId: ministryId, taskId: task.id } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields?.[0].field).toBe('taskId');
    const own = ok(
      await t.gql<{ createStateFunction: Fn }>(CREATE, {
        input: { titleRu: 'ведет учет проверок', holderId: committeeId, taskId: task.id },
      }),
    ).createStateFunction;
    const withTask = ok(
      await t.gql<{ stateFunction: { task: { titleRu: string } | null } }>(
        `{ stateFunction(id: "${own.id}") { task { titleRu } } }`,
      ),
    ).stateFunction;
    expect(withTask.task).toEqual({
      titleRu: 'Контроль качества',
    });
    const malformed = await t.gql(`{ stateFunction(id: "not-a-uuid") { id } }`);
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0].message).toMatch(/uuid/);
    const nul = await t.gql(`query($q: String) { stateFunctions(filter: { search: $q }) { totalCount } }`, {
      q: 'контроль\u0000',
    });
    expect(nul.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND, malformed queries and never shows a stack trace', async () => {
    const nf = await t.gql(`{ stateFunction(id: "00000000-0000-0000-0000-000000000000") { id } }`);
    expect(nf.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const bad = await t.gql(`{ stateFunctions { nope } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    for (const r of [nf, bad]) expect(JSON.stringify(r)).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);
    const dup = await t.gql(
      `mutation { createAgency(input: { code: "T-MIN", nameRu: "Дубль", level: CENTRAL }) { id } }`,
    );
    expect(dup.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(dup.errors?.[0].extensions?.field).toBe('code');
  });

  it('filters by agency with its subordinates, level, territory, type, tag, act and text', async () => {
    const mk = async (input: Record<string, unknown>) =>
      ok(await t.gql<{ createStateFunction: Fn }>(CREATE, { input })).createStateFunction;
    await mk({
      titleRu: 'разрабатывает и утверждает правила проведения аттестации педагогов',
      holderId: ministryId,
      type: 'REGULATORY',
      status: 'ACTIVE',
      sector: 'education',
      legalBasis: [{ legalActId: actId, article: '5', clause: '5.7' }],
    });
    await mk({
      titleRu: 'проводит проверки организаций образования',
      holderId: committeeId,
      type: 'CONTROL',
      status: 'ACTIVE',
      sector: 'education',
      tags: [{ value: 'проверки' }],
    });
    await mk({
      titleRu: 'обеспечивает материально-техническое оснащение школ области',
      holderId: akimatId,
      type: 'IMPLEMENTING',
      status: 'ACTIVE',
      sector: 'education',
    });

    const list = async (filter: Record<string, unknown>, extra = '') =>
      ok(
        await t.gql<{ stateFunctions: Page<{ title: string; code: string }> }>(
          `query($filter: FunctionFilter) { stateFunctions(filter: $filter ${extra}) { totalCount items { title code } } }`,
          { filter },
        ),
      ).stateFunctions;

    const withSubs = await list({ agencyId: ministryId });
    const own = await list({ agencyId: ministryId, includeSubordinates: false });
    expect(withSubs.totalCount).toBeGreaterThan(own.totalCount);
    expect((await list({ agencyId: committeeId })).items.every((i) => !/аттестации/.test(i.title))).toBe(true);
    expect((await list({ levels: ['REGIONAL'] })).items.map((i) => i.title)).toEqual([
      'обеспечивает материально-техническое оснащение школ области',
    ]);
    expect((await list({ territoryKato: '100000000' })).totalCount).toBe(1);
    expect((await list({ territoryKato: '110000000' })).totalCount).toBe(0);
    expect((await list({ types: ['REGULATORY'], statuses: ['ACTIVE'] })).totalCount).toBe(1);
    expect((await list({ tag: { value: 'проверки' } })).items[0].title).toMatch(/проверки/);
    expect((await list({ legalActId: actId })).items.map((i) => i.title)).toContain(
      'разрабатывает и утверждает правила проведения аттестации педагогов',
    );
    // Russian full text matches other word forms: «проверка» finds «проводит проверки».
    expect((await list({ search: 'проверка организации' })).items[0].title).toBe(
      'проводит проверки организаций образования',
    );
    // A misspelt word still finds the function through trigram matching.
    expect((await list({ search: 'аттестацыи' })).totalCount).toBeGreaterThanOrEqual(1);
    expect((await list({ search: 'космонавтика' })).totalCount).toBe(0);

    const sorted = await list(
      { sector: 'education', statuses: ['ACTIVE'] },
      ', sort: { field: TITLE, direction: DESC }, take: 2',
    );
    expect(sorted.items.map((i) => i.title)).toEqual([...sorted.items.map((i) => i.title)].sort().reverse());
    // By code, descending: codes also settle ties, and must not turn the order back.
    const byCode = (await list({ sector: 'education' }, ', sort: { field: CODE, direction: DESC }, take: 5')).items.map(
      (i) => i.code,
    );
    expect(byCode.length).toBeGreaterThan(1);
    expect(byCode).toEqual([...byCode].sort().reverse());
    const page2 = ok(
      await t.gql<{
        stateFunctions: Page<{ code: string }> & { skip: number; take: number; hasNextPage: boolean };
      }>(
        `{ stateFunctions(skip: 2, take: 2, filter: { sector: "education" }) { totalCount skip take hasNextPage items { code } } }`,
      ),
    ).stateFunctions;
    expect(page2.skip).toBe(2);
    expect(page2.items.length).toBeLessThanOrEqual(2);
    expect(page2.hasNextPage).toBe(page2.totalCount > 4);
  });

  it('tags with controlled vocabularies and untags', async () => {
    ok(
      await t.gql(`mutation { createTagVocabulary(input: { code: "priority", name: "Приоритет пересмотра" }) { id } }`),
    );
    ok(
      await t.gql(`mutation { createTag(input: { vocabulary: "priority", value: "high", label: "Высокий" }) { id } }`),
    );
    const fn = ok(
      await t.gql<{ createStateFunction: Fn }>(CREATE, {
        input: { titleRu: 'организует конкурсы', holderId: ministryId },
      }),
    ).createStateFunction;
    const unknownTerm = await t.gql(
      `mutation { tagStateFunction(input: { functionId: "${fn.id}", tags: [{ vocabulary: "priority", value: "urgent" }] }) { id } }`,
    );
    expect(unknownTerm.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tagged = ok(
      await t.gql<{ tagStateFunction: Pick<Fn, 'tags'> }>(
        `mutation { tagStateFunction(input: { functionId: "${fn.id}", tags: [{ vocabulary: "priority", value: "high" }, { value: "конкурсы" }] }) { tags { value vocabulary { code } } } }`,
      ),
    ).tagStateFunction;
    expect(tagged.tags).toEqual([
      { value: 'high', vocabulary: { code: 'priority' } },
      { value: 'конкурсы', vocabulary: null },
    ]);
    const filtered = ok(
      await t.gql<{ stateFunctions: { items: { id: string }[] } }>(
        `{ stateFunctions(filter: { tag: { vocabulary: "priority", value: "high" } }) { items { id } } }`,
      ),
    ).stateFunctions;
    expect(filtered.items).toEqual([{ id: fn.id }]);
    const untagged = ok(
      await t.gql<{ untagStateFunction: { tags: { value: string }[] } }>(
        `mutation { untagStateFunction(input: { functionId: "${fn.id}", tags: [{ value: "конкурсы" }] }) { tags { value } } }`,
      ),
    ).untagStateFunction;
    expect(untagged.tags).toEqual([{ value: 'high' }]);
  });

  it('attaches and detaches legal basis, archives and hides archived functions', async () => {
    const fn = ok(
      await t.gql<{ createStateFunction: Fn }>(CREATE, {
        input: { titleRu: 'утверждает типовые учебные планы', holderId: ministryId },
      }),
    ).createStateFunction;
    const basis = ok(
      await t.gql<{
        attachLegalBasis: { id: string; quote: string; act: { number: string; adoptedOn: string; actType: string } };
      }>(
        `mutation { attachLegalBasis(input: { functionId: "${fn.id}", legalActId: "${actId}", article: "5", clause: "5.6", quote: "утверждает типовые учебные планы" }) { id quote act { number adoptedOn actType } } }`,
      ),
    ).attachLegalBasis;
    expect(basis.act).toEqual({ number: '319-III', adoptedOn: '2007-07-27', actType: 'LAW' });
    expect(
      ok(await t.gql<{ detachLegalBasis: boolean }>(`mutation { detachLegalBasis(id: "${basis.id}") }`))
        .detachLegalBasis,
    ).toBe(true);
    const archived = ok(
      await t.gql<{ archiveStateFunction: { archivedAt: string | null } }>(
        `mutation { archiveStateFunction(id: "${fn.id}") { archivedAt } }`,
      ),
    ).archiveStateFunction;
    expect(archived.archivedAt).toBeTruthy();
    const active = ok(
      await t.gql<{ stateFunctions: { items: { id: string }[] } }>(`{ stateFunctions(take: 100) { items { id } } }`),
    ).stateFunctions.items.map((i) => i.id);
    expect(active).not.toContain(fn.id);
    const all = ok(
      await t.gql<{ stateFunctions: { items: { id: string }[] } }>(
        `{ stateFunctions(take: 100, filter: { includeArchived: true }) { items { id } } }`,
      ),
    ).stateFunctions.items.map((i) => i.id);
    expect(all).toContain(fn.id);
  });

  it('keeps agencies consistent: hierarchy without cycles, optimistic updates', async () => {
    const cyc = await t.gql(
      `mutation { updateAgency(input: { id: "${ministryId}", parentId: "${committeeId}" }) { id } }`,
    );
    expect(cyc.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const agency = ok(
      await t.gql<{ agency: { version: number; subordinates: { code: string }[]; parent: { code: string } | null } }>(
        `{ agency(code: "T-MIN") { version subordinates { code } parent { code } } }`,
      ),
    ).agency;
    expect(agency.subordinates).toEqual([{ code: 'T-COM' }]);
    const updated = ok(
      await t.gql<{ updateAgency: { version: number; nameKk: string } }>(
        `mutation { updateAgency(input: { id: "${ministryId}", version: ${agency.version}, nameKk: "Сынақ министрлігі" }) { version nameKk } }`,
      ),
    ).updateAgency;
    expect(updated).toEqual({ version: agency.version + 1, nameKk: 'Сынақ министрлігі' });
    const stale = await t.gql(
      `mutation { updateAgency(input: { id: "${ministryId}", version: ${agency.version}, nameEn: "x" }) { version } }`,
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('serves the reference data: territories, central bodies and budget classifications', async () => {
    const top = ok(
      await t.gql<{ territories: { kind: string; nameRu: string; children: { kato: string; kind: string }[] }[] }>(
        `{ territories { kind nameRu children { kato kind } } }`,
      ),
    ).territories;
    expect(top).toHaveLength(1);
    expect(top[0].kind).toBe('REPUBLIC');
    expect(top[0].children).toHaveLength(20);
    expect(
      ok(
        await t.gql<{ territory: { kind: string; parent: { kind: string } | null } }>(
          `{ territory(kato: "750000000") { kind parent { kind } } }`,
        ),
      ).territory,
    ).toEqual({
      kind: 'CITY_REP',
      parent: { kind: 'REPUBLIC' },
    });
    const gov = ok(
      await t.gql<{ agency: { kind: string; collegial: boolean; level: string } }>(
        `{ agency(code: "KZ-GOV") { kind collegial level } }`,
      ),
    ).agency;
    expect(gov).toEqual({ kind: 'GOVERNMENT', collegial: true, level: 'CENTRAL' });
    const groups = ok(
      await t.gql<{ classificationCodes: { code: string; mapsTo: string[] }[] }>(
        `{ classificationCodes(scheme: KZ_FUNCTIONAL) { code mapsTo } }`,
      ),
    ).classificationCodes;
    expect(groups).toHaveLength(15);
    expect(groups[0].mapsTo.length).toBeGreaterThan(0);
    expect(
      ok(
        await t.gql<{ classificationCodes: { code: string }[] }>(
          `{ classificationCodes(scheme: COFOG, parentCode: "07") { code } }`,
        ),
      ).classificationCodes.length,
    ).toBeGreaterThan(3);
  });
});
