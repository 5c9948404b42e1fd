import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportService } from '../libs/registry/src/index.js';
import { axisOf, loadReviewFunctions, PairRow, ReviewRunService, runReview } from '../libs/review/src/index.js';
import { ReviewQueryService } from '../libs/review/src/run/review-query.service.js';
import { createTestApp, TestApp } from './utils/test-app.js';

const TITLE = 'организует проведение областного конкурса проектов благоустройства сельских населенных пунктов;';
const typical = (code: string) => ({
  code,
  name: `Аким области (типовой) ${code}`,
  kind: 'AKIM',
  level: 'REGIONAL',
  territoryKinds: ['OBLAST'],
  territory: null,
  collegial: false,
  parentCode: null,
});
// Departments of three oblasts, one of them (the first by code) a collegial body: a group whose
// members meet a head on two axes.
const department = (region: string, collegial: boolean) => ({
  code: `D-${region}`,
  name: `Управление благоустройства области ${region}`,
  kind: 'DEPARTMENT',
  level: 'REGIONAL',
  territoryKinds: ['OBLAST'],
  territory: `${region}0000000`,
  collegial,
  parentCode: null,
});
const line = (externalId: string, agency: object) =>
  JSON.stringify({ externalId, title: TITLE, lang: 'ru', type: 'IMPLEMENTING', agency });

/**
 * Several central bodies or typical holders stating a statement are one finding against a group of
 * replicated bodies stating the other: read back from the store, it stands for exactly the pairs the
 * engine lists, even where the group's bodies meet them on different axes.
 */
describe('findings of several holders against a group, stored', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'review-loose-'));
  beforeAll(async () => {
    const file = join(dir, 'registry.jsonl');
    writeFileSync(
      file,
      [
        line('a1', typical('T-AKIM-1')),
        line('a2', typical('T-AKIM-2')),
        line('g1', department('10', true)),
        line('g2', department('11', false)),
        line('g3', department('15', false)),
      ].join('\n') + '\n',
    );
    t = await createTestApp({ seed: 'none' });
    await t.get(ImportService).importFile(file);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back every pair the engine lists', async () => {
    const functions = await loadReviewFunctions(t.ds, {});
    const externalId = new Map(functions.map((f) => [f.id, f.externalId]));
    const key = (a: string, b: string) => [externalId.get(a)!, externalId.get(b)!].sort().join('|');
    const engine = runReview(functions, { expandReplicas: true }).pairs;
    const expanded = engine.map((p) => key(p.a.id, p.b.id));
    // Each pair on its own axis: the collegial department meets the akims as a collegial body and its head.
    for (const p of engine) expect(p.axis).toBe(axisOf(p.a.holder, p.b.holder));
    expect(
      engine
        .filter((p) => p.axis === 'COLLEGIAL_VS_HEAD')
        .map((p) => key(p.a.id, p.b.id))
        .sort(),
    ).toEqual(['a1|g1', 'a2|g1']);
    // Both typical akims against all three departments, and the two akims against each other.
    expect(expanded.sort()).toEqual(['a1|a2', 'a1|g1', 'a1|g2', 'a1|g3', 'a2|g1', 'a2|g2', 'a2|g3'].sort());

    const runs = t.get(ReviewRunService);
    const finished = await runs.execute(await runs.start({}, {}));
    expect(finished?.run.status).toBe('SUCCEEDED');
    const rows = await t.ds.query<
      (Pick<PairRow, 'functionA' | 'functionB' | 'axis'> & {
        runId: string;
        alsoReplicated: number;
        groupA: number | null;
        groupB: number | null;
      })[]
    >(
      `SELECT run_id AS "runId", function_a AS "functionA", function_b AS "functionB", axis,
              also_replicated AS "alsoReplicated", group_a AS "groupA", group_b AS "groupB"
       FROM review_pair WHERE run_id = $1`,
      [finished!.run.id],
    );
    // The akims against the departments of each axis are one finding with a group on each side.
    expect(rows.some((r) => r.groupA !== null && r.groupB !== null && r.alsoReplicated === 3)).toBe(true);
    const derived: string[] = [];
    for (const r of rows) {
      const instances = await t.get(ReviewQueryService).instances(r);
      expect(instances).toHaveLength(1 + r.alsoReplicated);
      for (const x of instances) derived.push(key(x.functionA, x.functionB));
    }
    expect(derived.sort()).toEqual(expanded.sort());
  });
});
