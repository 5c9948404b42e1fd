import { ChangeFeed, ResponseCache } from '../libs/core/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const PAGE = `query Page($take: Int!) { stateFunctions(take: $take) { totalCount items { code title holder { code } tags { value } } } }`;
interface PageData {
  stateFunctions: {
    totalCount: number;
    items: { code: string; title: string; holder: { code: string }; tags: { value: string }[] }[];
  };
}

/**
 * Answers to queries are kept until the registry changes, and a change from anywhere (a mutation
 * here, another process writing to the database) shows in the next answer.
 */
const server = !!process.env.REGISTRY_TEST_SERVER && process.env.TEST_EMBEDDED !== '1';
(server ? describe : describe.skip)('response cache on a PostgreSQL server', () => {
  let t: TestApp;
  let cache: ResponseCache;
  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
    cache = t.get(ResponseCache);
    const feed = t.get(ChangeFeed);
    for (let i = 0; i < 50 && !feed.live; i++) await new Promise((r) => setTimeout(r, 100));
    expect(feed.live).toBe(true);
  });
  afterAll(() => t?.close());

  /** Asks until `check` holds: another process's change arrives as a notification, a moment later. */
  const eventually = async <T>(query: string, variables: Record<string, unknown>, check: (data: T) => boolean) => {
    let data!: T;
    for (let i = 0; i < 50; i++) {
      data = ok(await t.gql<T>(query, variables));
      if (check(data)) return data;
      await new Promise((r) => setTimeout(r, 50));
    }
    return data;
  };

  it('keeps no answer of a live duplicate check, which the database does not hold', async () => {
    const { stateFunctions } = ok(
      await t.gql<{ stateFunctions: { items: { id: string }[] } }>(`{ stateFunctions(take: 1) { items { id } } }`),
    );
    const q = `query($id: ID!) { functionDuplicates(id: $id, limit: 3) { score } }`;
    ok(await t.gql(q, { id: stateFunctions.items[0].id }));
    const hits = cache.hits;
    ok(await t.gql(q, { id: stateFunctions.items[0].id }));
    expect(cache.hits).toBe(hits);
  });

  it('answers a repeated query from the cache with the same bytes, and without touching the database', async () => {
    const first = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: PAGE, variables: { take: 7 } });
    const hits = cache.hits;
    const { result: second, statements } = await t.queries.measure(async () =>
      t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: PAGE, variables: { take: 7 } }),
    );
    expect(cache.hits).toBe(hits + 1);
    expect(statements).toEqual([]);
    expect(second.text).toBe(first.text);
    expect(second.headers['content-type']).toMatch(/application\/json/);
    // Other variables are another answer.
    const other = ok(await t.gql<PageData>(PAGE, { take: 3 })).stateFunctions;
    expect(other.items).toHaveLength(3);
    expect(cache.hits).toBe(hits + 1);
  });

  it('shows a mutation in the next answer', async () => {
    const before = ok(await t.gql<PageData>(PAGE, { take: 1 })).stateFunctions.items[0];
    ok(await t.gql(PAGE, { take: 1 }));
    const [{ id }] = await t.ds.query<{ id: string }[]>(`SELECT id FROM state_function WHERE code = $1`, [before.code]);
    ok(
      await t.gql<{ tagStateFunction: { id: string } }>(
        `mutation($input: TagStateFunctionInput!) { tagStateFunction(input: $input) { id } }`,
        {
          input: { functionId: id, tags: [{ value: 'кэш-проверка' }] },
        },
      ),
    );
    const after = ok(await t.gql<PageData>(PAGE, { take: 1 })).stateFunctions.items[0];
    expect(after.tags.map((x) => x.value)).toContain('кэш-проверка');
  });

  it("shows another process's write once its notification arrives", async () => {
    const first = ok(await t.gql<PageData>(PAGE, { take: 2 })).stateFunctions.items[0];
    ok(await t.gql(PAGE, { take: 2 }));
    // Written on a connection of its own, as another API replica or the import command would.
    await t.ds.query(`UPDATE state_function SET title_ru = title_ru || ' (изменено)' WHERE code = $1`, [first.code]);
    const after = await eventually<PageData>(PAGE, { take: 2 }, (d) =>
      d.stateFunctions.items[0].title.endsWith('(изменено)'),
    );
    expect(after.stateFunctions.items[0].title).toMatch(/\(изменено\)$/);
  });

  it('never keeps an answer with errors', async () => {
    const query = `query($id: ID!) { stateFunction(id: $id) { code } }`;
    const hits = cache.hits;
    for (let i = 0; i < 2; i++) {
      const res = await t.gql(query, { id: '00000000-0000-0000-0000-000000000000' });
      expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect(cache.hits).toBe(hits);
  });
});
