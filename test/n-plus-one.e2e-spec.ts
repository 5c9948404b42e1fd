import { join } from 'node:path';
import { CountCache } from '../libs/core/src/index.js';
import { ImportService } from '../libs/registry/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const PAGE = `query($take: Int!) { stateFunctions(take: $take) { totalCount items {
  code title type status
  holder { code nameRu level typical parent { code } territory { kato } }
  coExecutors { code }
  task { titleRu } structuralUnit { nameRu } sourceAct { title } template { code }
  legalBasis { article clause act { title adiletCode } }
  tags { value vocabulary { code } }
} } }`;

/** Nested fields load in batches: the statements for a page do not grow with its size. */
/** The part of PAGE's answer the test reads. */
interface Page {
  stateFunctions: { items: { tags: unknown[] }[] };
}

describe('query count for a page of functions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Totals are cached between requests; here every request should count, so both measure the same work.
    t.get(CountCache).ttlMs = 0;
    await t.get(ImportService).importFile(join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl'));
    // Give every function a tag so the tag loaders have work to do.
    await t.ds.query(`INSERT INTO tag (value) VALUES ('образование')`);
    await t.ds.query(`INSERT INTO function_tag (function_id, tag_id) SELECT f.id, t.id FROM state_function f, tag t`);
  });
  afterAll(() => t?.close());

  it('runs a small constant number of statements for 100 functions with all nested fields', async () => {
    const measure = async (take: number) => {
      const { result, statements } = await t.queries.measure(() => t.gql<Page>(PAGE, { take }));
      expect(ok(result).stateFunctions.items).toHaveLength(take);
      return statements;
    };
    const small = await measure(10);
    const large = await measure(100);
    // page + count + holder + parent + co-executor links + co-executors + legal bases with their
    // acts + tags with their links (+ territory and vocabulary when there are any to load)
    expect(large.length).toBeLessThanOrEqual(12);
    expect(large.length).toBe(small.length);
    expect(ok(await t.gql<Page>(PAGE, { take: 100 })).stateFunctions.items[0].tags).toEqual([
      { value: 'образование', vocabulary: null },
    ]);
  });
});
