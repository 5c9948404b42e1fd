import { createTestApp, GqlResponse, ok, TestApp } from './utils/test-app.js';

/** A record as read back: compared whole, so only the fields the test touches are typed. */
type Row = Record<string, unknown> & { id: string; version: number; status?: string };

/**
 * Update inputs are derived from the create inputs (PartialType/OmitType). The derived types must
 * keep the create rules for a value that is sent, and must not bring the create defaults along:
 * an omitted field has to stay as it is.
 */
describe('update inputs derived from create inputs', () => {
  let t: TestApp;
  let ministryId: string;
  let coExecutorId: string;

  const problems = (res: GqlResponse) => {
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    return res.errors![0].extensions!.fields as { field: string; messages: string[] }[];
  };

  const AGENCY = `id code nameRu nameKk kind level territoryKinds territoryKato collegial parent { code } version`;
  const createAgency = async (input: Record<string, unknown>) =>
    ok(
      await t.gql<{ createAgency: Row }>(
        `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { ${AGENCY} } }`,
        { input },
      ),
    ).createAgency;
  const updateAgency = (input: Record<string, unknown>) =>
    t.gql<{ updateAgency: Row }>(`mutation($input: UpdateAgencyInput!) { updateAgency(input: $input) { ${AGENCY} } }`, {
      input,
    });

  beforeAll(async () => {
    t = await createTestApp();
    ministryId = (
      await createAgency({ code: 'UI-MIN', nameRu: 'Министерство входов', kind: 'MINISTRY', level: 'CENTRAL' })
    ).id;
    coExecutorId = (
      await createAgency({ code: 'UI-COM', nameRu: 'Комитет входов', kind: 'COMMITTEE', level: 'CENTRAL' })
    ).id;
    ok(
      await t.gql(
        `mutation { createLegalAct(input: { title: "Закон Республики Казахстан «Об образовании»", adiletCode: "Z070000319_" }) { id } }`,
      ),
    );
  });
  afterAll(() => t?.close());

  const FUNCTION = `id titleRu titleKk lang description type sector supporting status inForceFrom version
    holder { code } coExecutors { code } tags { value } legalBasis { article act { adiletCode } }`;
  const updateFunction = (input: Record<string, unknown>) =>
    t.gql<{ updateStateFunction: Row }>(
      `mutation($input: UpdateStateFunctionInput!) { updateStateFunction(input: $input) { ${FUNCTION} } }`,
      {
        input,
      },
    );

  it('refuses a bad value in a function update with the create rule, naming the field, and writes nothing', async () => {
    const fn = ok(
      await t.gql<{ createStateFunction: Row }>(
        `mutation($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { ${FUNCTION} } }`,
        {
          input: {
            titleRu: 'ведет учет входных данных',
            holderId: ministryId,
            status: 'ACTIVE',
            type: 'CONTROL',
            description: 'Описание',
            sector: 'education',
            supporting: true,
            inForceFrom: '2025-01-01',
            coExecutorIds: [coExecutorId],
            tags: [{ value: 'входы' }],
          },
        },
      ),
    ).createStateFunction;

    // Inherited from the create input: a UUID for holderId, a known enum for type, at most 100
    // characters of sector; and the update's own rule that a title sent is not blank.
    const fields = problems(
      await updateFunction({ id: fn.id, holderId: 'not-a-uuid', sector: 'x'.repeat(101), titleRu: '  ' }),
    );
    expect(fields.map((f) => f.field).sort()).toEqual(['holderId', 'sector', 'titleRu']);
    expect(fields.find((f) => f.field === 'holderId')?.messages).toEqual(['holderId must be a UUID']);
    expect(fields.find((f) => f.field === 'sector')?.messages).toEqual([
      'sector must be shorter than or equal to 100 characters',
    ]);
    expect(fields.find((f) => f.field === 'titleRu')?.messages).toEqual(
      expect.arrayContaining(['titleRu must not be blank']),
    );
    expect(problems(await updateFunction({ id: fn.id, version: 0 })).map((f) => f.field)).toEqual(['version']);

    const after = ok(
      await t.gql<{ stateFunction: Row }>(`{ stateFunction(id: "${fn.id}") { ${FUNCTION} } }`),
    ).stateFunction;
    expect(after).toEqual(fn);
  });

  it('changes only the fields a function update sends; omitted fields keep their values, not the create defaults', async () => {
    const fn = ok(
      await t.gql<{ createStateFunction: Row }>(
        `mutation($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { ${FUNCTION} } }`,
        {
          input: {
            titleRu: 'организует учет частичных изменений',
            titleKk: 'ішінара өзгерістерді есепке алуды ұйымдастырады',
            holderId: ministryId,
            status: 'ACTIVE',
            type: 'IMPLEMENTING',
            description: 'Описание',
            sector: 'education',
            supporting: false,
            inForceFrom: '2025-01-01',
            coExecutorIds: [coExecutorId],
            legalBasis: [{ adiletCode: 'Z070000319_', article: '5' }],
            tags: [{ value: 'частично' }],
          },
        },
      ),
    ).createStateFunction;
    expect(fn.status).toBe('ACTIVE');

    const updated = ok(await updateFunction({ id: fn.id, version: fn.version, sector: 'science' })).updateStateFunction;
    // status would be DRAFT here if the create input's default had been carried into the update.
    expect(updated).toEqual({ ...fn, sector: 'science', version: fn.version + 1 });

    // null still clears a field, and only that field.
    const cleared = ok(await updateFunction({ id: fn.id, description: null })).updateStateFunction;
    expect(cleared).toEqual({ ...updated, description: null, version: updated.version + 1 });
  });

  it('validates an agency update with the create rules and keeps kind and collegial when omitted', async () => {
    const agency = await createAgency({
      code: 'UI-AKM',
      nameRu: 'Акимат входов',
      kind: 'AKIMAT',
      level: 'REGIONAL',
      territoryKato: '100000000',
      collegial: true,
      parentId: ministryId,
    });

    const fields = problems(await updateAgency({ id: agency.id, territoryKato: '12' }));
    expect(fields).toEqual([{ field: 'territoryKato', messages: ['territoryKato must be a 9-digit KATO code'] }]);

    const updated = ok(
      await updateAgency({ id: agency.id, version: agency.version, nameKk: 'Кіріс әкімдігі' }),
    ).updateAgency;
    // kind and collegial would fall back to OTHER and false if the create defaults applied.
    expect(updated).toEqual({ ...agency, nameKk: 'Кіріс әкімдігі', version: agency.version + 1 });
  });

  it('validates a legal act update with the create rules and keeps its status when omitted', async () => {
    const ACT = `id title actType number adiletCode url status version`;
    const act = ok(
      await t.gql<{ createLegalAct: Row }>(
        `mutation($input: CreateLegalActInput!) { createLegalAct(input: $input) { ${ACT} } }`,
        {
          input: { title: 'Закон о входных данных', adiletCode: 'Z250000001_', status: 'REPEALED' },
        },
      ),
    ).createLegalAct;
    const update = (input: Record<string, unknown>) =>
      t.gql<{ updateLegalAct: Row }>(
        `mutation($input: UpdateLegalActInput!) { updateLegalAct(input: $input) { ${ACT} } }`,
        { input },
      );

    expect(
      problems(await update({ id: act.id, url: 'not a url', adiletCode: '!' }))
        .map((f) => f.field)
        .sort(),
    ).toEqual(['adiletCode', 'url']);
    const updated = ok(await update({ id: act.id, number: '1-VIII' })).updateLegalAct;
    // status would be IN_FORCE if the create default applied.
    expect(updated).toEqual({ ...act, number: '1-VIII', version: act.version + 1 });
  });
});
