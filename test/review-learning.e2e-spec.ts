import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ImportService } from '../libs/registry/src/index.js';
import { Role } from '../libs/core/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const DEV_SET = join(FIXTURES, 'dev-functions.jsonl');

interface Pair {
  score: number;
  a: { externalId: string };
  b: { externalId: string };
  reasons: { code: string; text: string }[];
}
type Run = {
  id: string;
  status: string;
  stats: { pairs: number };
  parameters: { model?: { id: string; confirmed: number } };
};

const TRAIN = `mutation { trainReviewModel { id confirmed dismissed trainedBy dropBelow restoreAt weights { feature weight } } }`;
const MODEL = `{ reviewModel { id confirmed dismissed } }`;
const START = `mutation($input: StartReviewRunInput) { startReviewRun(input: $input) { id status } }`;
const RUN = `query($id: ID!) { reviewRun(id: $id) { id status parameters stats } }`;
const PAIRS = `query($runId: ID) { duplicatePairs(runId: $runId, take: 100) { totalCount items { score a { externalId } b { externalId } reasons { code text } } } }`;
const DECIDE = `mutation($input: DecideDuplicatePairInput!) { decideDuplicatePair(input: $input) { id } }`;

/** The review learning from reviewers' decisions, through the API: train, then runs use the model. */
describe('review model learned from decisions', () => {
  let t: TestApp;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
    for (const r of await t.ds.query<{ id: string; external_id: string }[]>(
      `SELECT id, external_id FROM state_function`,
    ))
      ids.set(r.external_id, r.id);
  });
  afterAll(() => t?.close());

  const review = async (input?: Record<string, unknown>): Promise<Run> => {
    const started = ok(await t.gql<{ startReviewRun: Run }>(START, { input })).startReviewRun;
    for (let i = 0; i < 200; i++) {
      const r = ok(await t.gql<{ reviewRun: Run }>(RUN, { id: started.id })).reviewRun;
      if (r.status !== 'RUNNING' && r.status !== 'QUEUED') return r;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the review did not finish');
  };
  const pairs = async (runId: string) =>
    ok(await t.gql<{ duplicatePairs: { totalCount: number; items: Pair[] } }>(PAIRS, { runId })).duplicatePairs;

  it('refuses to train below twenty decisions of either kind, with the figures', async () => {
    const res = await t.gql(TRAIN);
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(res.errors?.[0].message).toMatch(/at least 20 confirmed and 20 dismissed.*there are 0 and 0/);
    expect(ok(await t.gql<{ reviewModel: null }>(MODEL)).reviewModel).toBeNull();
  });

  it('lets reviewers train it, not readers or the public', async () => {
    for (const as of [Role.AUDITOR, Role.BUDGET_PLANNER, 'anonymous'] as const) {
      const res = await t.gql(TRAIN, {}, as);
      expect(res.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
  });

  it('trains on the decisions and runs asked to use it do, saying so in each finding', async () => {
    const plain = await review();
    expect(plain.parameters.model).toBeUndefined();
    const before = await pairs(plain.id);
    // The labelled pairs of the dev set, decided as a review team would.
    const gold = readFileSync(join(FIXTURES, 'dev-gold-pairs.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { a: string; b: string; label: string });
    for (const g of gold)
      ok(
        await t.gql(
          DECIDE,
          {
            input: {
              functionA: ids.get(g.a),
              functionB: ids.get(g.b),
              status: g.label === 'distinct' ? 'DISMISSED' : 'CONFIRMED',
            },
          },
          { subject: 'r.reviewer', roles: [Role.REVIEWER] },
        ),
      );
    const model = ok(
      await t.gql<{
        trainReviewModel: {
          id: string;
          confirmed: number;
          dismissed: number;
          trainedBy: string;
          dropBelow: number;
          restoreAt: number;
          weights: unknown[];
        };
      }>(TRAIN, {}, { subject: 'r.reviewer', roles: [Role.REVIEWER] }),
    ).trainReviewModel;
    expect(model).toMatchObject({ confirmed: 22, dismissed: 29, trainedBy: 'r.reviewer' });
    expect(model.weights.length).toBeGreaterThan(10);
    // These decisions place no line: below any line, more than one in ten of the pairs the rules
    // report were confirmed, and the 11 pairs the rules hold distinct are too few to bring back
    // any (a line needs ten judgements at or above it, half of them confirmations).
    expect([model.dropBelow, model.restoreAt]).toEqual([0, 1]);

    const learned = await review({ useLearnedModel: true });
    expect(learned.parameters.model).toMatchObject({ id: model.id, confirmed: 22 });
    const after = await pairs(learned.id);
    expect(after.items.length).toBeGreaterThan(0);
    for (const p of after.items) expect(p.reasons.map((r) => r.code)).toContain('LEARNED');
    expect(after.items[0].reasons.find((r) => r.code === 'LEARNED')!.text).toMatch(/22 confirmed, 29 dismissed/);
    // So the run reports what the rules report, each pair with the model's chance as its score.
    const key = (p: Pair) => [p.a.externalId, p.b.externalId].sort().join('|');
    expect([after.totalCount, after.items.map(key).sort()]).toEqual([before.totalCount, before.items.map(key).sort()]);

    // Unless asked to use the model, a run goes by the rules alone.
    const rules = await review();
    expect(rules.parameters.model).toBeUndefined();
    // (Dismissed pairs now leave the default list; the run's own count is the engine's.)
    expect(rules.stats.pairs).toBe(plain.stats.pairs);
    expect(learned.stats.pairs).toBe(plain.stats.pairs);
  });

  it('leaves out a stored model trained on other features (an older engine) until it is trained again', async () => {
    await t.ds.query(
      `INSERT INTO review_model (trained_at, trained_by, confirmed, dismissed, data)
       VALUES (now() + interval '1 day', 'old', 3, 3, '{"version":1,"features":["similarity"],"weights":[1,0],"mean":[0],"scale":[1],"confirmed":3,"dismissed":3}')`,
    );
    try {
      const run = await review({ useLearnedModel: true });
      expect(run.status).toBe('SUCCEEDED');
      expect(run.parameters.model).toBeUndefined();
    } finally {
      await t.ds.query(`DELETE FROM review_model WHERE trained_by = 'old'`);
    }
  });
});
