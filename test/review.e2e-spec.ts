import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImportService } from '../libs/registry/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');
const run = promisify(execFile);

const START = `mutation { startReviewRun { id status } }`;
const RUN = `query($id: ID!) { reviewRun(id: $id) { status stats timings error } }`;
const PAIRS = `query($filter: DuplicatePairFilter, $take: Int) { duplicatePairs(filter: $filter, take: $take) {
  totalCount items { id band axis score reviewStatus reasons { code text } a { externalId holder { code } } b { externalId holder { code } } } } }`;

interface ReviewRun {
  status: string;
  stats: { functions: number; pairs: number; dismissedLeftOut: number };
  timings: Record<string, number>;
  error: string | null;
}
interface FunctionRef {
  externalId: string;
  holder: { code: string };
}
interface Pair {
  id: string;
  band: string;
  axis: string;
  score: number;
  reviewStatus: string;
  reasons: { code: string; text: string }[];
  a: FunctionRef;
  b: FunctionRef;
}
interface Page<I> {
  totalCount: number;
  items: I[];
}
type IdItems = { items: { id: string }[] };

/** The review engine through the API: runs as jobs, pairs with reasons, decisions, live checks. */
describe('review engine over GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
  });
  afterAll(() => t?.close());

  const review = async () => {
    const started = ok(await t.gql<{ startReviewRun: { id: string; status: string } }>(START)).startReviewRun;
    // Nothing else runs, so the run takes the free place at once.
    expect(started.status).toBe('RUNNING');
    for (let i = 0; i < 100; i++) {
      const r = ok(await t.gql<{ reviewRun: ReviewRun }>(RUN, { id: started.id })).reviewRun;
      if (r.status !== 'RUNNING' && r.status !== 'QUEUED') return r;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the review did not finish');
  };
  const pairs = async (filter: Record<string, unknown> = {}, take = 100) =>
    ok(await t.gql<{ duplicatePairs: Page<Pair> }>(PAIRS, { filter, take })).duplicatePairs;
  const find = (list: Page<Pair>, a: string, b: string) =>
    list.items.find((p) => [p.a.externalId, p.b.externalId].sort().join() === [a, b].sort().join());

  it('runs a review as a job and stores its statistics and timings', async () => {
    const r = await review();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.stats).toMatchObject({ functions: 237 });
    expect(r.stats.pairs).toBeGreaterThan(20);
    expect(Object.keys(r.timings)).toEqual(
      expect.arrayContaining(['load', 'normalise', 'candidates', 'store', 'total']),
    );
  });

  it('answers pairs with both functions, their holders and readable reasons, filtered by axis and band', async () => {
    const all = await pairs();
    expect(all.totalCount).toBeGreaterThan(20);
    const dup = find(all, 'edu_min_5.3', 'edu_mnvo_5-3.1');
    expect(dup).toMatchObject({ band: 'DUPLICATE', axis: 'HORIZONTAL', reviewStatus: 'OPEN' });
    expect(dup?.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['SHARED_TERMS', 'HOLDERS']));
    expect(dup?.reasons.find((r) => r.code === 'SHARED_TERMS')?.text).toMatch(/конституционных/);
    const vertical = await pairs({ axes: ['VERTICAL'], bands: ['DUPLICATE'] });
    expect(vertical.items.length).toBeGreaterThan(0);
    expect(vertical.items.every((p) => p.axis === 'VERTICAL' && p.band === 'DUPLICATE')).toBe(true);
    expect(find(vertical, 'edu_obl_6.2.21', 'edu_dist_6.4.17')).toBeDefined();
    // Oblast and city of republican significance never cover the same territory.
    expect(
      all.items.some(
        (p) =>
          /EDU_OBL|EDU_CRS/.test(p.a.holder.code) &&
          /EDU_OBL|EDU_CRS/.test(p.b.holder.code) &&
          p.a.holder.code !== p.b.holder.code,
      ),
    ).toBe(false);
    const agencyId = ok(await t.gql<{ agency: { id: string } }>(`{ agency(code: "EDU_DIST") { id } }`)).agency.id;
    const district = await pairs({ agencyId });
    expect(district.items.every((p) => p.a.holder.code === 'EDU_DIST' || p.b.holder.code === 'EDU_DIST')).toBe(true);
  });

  it('keeps a dismissed pair dismissed in later runs, until either text changes', async () => {
    const ids = ok(
      await t.gql<{ a: IdItems; b: IdItems }>(
        `{ a: stateFunctions(filter: { search: "edu_obl_6.2.21" }) { items { id } } b: stateFunctions(filter: { search: "edu_dist_6.4.17" }) { items { id } } }`,
      ),
    );
    const [a, b] = [ids.a.items[0].id, ids.b.items[0].id];
    const decided = ok(
      await t.gql<{ decideDuplicatePair: { reviewStatus: string; decisionNote: string | null } }>(
        `mutation { decideDuplicatePair(input: { functionA: "${a}", functionB: "${b}", status: DISMISSED, note: "каждый по своему бюджету" }) { reviewStatus decisionNote } }`,
      ),
    ).decideDuplicatePair;
    expect(decided).toEqual({ reviewStatus: 'DISMISSED', decisionNote: 'каждый по своему бюджету' });
    expect(find(await pairs(), 'edu_obl_6.2.21', 'edu_dist_6.4.17')).toBeUndefined();
    await review();
    expect(find(await pairs(), 'edu_obl_6.2.21', 'edu_dist_6.4.17')).toBeUndefined();
    expect(find(await pairs({ reviewStatuses: ['DISMISSED'] }), 'edu_obl_6.2.21', 'edu_dist_6.4.17')).toBeDefined();
    ok(
      await t.gql<{ updateStateFunction: { version: number } }>(
        `mutation { updateStateFunction(input: { id: "${b}", titleRu: "вносит предложения в маслихат района о льготном проезде обучающихся на общественном транспорте (кроме такси);" }) { version } }`,
      ),
    );
    await review();
    expect(find(await pairs(), 'edu_obl_6.2.21', 'edu_dist_6.4.17')?.reviewStatus).toBe('OPEN');
  });

  it("totals findings from the run's stored counts exactly as a count of every finding would", async () => {
    // Two more decisions, one each way, so that the stored counts need correcting in both directions.
    const open = (await pairs({}, 10)).items;
    const ids = ok(
      await t.gql<{ stateFunctions: { items: { id: string; externalId: string }[] } }>(
        `query($ids: [String!]) { stateFunctions(filter: { externalIds: $ids }, take: 10) { items { id externalId } } }`,
        { ids: [open[0].a.externalId, open[0].b.externalId, open[1].a.externalId, open[1].b.externalId] },
      ),
    ).stateFunctions.items;
    const id = (externalId: string) => ids.find((f) => f.externalId === externalId)!.id;
    for (const [pair, status] of [
      [open[0], 'CONFIRMED'],
      [open[1], 'DISMISSED'],
    ] as const)
      ok(
        await t.gql(
          `mutation($a: ID!, $b: ID!, $s: ReviewStatus!) { decideDuplicatePair(input: { functionA: $a, functionB: $b, status: $s }) { reviewStatus } }`,
          { a: id(pair.a.externalId), b: id(pair.b.externalId), s: status },
        ),
      );
    const filters: Record<string, unknown>[] = [
      {},
      { bands: ['DUPLICATE'] },
      { axes: ['VERTICAL', 'HORIZONTAL'] },
      { bands: ['OVERLAP'], axes: ['WITHIN_AGENCY'] },
      { reviewStatuses: ['DISMISSED'] },
      { reviewStatuses: ['CONFIRMED', 'DISMISSED'] },
      { reviewStatuses: ['OPEN'], bands: ['DUPLICATE'] },
      { reviewStatuses: ['OPEN', 'CONFIRMED', 'DISMISSED'] },
    ];
    let decidedSeen = 0;
    for (const filter of filters) {
      // minScore 0 matches every finding and takes the path that counts them one by one.
      const [fast, counted] = [await pairs(filter, 1), await pairs({ ...filter, minScore: 0 }, 1)];
      expect({ filter, total: fast.totalCount }).toEqual({ filter, total: counted.totalCount });
      if (filter.reviewStatuses && !(filter.reviewStatuses as string[]).includes('OPEN'))
        decidedSeen += fast.totalCount;
    }
    expect(decidedSeen).toBeGreaterThanOrEqual(3);
  });

  it('checks a registered or proposed function live against the registry', async () => {
    const id = ok(
      await t.gql<{ stateFunctions: IdItems }>(
        `{ stateFunctions(filter: { search: "edu_min_5.3" }) { items { id } } }`,
      ),
    ).stateFunctions.items[0].id;
    const live = ok(
      await t.gql<{
        functionDuplicates: {
          band: string;
          axis: string;
          a: { externalId: string };
          b: { externalId: string };
          reasons: { code: string }[];
        }[];
      }>(`{ functionDuplicates(id: "${id}") { band axis a { externalId } b { externalId } reasons { code } } }`),
    ).functionDuplicates;
    expect(live.map((p) => p.b.externalId)).toContain('edu_mnvo_5-3.1');
    const ministry = ok(await t.gql<{ agency: { id: string } }>(`{ agency(code: "EDU_MNVO") { id } }`)).agency.id;
    const proposed = ok(
      await t.gql<{ checkProposedFunction: { band: string; axis: string; score: number; b: FunctionRef }[] }>(
        `query($input: ProposedFunctionInput!) { checkProposedFunction(input: $input) { band axis score b { externalId holder { code } } } }`,
        {
          input: {
            title: 'обеспечивает соблюдение конституционных прав и свобод граждан в области высшего образования',
            holderId: ministry,
          },
        },
      ),
    ).checkProposedFunction;
    expect(proposed.length).toBeGreaterThan(0);
    expect(proposed[0].b.holder.code).toMatch(/EDU_MIN|EDU_MNVO/);
    const unrelated = ok(
      await t.gql<{ checkProposedFunction: { band: string }[] }>(
        `query($input: ProposedFunctionInput!) { checkProposedFunction(input: $input) { band } }`,
        {
          input: { title: 'организует охрану редких видов птиц в заповедниках', holderId: ministry },
        },
      ),
    ).checkProposedFunction;
    expect(unrelated).toEqual([]);
  });

  it('groups duplicates into clusters and reports control functions piled on one sphere', async () => {
    const clusters = ok(
      await t.gql<{ duplicateClusters: Page<{ size: number; functions: { externalId: string }[] }> }>(
        `{ duplicateClusters { totalCount items { size functions { externalId } } } }`,
      ),
    ).duplicateClusters;
    expect(clusters.totalCount).toBeGreaterThan(0);
    expect(clusters.items[0].size).toBe(clusters.items[0].functions.length);
    const piles = ok(
      await t.gql<{ controlPiles: Page<{ holders: number; sphere: string[]; functions: { type: string }[] }> }>(
        `{ controlPiles { totalCount items { holders sphere functions { type } } } }`,
      ),
    ).controlPiles;
    for (const p of piles.items) {
      expect(p.holders).toBeGreaterThan(1);
      expect(p.functions.every((f) => f.type === 'CONTROL')).toBe(true);
    }
  });

  it('leaves a duplicate reviewers dismissed out of the clusters of later runs, and takes it back when withdrawn', async () => {
    const CLUSTERS = `{ duplicateClusters(take: 100) { totalCount items { functions { id externalId } } } }`;
    type Clusters = Page<{ functions: { id: string; externalId: string }[] }>;
    const clusters = async () => ok(await t.gql<{ duplicateClusters: Clusters }>(CLUSTERS)).duplicateClusters;
    const together = (list: Clusters, a: string, b: string) =>
      list.items.some((c) => c.functions.some((f) => f.id === a) && c.functions.some((f) => f.id === b));
    // Decisions of the tests before this one count too.
    const earlier = (await review()).stats.dismissedLeftOut;
    const before = await clusters();
    // A cluster of two is made by one finding between its two functions.
    const pair = before.items.find((c) => c.functions.length === 2)!.functions;
    const [a, b] = pair.map((f) => f.id);
    expect(find(await pairs({ bands: ['DUPLICATE'] }), pair[0].externalId, pair[1].externalId)).toBeDefined();
    const decide = (status: string) =>
      t.gql(
        `mutation($a: ID!, $b: ID!, $s: ReviewStatus!) { decideDuplicatePair(input: { functionA: $a, functionB: $b, status: $s }) { id } }`,
        {
          a,
          b,
          s: status,
        },
      );
    ok(await decide('DISMISSED'));
    const dismissedRun = await review();
    expect(dismissedRun.stats).toMatchObject({ dismissedLeftOut: earlier + 1 });
    const after = await clusters();
    expect(after.totalCount).toBe(before.totalCount - 1);
    expect(together(after, a, b)).toBe(false);
    // The finding is still stored, for reviewers to read back.
    const dismissed = find(await pairs({ reviewStatuses: ['DISMISSED'] }), pair[0].externalId, pair[1].externalId);
    expect(dismissed?.reviewStatus).toBe('DISMISSED');

    ok(await decide('OPEN'));
    expect((await review()).stats).toMatchObject({ dismissedLeftOut: earlier });
    const restored = await clusters();
    expect(restored.totalCount).toBe(before.totalCount);
    expect(together(restored, a, b)).toBe(true);
  });

  it('writes the pairs as JSON Lines from the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-cli-'));
    try {
      const out = join(dir, 'pairs.jsonl');
      const env = { ...process.env, DATABASE_URL: t.db.url ?? '', DATA_DIR: join(dir, 'data') };
      if (!t.db.url)
        await run(
          process.execPath,
          [join(import.meta.dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js'), 'import', DEV_SET],
          { env },
        );
      const res = await run(
        process.execPath,
        [join(import.meta.dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js'), 'review', 'run', '--out', out],
        { env },
      );
      expect(res.stderr).toMatch(/wrote \d+ findings/);
      const lines = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { band: string } & Record<string, unknown>);
      expect(lines.length).toBeGreaterThan(20);
      for (const l of lines) {
        expect(Object.keys(l)).toEqual(expect.arrayContaining(['a', 'b', 'band', 'axis', 'score', 'reasons']));
        expect(['DUPLICATE', 'OVERLAP']).toContain(l.band);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
