import { createTestApp, ok, TestApp } from './utils/test-app.js';

interface Problem {
  code?: unknown;
  fields?: { field: string; messages: string[] }[];
  message: string;
}

/** Inputs a careless user or a prober sends get BAD_USER_INPUT with a message, never an internal error. */
describe('bad input', () => {
  let t: TestApp;
  let agencyId: string;
  let functionId: string;
  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
    const data = ok(
      await t.gql<{ agencies: { items: { id: string }[] }; stateFunctions: { items: { id: string }[] } }>(
        `{ agencies(take: 1) { items { id } } stateFunctions(take: 1) { items { id } } }`,
      ),
    );
    agencyId = data.agencies.items[0].id;
    functionId = data.stateFunctions.items[0].id;
  });
  afterAll(() => t?.close());

  const problem = async (query: string, variables?: Record<string, unknown>): Promise<Problem> => {
    const res = await t.gql<unknown>(query, variables);
    expect(res.errors?.length).toBeGreaterThan(0);
    const e = res.errors![0];
    return { code: e.extensions?.code, fields: e.extensions?.fields, message: e.message };
  };

  const programme = async (code: string): Promise<string> =>
    ok(
      await t.gql<{ createBudgetProgramme: { id: string } }>(
        `mutation($input: CreateBudgetProgrammeInput!) { createBudgetProgramme(input: $input) { id } }`,
        { input: { administratorId: agencyId, budgetLevel: 'REPUBLICAN', code, nameRu: `Программа ${code}` } },
      ),
    ).createBudgetProgramme.id;

  it('refuses decimals in exponent form with the number of places allowed', async () => {
    const programmeId = await programme('901');
    const set = await problem(
      `mutation($input: SetBudgetExpenditureInput!) { setBudgetExpenditure(input: $input) { year } }`,
      { input: { programmeId, year: 2026, planned: 1e-7 } },
    );
    expect(set.code).toBe('BAD_USER_INPUT');
    expect(set.message).toMatch(/planned must have at most 2 decimal places/);
    const link = await problem(
      `mutation($input: LinkBudgetExpenditureInput!) { linkBudgetExpenditure(input: $input) { id } }`,
      { input: { programmeId, functionId, year: 2026, sharePercent: 1e-7 } },
    );
    expect(link.code).toBe('BAD_USER_INPUT');
    expect(link.message).toMatch(/sharePercent must have at most 4 decimal places/);
  });

  it('refuses the NUL character in any string, naming where it is', async () => {
    const run = await problem(`mutation($input: StartReviewRunInput) { startReviewRun(input: $input) { id } }`, {
      input: { scope: { sectors: ['образование', 'a\u0000b'] } },
    });
    expect(run.code).toBe('BAD_USER_INPUT');
    expect(run.fields?.[0].field).toBe('$input.scope.sectors[1]');
    const team = await problem(
      `mutation { createReviewCampaign(input: { code: "C-NUL", title: "x", startsOn: "2026-01-01", endsOn: "2026-12-31", team: [{ name: "a\\u0000", role: "lead" }] }) { id } }`,
    );
    expect(team.code).toBe('BAD_USER_INPUT');
    expect(team.message).toMatch(/NUL character/);
    // The client's mistake, so HTTP 400 (not 500: it is refused before anything runs).
    const raw = await t
      .http()
      .post('/graphql')
      .set(await t.auth())
      .send({
        query: `query($q: String) { stateFunctions(filter: { search: $q }) { totalCount } }`,
        variables: { q: 'a\u0000' },
      });
    expect(raw.status).toBe(400);
  });

  it('refuses dates outside the years a registry can mean', async () => {
    const act = await problem(
      `mutation { createLegalAct(input: { title: "Закон Республики Казахстан № 1-I", adoptedOn: "1000-01-01" }) { id } }`,
    );
    expect(act.code).toBe('BAD_USER_INPUT');
    expect(act.message).toMatch(/adoptedOn must be a date in the years 1900 to 2099/);
    const campaign = await problem(
      `mutation { createReviewCampaign(input: { code: "C-1000", title: "x", startsOn: "1000-01-01", endsOn: "2026-12-31" }) { id } }`,
    );
    expect(campaign.message).toMatch(/startsOn must be a date in the years 1900 to 2099/);
  });

  it('refuses a limit out of range instead of clamping it', async () => {
    const check = `query($limit: Int!, $holder: ID!) {
      checkProposedFunction(input: { title: "организует обучение", holderId: $holder }, limit: $limit) { score } }`;
    for (const limit of [-1, 0, 101]) {
      const r = await problem(check, { limit, holder: agencyId });
      expect(r.code).toBe('BAD_USER_INPUT');
      expect(r.message).toMatch(/limit: must be a whole number from 1 to 100/);
    }
    // Ten million is refused by its cost before the argument is even read.
    expect((await problem(check, { limit: 10_000_000, holder: agencyId })).code).toBe('QUERY_TOO_COMPLEX');
    const fine = await t.gql<{ checkProposedFunction: unknown[] }>(check, { limit: 5, holder: agencyId });
    expect(ok(fine).checkProposedFunction.length).toBeLessThanOrEqual(5);
  });

  it('takes % and _ in a programme search literally', async () => {
    await programme('1_0');
    await programme('150');
    const search = async (s: string) =>
      ok(
        await t.gql<{ budgetProgrammes: { items: { code: string }[] } }>(
          `query($s: String!) { budgetProgrammes(filter: { search: $s }, take: 100) { items { code } } }`,
          { s },
        ),
      ).budgetProgrammes.items.map((p) => p.code);
    expect(await search('1_0')).toEqual(['1_0']);
    expect(await search('%')).toEqual([]);
  });
});
