import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportService } from '../libs/registry/src/index.js';
import { loadReviewFunctions, PairRow, ReviewRunService, runReview } from '../libs/review/src/index.js';
import { ReviewQueryService } from '../libs/review/src/run/review-query.service.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

interface StoredRow {
  no: number;
  runId: string;
  functionA: string;
  functionB: string;
  axis: PairRow['axis'];
  band: string;
  score: number;
  alsoReplicated: number;
  groupA: number | null;
  groupB: number | null;
}

/**
 * Replicated findings stored by structure, on a generated registry whose typical functions are
 * replicated over every territory: each stands for its instances, which are worked out when read
 * and must be exactly the pairs the engine expands; filters by agency see every instance.
 */
describe('replicated findings stored by structure', () => {
  let t: TestApp;
  let runId: string;
  let rows: StoredRow[];
  const dir = mkdtempSync(join(tmpdir(), 'review-replication-'));
  beforeAll(async () => {
    const generator = join(import.meta.dirname, '..', 'dist', 'scripts', 'generate-registry.js');
    if (!existsSync(generator)) throw new Error('build first: npm test runs `npm run build` before the tests');
    const file = join(dir, 'registry.jsonl');
    execFileSync(process.execPath, [generator, '--functions', '3000', '--seed', '11', '--out', file], {
      stdio: 'ignore',
    });
    t = await createTestApp({ seed: 'none' });
    await t.get(ImportService).importFile(file);
    const runs = t.get(ReviewRunService);
    const finished = await runs.execute(await runs.start({}, {}));
    expect(finished?.run.status).toBe('SUCCEEDED');
    runId = finished!.run.id;
    rows = await t.ds.query(
      `SELECT no, run_id AS "runId", function_a AS "functionA", function_b AS "functionB", axis, band, score,
              also_replicated AS "alsoReplicated", group_a AS "groupA", group_b AS "groupB"
       FROM review_pair WHERE run_id = $1 ORDER BY no`,
      [runId],
    );
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stands for exactly the pairs the engine expands, worked out when read', async () => {
    const functions = await loadReviewFunctions(t.ds, {});
    const externalId = new Map(functions.map((f) => [f.id, f.externalId]));
    const key = (a: string, b: string) => [externalId.get(a)!, externalId.get(b)!].sort().join('|');
    const expanded = runReview(functions, { expandReplicas: true }).pairs.map((p) => key(p.a.id, p.b.id));

    const replicated = rows.filter((r) => r.groupA !== null || r.groupB !== null);
    expect(replicated.length).toBeGreaterThan(0);
    // Fewer rows than instances by far: a replicated finding is one row.
    expect(rows.length).toBeLessThan(expanded.length / 3);
    const queries = t.get(ReviewQueryService);
    const derived: string[] = [];
    for (const r of rows) {
      const instances = await queries.instances(r);
      expect(instances.length).toBe(1 + r.alsoReplicated);
      expect(instances.map((x) => key(x.functionA, x.functionB))).toContain(key(r.functionA, r.functionB));
      for (const x of instances) derived.push(key(x.functionA, x.functionB));
    }
    expect(derived.sort()).toEqual(expanded.sort());

    // The same over GraphQL, for one finding standing for the most instances.
    const largest = replicated.reduce((x, y) => (y.alsoReplicated > x.alsoReplicated ? y : x));
    type Item = { id: string; alsoReplicated: number; instances: { totalCount: number; items: unknown[] } };
    let page: Item | undefined;
    for (let skip = 0; !page; skip += 100) {
      const items = ok(
        await t.gql<{ duplicatePairs: { items: Item[] } }>(
          `query($run: ID, $min: Float, $skip: Int) { duplicatePairs(runId: $run, take: 100, skip: $skip, sort: "SCORE_ASC",
            filter: { minScore: $min, reviewStatuses: [OPEN, CONFIRMED, DISMISSED] }) {
            items { id alsoReplicated instances(take: 5) { totalCount items { a { id } b { id } } } } } }`,
          { run: runId, min: largest.score, skip },
        ),
      ).duplicatePairs.items;
      if (!items.length) break;
      page = items.find((p) => p.id === `${runId}/${largest.no}`);
    }
    expect(page).toBeDefined();
    expect(page!.instances.totalCount).toBe(largest.alsoReplicated + 1);
    expect(page!.instances.items).toHaveLength(Math.min(5, largest.alsoReplicated + 1));
  });

  it("finds a replicated finding through the agency filter of any body it stands for, not only its own pair's", async () => {
    // A body of a group that is neither function of the finding's own pair.
    const [member] = await t.ds.query<{ no: number; holder: string; score: number }[]>(
      `SELECT p.no, f.holder_id AS holder, p.score FROM review_pair p
       JOIN review_group_member g ON g.run_id = p.run_id AND g.group_no = coalesce(p.group_b, p.group_a)
       JOIN registry_function f ON f.id = g.function_id
       WHERE p.run_id = $1 AND g.function_id NOT IN (p.function_a, p.function_b)
         AND f.holder_id NOT IN (SELECT holder_id FROM registry_function WHERE id IN (p.function_a, p.function_b))
       ORDER BY p.no LIMIT 1`,
      [runId],
    );
    expect(member).toBeDefined();
    const ids: string[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = ok(
        await t.gql<{ duplicatePairs: { totalCount: number; items: { id: string }[] } }>(
          `query($run: ID, $agency: ID, $skip: Int, $min: Float) { duplicatePairs(runId: $run, take: 100, skip: $skip,
            filter: { agencyId: $agency, minScore: $min, reviewStatuses: [OPEN, CONFIRMED, DISMISSED] }) { totalCount items { id } } }`,
          { run: runId, agency: member.holder, skip, min: member.score },
        ),
      ).duplicatePairs;
      ids.push(...page.items.map((p) => p.id));
      if (ids.length >= page.totalCount || !page.items.length) break;
    }
    expect(ids).toContain(`${runId}/${member.no}`);
  });

  it('says, when read, what each finding stands for: bodies of one kind on other territories, or several holders of its statements', async () => {
    const functions = await loadReviewFunctions(t.ds, {});
    const engine = new Map(
      runReview(functions).pairs.map((p) => [
        [p.a.id, p.b.id].sort().join('|'),
        p.reasons.filter((r) => r.code === 'REPLICATED' || r.code === 'STATED_BY_SEVERAL'),
      ]),
    );
    type Item = { a: { id: string }; b: { id: string }; reasons: { code: string; text: string; params: unknown }[] };
    const read: Item[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = ok(
        await t.gql<{ duplicatePairs: { totalCount: number; items: Item[] } }>(
          `query($run: ID, $skip: Int) { duplicatePairs(runId: $run, take: 100, skip: $skip,
            filter: { reviewStatuses: [OPEN, CONFIRMED, DISMISSED] }) { totalCount items { a { id } b { id } reasons { code text params } } } }`,
          { run: runId, skip },
        ),
      ).duplicatePairs;
      read.push(...page.items);
      if (read.length >= page.totalCount || !page.items.length) break;
    }
    expect(read).toHaveLength(rows.length);
    const codes = new Set<string>();
    for (const p of read) {
      const further = p.reasons.filter((r) => r.code === 'REPLICATED' || r.code === 'STATED_BY_SEVERAL');
      expect(further).toEqual(engine.get([p.a.id, p.b.id].sort().join('|')));
      for (const r of further) codes.add(r.code);
    }
    expect([...codes].sort()).toEqual(['REPLICATED', 'STATED_BY_SEVERAL']);
  });

  it('refuses a page of instances out of range', async () => {
    const res = await t.gql(
      `query($run: ID) { duplicatePairs(runId: $run, take: 1) { items { instances(take: 0) { totalCount } } } }`,
      { run: runId },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const negative = await t.gql(
      `query($run: ID) { duplicatePairs(runId: $run, take: 1) { items { instances(skip: -1) { totalCount } } } }`,
      { run: runId },
    );
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('costs each finding whose instances are asked for, so pages of them cannot pile up', async () => {
    const one = `duplicatePairs(runId: $run, take: 100) { items { instances(take: 1) { totalCount } } }`;
    const res = await t.gql(`query($run: ID) { a: ${one} b: ${one} }`, { run: runId });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'query cost' });
    const single = await t.gql(`query($run: ID) { a: ${one} }`, { run: runId });
    expect(single.errors).toBeUndefined();
  });

  it('gives a finding reviewers dismissed no cluster, though one of its functions stays in one through other findings', async () => {
    const functions = await loadReviewFunctions(t.ds, {});
    const partners = new Map<string, number>();
    for (const r of rows.filter((x) => x.band === 'DUPLICATE'))
      for (const id of [r.functionA, r.functionB]) partners.set(id, (partners.get(id) ?? 0) + 1);
    // A duplicate whose function_a is clustered through another finding once it is dismissed, and
    // whose function_b is then in no cluster with it (the engine says which, before the run).
    const clusterOf = (clusters: { id: string }[][], id: string) => clusters.find((c) => c.some((f) => f.id === id));
    const chosen = rows
      .filter((r) => r.band === 'DUPLICATE' && r.alsoReplicated === 0 && partners.get(r.functionA)! > 1)
      .slice(0, 20)
      .find((r) => {
        const { clusters } = runReview(functions, { dismissed: [[r.functionA, r.functionB]] });
        const ofA = clusterOf(clusters, r.functionA);
        return ofA !== undefined && !ofA.some((f) => f.id === r.functionB);
      });
    expect(chosen).toBeDefined();
    ok(
      await t.gql(
        `mutation($a: ID!, $b: ID!) { decideDuplicatePair(input: { functionA: $a, functionB: $b, status: DISMISSED }) { id } }`,
        { a: chosen!.functionA, b: chosen!.functionB },
      ),
    );
    const runs = t.get(ReviewRunService);
    const next = (await runs.execute(await runs.start({}, {})))!.run;
    expect(next.stats).toMatchObject({ dismissals: 1, dismissedLeftOut: 1 });
    const [inCluster]: { cluster_no: number }[] = await t.ds.query(
      `SELECT cluster_no FROM review_cluster_member WHERE run_id = $1 AND function_id = $2`,
      [next.id, chosen!.functionA],
    );
    expect(inCluster).toBeDefined();
    type Item = { clusterNo: number | null; a: { id: string }; b: { id: string } };
    const dismissed = ok(
      await t.gql<{ duplicatePairs: { items: Item[] } }>(
        `query($run: ID) { duplicatePairs(runId: $run, take: 100, filter: { reviewStatuses: [DISMISSED] }) { items { clusterNo a { id } b { id } } } }`,
        { run: next.id },
      ),
    ).duplicatePairs.items;
    expect(dismissed).toHaveLength(1);
    expect(dismissed[0].clusterNo).toBeNull();
  });
});
