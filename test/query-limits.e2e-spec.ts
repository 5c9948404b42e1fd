import { getIntrospectionQuery } from 'graphql';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

interface Refusal {
  code?: unknown;
  limit?: unknown;
  message: string;
}

/**
 * Hostile documents are refused before they run, in milliseconds, with an error that names the
 * limit, while other clients keep being served.
 */
describe('query limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
  });
  afterAll(() => t?.close());

  const refusal = async (query: string, variables?: Record<string, unknown>): Promise<Refusal> => {
    const res = await t.gql<unknown>(query, variables);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    const e = res.errors![0];
    return { code: e.extensions?.code, limit: e.extensions?.limit, message: e.message };
  };

  const nest = (levels: number): string => {
    let inner = 'kato';
    for (let i = 0; i < levels; i++) inner = `kato children { kato parent { ${inner} } }`;
    return `{ territories { ${inner} } }`;
  };

  it('refuses the nested territories probe at once and keeps serving another client meanwhile', async () => {
    const started = performance.now();
    const [probe, page, health] = await Promise.all([
      refusal(nest(10)),
      t.gql<{ stateFunctions: { totalCount: number } }>(`{ stateFunctions(take: 5) { totalCount } }`),
      t.http().get('/health'),
    ]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(probe.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(probe.message).toMatch(/depth limit of 10/);
    expect(ok(page).stateFunctions.totalCount).toBeGreaterThan(0);
    expect(health.status).toBe(200);
  });

  it('refuses a shallow nesting of lists by its cost, naming the limit and the figures', async () => {
    const r = await refusal(nest(3));
    expect(r.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.limit).toBe('query cost');
    expect(r.message).toMatch(/query cost limit of 25000 \(it has \d+\)/);
  });

  it('lets explorers and code generators read the whole schema, which costs no database work', async () => {
    const res = await t.gql<{ __schema: { types: unknown[] } }>(
      getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, oneOf: true }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema.types.length).toBeGreaterThan(100);
    // Each whole schema is priced: fifteen of them in one request (3.6 MB) are refused.
    const flood = `{ ${Array.from({ length: 15 }, (_, i) => `s${i}: __schema { types { name fields { name type { name } } } }`).join(' ')} }`;
    const r = await refusal(flood);
    expect(r.limit).toBe('query cost');
    // Data beside an introspection field is paid for as ever.
    expect((await refusal(`{ __typename ${nest(3).slice(1, -1)} }`)).limit).toBe('query cost');
  });

  it('multiplies a page by its size, from a literal or a variable', async () => {
    const q = `query($take: Int!) { stateFunctions(take: $take) { items { coExecutors { subordinates { subordinates { code } } } } } }`;
    expect((await refusal(q, { take: 100 })).limit).toBe('query cost');
    expect(ok(await t.gql(q, { take: 1 }))).toBeDefined();
    // Costs are remembered per document and variables: the same text with other variables is costed afresh.
    expect((await refusal(q, { take: 100 })).limit).toBe('query cost');
    expect(ok(await t.gql(q, { take: 1 }))).toBeDefined();
  });

  it('refuses an alias flood', async () => {
    const aliases = Array.from(
      { length: 1000 },
      (_, i) => `a${i}: stateFunctions(search: "x", take: 100) { totalCount }`,
    );
    const r = await refusal(`{ ${aliases.join(' ')} }`);
    expect(r.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.message).toMatch(/2000 tokens/);
    const fewer = Array.from({ length: 16 }, (_, i) => `a${i}: territories { kato }`);
    const a = await refusal(`{ ${fewer.join(' ')} }`);
    expect(a.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(a.message).toMatch(/aliases limit of 15/i);
  });

  it('refuses the alias floods of the probes in milliseconds while another client is served', async () => {
    const law = 'Статья 1. Компетенция уполномоченного органа\n1) организует олимпиады;\n'.repeat(14_000);
    expect(Buffer.byteLength(law)).toBeGreaterThan(1_500_000);
    const floods: [string, Record<string, unknown>?][] = [
      [
        `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: stateFunctions(search: "x", take: 100) { totalCount }`).join(' ')} }`,
      ],
      [
        `query($text: String!) { ${Array.from({ length: 50 }, (_, i) => `p${i}: parseLegalText(input: { text: $text }) { drafts { key } }`).join(' ')} }`,
        { text: law },
      ],
      [
        `mutation { ${Array.from({ length: 1000 }, (_, i) => `c${i}: createStateFunction(input: { title: "x", agencyId: "00000000-0000-0000-0000-000000000000" }) { id }`).join(' ')} }`,
      ],
      [`mutation { ${Array.from({ length: 20 }, (_, i) => `r${i}: startReviewRun { id }`).join(' ')} }`],
    ];
    const runsBefore = await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM review_run`);
    const started = performance.now();
    const served = (async () => {
      let answered = 0;
      while (performance.now() - started < 1_000) {
        const page = ok(
          await t.gql<{ stateFunctions: { totalCount: number } }>(`{ stateFunctions(take: 5) { totalCount } }`),
        );
        expect(page.stateFunctions.totalCount).toBeGreaterThan(0);
        answered += 1;
      }
      return answered;
    })();
    const refusals = await Promise.all(floods.map(([query, variables]) => refusal(query, variables)));
    const refusedWithin = performance.now() - started;
    expect(await served).toBeGreaterThan(1);
    expect(refusedWithin).toBeLessThan(2_000);
    for (const r of refusals)
      expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX']).toContain(r.code);
    const runsAfter = await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM review_run`);
    expect(runsAfter[0].n).toBe(runsBefore[0].n);
    expect((await t.http().get('/health')).status).toBe(200);
  });

  it('refuses more than ten writes in one request and writes none of them', async () => {
    const before = ok(await t.gql<{ legalActs: { totalCount: number } }>(`{ legalActs(take: 1) { totalCount } }`));
    const writes = Array.from(
      { length: 11 },
      (_, i) => `w${i}: createLegalAct(input: { title: "Закон Республики Казахстан № ${i}-Z" }) { id }`,
    );
    const r = await refusal(`mutation { ${writes.join(' ')} }`);
    expect(r.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.limit).toBe('mutations per request');
    const after = ok(await t.gql<{ legalActs: { totalCount: number } }>(`{ legalActs(take: 1) { totalCount } }`));
    expect(after.legalActs.totalCount).toBe(before.legalActs.totalCount);
  });

  it('allows one review run per request', async () => {
    const r = await refusal(`mutation { a: startReviewRun { id } b: startReviewRun { id } }`);
    expect(r.limit).toBe('query cost');
    const texts = Array.from({ length: 6 }, (_, i) => `p${i}: parseLegalText(input: { text: "x" }) { drafts { key } }`);
    expect((await refusal(`{ ${texts.join(' ')} }`)).limit).toBe('query cost');
  });

  it('counts mutations hidden in fragments too', async () => {
    const spreads = Array.from({ length: 11 }, (_, i) => `...F${i}`).join(' ');
    const fragments = Array.from(
      { length: 11 },
      (_, i) => `fragment F${i} on Mutation { w${i}: createLegalAct(input: { title: "Закон № ${i}" }) { id } }`,
    ).join(' ');
    const r = await refusal(`mutation { ${spreads} } ${fragments}`);
    expect(r.limit).toBe('mutations per request');
  });

  it('leaves variables of the wrong type to the usual input error', async () => {
    const r = await refusal(`query($take: Int!) { stateFunctions(take: $take) { totalCount } }`, { take: 'many' });
    expect(r.code).toBe('BAD_USER_INPUT');
  });

  it('does not suggest field names to a prober', async () => {
    const r = await refusal(`{ stateFunction { tittle } }`);
    expect(r.message).not.toMatch(/Did you mean/);
  });
});
