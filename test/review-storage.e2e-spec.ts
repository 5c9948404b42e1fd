import { runMigrations, undoLastMigration } from '../libs/core/src/index.js';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ImportService } from '../libs/registry/src/index.js';
import {
  loadReviewFunctions,
  reviewIntoSpool,
  reviewPairPartition,
  ReviewRunService,
  runPartition,
  runReview,
} from '../libs/review/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const RUN_TABLES = ['review_pair', 'review_text_pair', 'review_group_member', 'review_cluster_member'] as const;
const CLI = join(import.meta.dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const server = !!process.env.REGISTRY_TEST_SERVER && process.env.TEST_EMBEDDED !== '1';
const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');
const PAIRS = `query($run: ID, $skip: Int) { duplicatePairs(runId: $run, take: 100, skip: $skip, filter: { reviewStatuses: [OPEN, CONFIRMED, DISMISSED] }) {
  totalCount items { id band axis score alsoReplicated reasons { code text params } a { id externalId } b { id externalId } } } }`;
interface StoredPair {
  id: string;
  band: string;
  axis: string;
  score: number;
  alsoReplicated: number;
  reasons: { code: string; text: string; params?: unknown }[];
  a: { id: string; externalId: string };
  b: { id: string; externalId: string };
}
interface Page<I> {
  totalCount: number;
  items: I[];
}
interface ControlPile {
  sphere: string[];
  holders: number;
  functions: { id: string; type: string; holder: { code: string } }[];
}

/**
 * How a run's findings are kept: the evidence of each pair of statements once, each finding as a
 * narrow row in the run's own partition, and reasons completed when read.
 */
describe('stored review findings', () => {
  let t: TestApp;
  let runs: ReviewRunService;
  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
    runs = t.get(ReviewRunService);
  });
  afterAll(() => t?.close());

  const allPairs = async (run: string) => {
    const items: StoredPair[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = ok(await t.gql<{ duplicatePairs: Page<StoredPair> }>(PAIRS, { run, skip })).duplicatePairs;
      items.push(...page.items);
      if (items.length >= page.totalCount) return items;
    }
  };
  const key = (a: string, b: string) => [a, b].sort().join('|');

  it('stores every finding of the engine, with the reasons the engine gives', async () => {
    const run = await runs.start({}, {});
    const finished = await runs.execute(run);
    expect(finished?.run.status).toBe('SUCCEEDED');

    const engine = runReview(await loadReviewFunctions(t.ds, {}));
    const expected = new Map(engine.pairs.map((p) => [key(p.a.externalId, p.b.externalId), p]));
    const stored = await allPairs(run.id);
    expect(stored.length).toBe(engine.pairs.length);
    for (const s of stored) {
      const e = expected.get(key(s.a.externalId, s.b.externalId));
      expect(e).toBeDefined();
      expect({ band: s.band, axis: s.axis, score: s.score, also: s.alsoReplicated }).toEqual({
        band: e!.band,
        axis: e!.axis,
        score: e!.score,
        also: e!.alsoReplicatedBy,
      });
      // HOLDERS names the two holders in the order the pair is read; everything else reads the same.
      const withoutHolders = (reasons: { code: string; text: string; params?: unknown }[]) =>
        reasons.filter((r) => r.code !== 'HOLDERS');
      expect(withoutHolders(s.reasons)).toEqual(withoutHolders(e!.reasons));
      expect(s.reasons.map((r) => r.code)).toContain('HOLDERS');
    }

    // One row of evidence per pair of statements, and every finding points at one.
    const [{ statements, findings, referenced }] = await t.ds.query<
      { statements: number; findings: number; referenced: number }[]
    >(
      `SELECT (SELECT count(*)::int FROM review_text_pair WHERE run_id = $1) AS statements,
              (SELECT count(*)::int FROM review_pair WHERE run_id = $1) AS findings,
              (SELECT count(DISTINCT text_pair)::int FROM review_pair p WHERE run_id = $1
                 AND EXISTS (SELECT 1 FROM review_text_pair t WHERE t.run_id = p.run_id AND t.no = p.text_pair)) AS referenced`,
      [run.id],
    );
    expect(findings).toBe(engine.pairs.length);
    expect(statements).toBe(finished!.result.statementPairs);
    // Every finding of one pair of statements shares its row of evidence (the demo's ministries state
    // some statements together, one finding each; replicated registries share more).
    expect(statements).toBeLessThanOrEqual(findings);
    expect(referenced).toBe(statements);
    // The evidence keeps what its reasons are worded from, and the wording above came from it.
    const [{ worded }] = await t.ds.query<{ worded: number }[]>(
      `SELECT count(*)::int AS worded FROM review_text_pair t, jsonb_array_elements(t.reasons) r
        WHERE t.run_id = $1 AND r ? 'text'`,
      [run.id],
    );
    expect(worded).toBe(0);

    // Every cluster the engine made, member for member, numbered in the engine's order.
    const members = await t.ds.query<{ no: number; ids: string[] }[]>(
      `SELECT cluster_no AS no, array_agg(function_id::text ORDER BY function_id) AS ids
         FROM review_cluster_member WHERE run_id = $1 GROUP BY cluster_no ORDER BY cluster_no`,
      [run.id],
    );
    expect(engine.clusters.length).toBeGreaterThan(0);
    expect(members).toEqual(engine.clusters.map((c, i) => ({ no: i + 1, ids: c.map((f) => f.id).sort() })));
  });

  it('stores control piles that are the groups its control findings across holders make', async () => {
    const run = await runs.start({}, {});
    const finished = await runs.execute(run);
    // The groups worked out again from the stored findings, in SQL and a union-find of our own.
    const edges: { a: string; b: string }[] = await t.ds.query(
      `SELECT p.function_a AS a, p.function_b AS b FROM review_pair p
       JOIN state_function fa ON fa.id = p.function_a JOIN state_function fb ON fb.id = p.function_b
       WHERE p.run_id = $1 AND fa.type = 'CONTROL' AND fb.type = 'CONTROL' AND fa.holder_id <> fb.holder_id`,
      [run.id],
    );
    expect(edges.length).toBeGreaterThan(0);
    const parent = new Map<string, string>();
    const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
    for (const { a, b } of edges) {
      for (const f of [a, b]) if (!parent.has(f)) parent.set(f, f);
      parent.set(find(a), find(b));
    }
    const groups = new Map<string, string[]>();
    for (const f of parent.keys()) groups.set(find(f), [...(groups.get(find(f)) ?? []), f]);
    const expected = [...groups.values()].map((g) => g.sort().join()).sort();

    const piles = ok(
      await t.gql<{ controlPiles: Page<ControlPile> }>(
        `query($run: ID) { controlPiles(runId: $run, take: 100) { totalCount items { sphere holders functions { id type holder { code } } } } }`,
        { run: run.id },
      ),
    ).controlPiles;
    expect(piles.totalCount).toBe(finished!.result.controlPiles.length);
    expect(
      piles.items
        .map((p) =>
          p.functions
            .map((f) => f.id)
            .sort()
            .join(),
        )
        .sort(),
    ).toEqual(expected);
    for (const p of piles.items) {
      expect(p.holders).toBe(new Set(p.functions.map((f) => f.holder.code)).size);
      expect(p.sphere.length).toBeGreaterThan(0);
    }
  });

  it('keeps each run in partitions of its own (findings, pairs of statements, group members, cluster members), indexed like their tables', async () => {
    const run = await runs.start({}, {});
    await runs.execute(run);
    for (const table of RUN_TABLES) {
      const [{ parent, indexes }] = await t.ds.query<{ parent: string; indexes: string[] }[]>(
        `SELECT i.inhparent::regclass::text AS parent,
                (SELECT array_agg(x.indisunique::text || ' ' || x.indkey::text ORDER BY x.indkey::text)
                   FROM pg_index x WHERE x.indrelid = $1::regclass) AS indexes
         FROM pg_inherits i WHERE i.inhrelid = $1::regclass`,
        [runPartition(table, run.id)],
      );
      expect(parent).toBe(table);
      const [declared] = await t.ds.query<{ indexes: string[] }[]>(
        `SELECT array_agg(indisunique::text || ' ' || indkey::text ORDER BY indkey::text) AS indexes
           FROM pg_index WHERE indrelid = $1::regclass`,
        [table],
      );
      expect(indexes).toEqual(declared.indexes);
    }
  });

  it('leaves nothing behind when the store fails', async () => {
    const run = await runs.start({}, {});
    const broken = await runs.execute(
      run,
      () => {},
      async (source, options, files, flushed) => {
        const result = reviewIntoSpool(await source.load(), options, files, undefined, flushed);
        writeFileSync(files.findings, '1\tnot-a-uuid\tnot-a-uuid\tDUPLICATE\tVERTICAL\t1\t1\t0\t\\N\t\\N\n', {
          flag: 'a',
        });
        flushed?.('findings', statSync(files.findings).size);
        return result;
      },
    );
    expect(broken).toBeUndefined();
    const stored = await runs.get(run.id);
    expect(stored.status).toBe('FAILED');
    expect(stored.error).toMatch(/uuid/);
    const [{ tables, statements }] = await t.ds.query<{ tables: number; statements: number }[]>(
      `SELECT (SELECT count(*)::int FROM pg_class WHERE relname = $2) AS tables,
              (SELECT count(*)::int FROM review_text_pair WHERE run_id = $1) AS statements`,
      [run.id, reviewPairPartition(run.id)],
    );
    expect({ tables, statements }).toEqual({ tables: 0, statements: 0 });
  });

  it('refuses a run whose tables would not hold every finding the engine counted', async () => {
    const run = await runs.start({}, {});
    const short = await runs.execute(
      run,
      () => {},
      async (source, options, files, flushed) => {
        const result = reviewIntoSpool(await source.load(), options, files, undefined, flushed);
        return { ...result, findings: result.findings + 1 };
      },
    );
    expect(short).toBeUndefined();
    expect((await runs.get(run.id)).error).toMatch(/^review_pair: \d+ rows loaded of the \d+ the engine wrote$/);
    expect(
      await t.ds.query(`SELECT relname FROM pg_class WHERE relname LIKE '%' || $1`, [run.id.replace(/-/g, '')]),
    ).toEqual([]);
  });

  it('rolls back the findings loaded so far when the engine fails after writing some', async () => {
    const run = await runs.start({}, {});
    const failed = await runs.execute(
      run,
      () => {},
      async (source, options, files, flushed) => {
        reviewIntoSpool(await source.load(), options, files, undefined, flushed);
        throw new Error('the engine stopped half-way');
      },
    );
    expect(failed).toBeUndefined();
    expect((await runs.get(run.id)).error).toBe('the engine stopped half-way');
    const [{ tables }] = await t.ds.query<{ tables: number }[]>(
      `SELECT count(*)::int AS tables FROM pg_class WHERE relname LIKE '%' || $1`,
      [run.id.replace(/-/g, '')],
    );
    expect(tables).toBe(0);
  });

  // The built command line runs the engine in a worker thread that reads the registry itself, while
  // the findings it has written are loaded into the database on connections of their own.
  (server ? it : it.skip)(
    'stores from the command line, the engine in a thread of its own, the same run as in one thread',
    async () => {
      const here = await runs.start({}, {});
      await runs.execute(here);
      const { stderr } = await promisify(execFile)(process.execPath, [CLI, 'review', 'run'], {
        env: { ...process.env, DATABASE_URL: t.db.url!, NODE_ENV: 'test' },
      });
      const [, there] = /run ([0-9a-f-]{36}): /.exec(stderr) ?? [];
      expect((await runs.get(there)).status).toBe('SUCCEEDED');
      const digest = (items: StoredPair[]) =>
        items
          .map((p) => `${key(p.a.externalId, p.b.externalId)} ${p.band} ${p.axis} ${p.score} ${p.alsoReplicated}`)
          .sort();
      expect(digest(await allPairs(there))).toEqual(digest(await allPairs(here.id)));
      const counts = (id: string) =>
        t.ds.query<{ statements: number; groups: number; members: number; piles: number }[]>(
          `SELECT (SELECT count(*)::int FROM review_text_pair WHERE run_id = $1) AS statements,
                  (SELECT count(*)::int FROM review_group_member WHERE run_id = $1) AS groups,
                  (SELECT count(*)::int FROM review_cluster_member WHERE run_id = $1) AS members,
                  (SELECT count(*)::int FROM review_pile_member WHERE run_id = $1) AS piles`,
          [id],
        );
      const [mine] = await counts(here.id);
      expect(mine.members).toBeGreaterThan(0);
      expect(await counts(there)).toEqual([mine]);
    },
  );

  it('deletes a finished run with its partition and everything it found, and refuses a running one', async () => {
    const run = await runs.start({}, {});
    await expect(runs.remove(run.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await runs.execute(run);
    await runs.remove(run.id);
    const [left] = await t.ds.query<Record<string, number>[]>(
      `SELECT (SELECT count(*)::int FROM pg_class WHERE relname = ANY($2)) AS tables,
              (SELECT count(*)::int FROM review_text_pair WHERE run_id = $1) AS statements,
              (SELECT count(*)::int FROM review_cluster_member WHERE run_id = $1) AS members,
              (SELECT count(*)::int FROM review_control_pile WHERE run_id = $1) AS piles,
              (SELECT count(*)::int FROM review_run WHERE id = $1) AS runs`,
      [run.id, RUN_TABLES.map((table) => runPartition(table, run.id))],
    );
    expect(left).toEqual({ tables: 0, statements: 0, members: 0, piles: 0, runs: 0 });
  });

  it('prunes failed and older runs but keeps the latest review of the whole registry', async () => {
    for (const id of (await t.ds.query<{ id: string }[]>(`SELECT id FROM review_run`)).map((r) => r.id))
      await runs.remove(id);
    const full = await runs.start({}, {});
    await runs.execute(full);
    const failed = await runs.start({}, {});
    await t.ds.query(`UPDATE review_run SET status = 'FAILED', finished_at = now() WHERE id = $1`, [failed.id]);
    const scoped = await runs.start({ sectors: ['education'] }, {});
    await runs.execute(scoped);

    expect((await runs.prune(1)).sort()).toEqual([failed.id]);
    // Keeping none still keeps what queries read when they name no run.
    expect(await runs.prune(0)).toEqual([scoped.id]);
    expect((await t.ds.query<{ id: string }[]>(`SELECT id FROM review_run`)).map((r) => r.id)).toEqual([full.id]);
    expect(
      ok(await t.gql<{ duplicatePairs: { totalCount: number } }>(`{ duplicatePairs(take: 1) { totalCount } }`))
        .duplicatePairs.totalCount,
    ).toBeGreaterThan(0);
    // Ids are accepted in any case, as PostgreSQL reads them.
    await expect(runs.remove(full.id.toUpperCase())).resolves.toBeUndefined();
    expect(await t.ds.query(`SELECT id FROM review_run`)).toEqual([]);
  });

  it('carries stored runs over the migration and back', async () => {
    const run = await runs.start({}, {});
    await runs.execute(run);
    const before = await allPairs(run.id);
    const [{ membersBefore }] = await t.ds.query<{ membersBefore: number }[]>(
      `SELECT count(*)::int AS "membersBefore" FROM review_cluster_member WHERE run_id = $1`,
      [run.id],
    );
    expect(membersBefore).toBeGreaterThan(0);
    const digest = (items: StoredPair[]) =>
      items
        .map(
          (p) =>
            `${key(p.a.externalId, p.b.externalId)} ${p.band} ${p.axis} ${p.score} ${p.alsoReplicated} ${p.reasons
              .map((r) => r.code)
              .sort()
              .join(',')}`,
        )
        .sort();

    // Back to before findings were kept by statement pair; later migrations are undone first.
    for (;;) {
      const name = await undoLastMigration(t.ds);
      if (name === 'ReviewFindingsByStatementPair1764900000000') break;
    }
    const [{ flat }] = await t.ds.query<{ flat: number }[]>(
      `SELECT count(*)::int AS flat FROM review_pair WHERE run_id = $1 AND jsonb_array_length(reasons) > 0`,
      [run.id],
    );
    expect(flat).toBe(before.length);

    await runMigrations(t.ds);
    const after = await allPairs(run.id);
    expect(digest(after)).toEqual(digest(before));
    const [{ members }] = await t.ds.query<{ members: number }[]>(
      `SELECT count(*)::int AS members FROM review_cluster_member WHERE run_id = $1`,
      [run.id],
    );
    expect(members).toBe(membersBefore);
  });
});
