import { join } from 'node:path';
import { buildCorpus } from '../engine/corpus.js';
import { DEFAULT_REVIEW_OPTIONS, inExternalIdOrder, meanIdfOf, runReview } from '../engine/engine.js';
import { TextVerdict, verdictsOf } from '../engine/scoring.js';
import { readGold, readInterchange } from '../quality/interchange-records.js';
import { labelledSets } from '../quality/labelled-sets.js';
import { decisionsFromLabels } from './labelled-decisions.js';
import { pairFeatures, FEATURE_NAMES } from './pair-features.js';
import {
  calibrate,
  DROP_BELOW,
  MIN_DECISIONS_EACH,
  MIN_JUDGED,
  PairModel,
  placeLines,
  RESTORE_AT,
  RulesWord,
  rulesWordOf,
} from './pair-model.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures');

describe('learning from reviewers’ decisions', () => {
  const functions = inExternalIdOrder(readInterchange(join(fixtures, 'dev-functions.jsonl')));
  const gold = readGold(join(fixtures, 'dev-gold-pairs.jsonl'));
  const corpus = buildCorpus(functions);
  const meanIdf = meanIdfOf(corpus);
  const index = new Map(functions.map((f, i) => [f.externalId, i]));
  const node = (id: string) => corpus.nodes[corpus.nodeOf[index.get(id)!]];
  const examples = gold.map((g) => ({
    features: pairFeatures(corpus, node(g.a), node(g.b), meanIdf),
    confirmed: g.label !== 'distinct',
  }));

  it('trains a model whose probabilities match the share of confirmed decisions', () => {
    const model = PairModel.train(examples)!;
    expect(model).toBeDefined();
    expect(model.data.confirmed).toBe(22);
    expect(model.data.dismissed).toBe(29);
    expect(model.data.weights).toHaveLength(FEATURE_NAMES.length + 1);
    const p = examples.map((e) => model.probability(e.features));
    for (const x of p) expect(x > 0 && x < 1).toBe(true);
    const mean = p.reduce((s, x) => s + x, 0) / p.length;
    expect(Math.abs(mean - 22 / 51)).toBeLessThan(0.1);
    // The decisions it learned from are mostly reproduced.
    const agree = examples.filter((e, i) => p[i] >= 0.5 === e.confirmed).length;
    expect(agree / examples.length).toBeGreaterThan(0.7);
  });

  it('refuses to learn from too few decisions of either kind', () => {
    const few = [
      ...examples.filter((e) => e.confirmed),
      ...examples.filter((e) => !e.confirmed).slice(0, MIN_DECISIONS_EACH - 1),
    ];
    expect(PairModel.train(few)).toBeUndefined();
    expect(PairModel.train([])).toBeUndefined();
  });

  it('changes what the review reports, and says so in each finding', () => {
    const model = PairModel.train(examples)!;
    const plain = runReview(functions).pairs.map((p) => `${p.a.externalId}|${p.b.externalId}`);
    const learned = runReview(functions, { model }).pairs;
    expect(learned.map((p) => `${p.a.externalId}|${p.b.externalId}`).sort()).not.toEqual(plain.sort());
    for (const p of learned) {
      expect(p.reasons.map((r) => r.code)).toContain('LEARNED');
      expect(p.score).toBeGreaterThanOrEqual(model.dropBelow);
      // Its values say what the text says, for a reader that words it in its own language.
      const reason = p.reasons.find((r) => r.code === 'LEARNED')!;
      expect(['restore', 'drop', 'keep']).toContain(reason.params!.rule);
      expect(Math.abs((reason.params!.percent as number) - p.score * 100)).toBeLessThanOrEqual(1);
      expect(reason.text).toContain(`at ${reason.params!.percent as number}%`);
    }
  });

  it('holds no reasons or key terms of a judged pair: they are written out when read, as the rules do', () => {
    const model = PairModel.train(decisionsFromLabels(functions, gold))!;
    const [a, b] = [node('edu_dist_6.4.17'), node('edu_obl_6.2.21')];
    const rules = verdictsOf(corpus, a, b, DEFAULT_REVIEW_OPTIONS, meanIdf)[0];
    const judged = model.judge(corpus, a, b, rules)!;
    expect(Object.keys(judged)).not.toEqual(expect.arrayContaining(['reasons']));
    expect(Object.keys(judged)).not.toEqual(expect.arrayContaining(['terms']));
    expect(judged.terms).toEqual(rules.terms);
    expect(judged.reasons.map((r) => r.code)).toEqual([...rules.reasons.map((r) => r.code), 'LEARNED']);
  });

  it('reports exactly what the rules report when its lines change nothing, on every labelled set', () => {
    const model = PairModel.train(decisionsFromLabels(functions, gold))!;
    // The education set's decisions place no line (see review-method.md, 12).
    expect([model.dropBelow, model.restoreAt]).toEqual([0, 1]);
    for (const set of labelledSets(fixtures)) {
      const registry = readInterchange(set.functions);
      const pairs = (r: ReturnType<typeof runReview>) =>
        r.pairs.map((p) => `${p.a.externalId}|${p.b.externalId}`).sort();
      expect([set.name, pairs(runReview(registry, { model }))]).toEqual([set.name, pairs(runReview(registry))]);
    }
  });

  it('places its lines from decisions it did not learn from, never past the defaults', () => {
    const lines = calibrate(examples);
    expect(lines.dropBelow).toBeGreaterThanOrEqual(0);
    expect(lines.dropBelow).toBeLessThanOrEqual(DROP_BELOW);
    expect(lines.restoreAt).toBeGreaterThanOrEqual(RESTORE_AT);
    expect(lines.restoreAt).toBeLessThanOrEqual(1);
    // The same decisions give the same lines, and the model carries them.
    expect(calibrate(examples)).toEqual(lines);
    expect(PairModel.train(examples)!.data).toMatchObject(lines);
    // Held-out judgements that say nothing drop nothing and bring nothing back: a confirmation for
    // every third decision whatever its features.
    const noise = examples.map((e, i) => ({ features: examples[0].features, confirmed: i % 3 === 0 }));
    expect(calibrate(noise)).toEqual({ dropBelow: 0, restoreAt: 1 });
  });

  it('places each line on exactly the judgements it drops or brings back', () => {
    const judge = (p: number, confirmed: boolean) => ({ p, confirmed });
    const D = (p: number, n = 1) => Array.from({ length: n }, () => judge(p, false));
    const C = (p: number, n = 1) => Array.from({ length: n }, () => judge(p, true));
    // Twelve dismissals at 0.05, then a tie at 0.15 of eight dismissals and three confirmations: a
    // line at 0.15 drops the twelve only; one above it would drop 3 confirmations in 23.
    const tie = [...D(0.05, 12), ...D(0.15, 8), ...C(0.15, 3), ...C(0.2, 3), ...C(0.9, 10)];
    const lines = placeLines(tie);
    expect(lines.dropBelow).toBe(0.15);
    expect(tie.filter((j) => j.p < lines.dropBelow).every((j) => !j.confirmed)).toBe(true);
    // Too few judgements below any line: nothing is dropped.
    expect(placeLines([...D(0.05, MIN_JUDGED - 1), ...C(0.9, 20)]).dropBelow).toBe(0);
    // A line is never above the default, however clear the judgements.
    expect(placeLines([...D(0.05, 20), ...D(0.45, 20), ...C(0.9, 20)]).dropBelow).toBe(DROP_BELOW);
    // Pairs come back from the lowest line at or above which at least half were confirmed, never
    // below the default, the line itself included in what it brings back.
    const back = placeLines([...D(0.55, 12), ...C(0.8123, 10), ...D(0.9123, 5), ...C(0.95, 5)]);
    expect(back.restoreAt).toBe(0.812);
    expect(placeLines([...C(0.3, 20), ...D(0.6, 20)]).restoreAt).toBe(1);
    // Each line is placed on the decisions it acts on: confirmations the rules never find do not
    // keep pairs they report from being dropped, and pairs they report do not bring back pairs they
    // hold distinct.
    const as = (rules: RulesWord, xs: ReturnType<typeof D>) => xs.map((j) => ({ ...j, rules }));
    const mixed = [
      ...as('REPORTED', D(0.05, 12)),
      ...as('NOT_FOUND', C(0.05, 12)),
      ...as('REPORTED', C(0.9, 12)),
      ...as('HELD_DISTINCT', D(0.9, 12)),
    ];
    expect(placeLines(mixed)).toEqual({ dropBelow: 0.3, restoreAt: 1 });
    expect(placeLines(mixed.map(({ rules: _r, ...j }) => j))).toEqual({ dropBelow: 0, restoreAt: 0.9 });
  });

  it('takes the rules’ word on a pair from its verdicts', () => {
    const verdict = (veto: boolean, partial = false) =>
      ({ veto: veto ? { code: 'SCOPE_DISJOINT', text: '' } : undefined, partial }) as TextVerdict;
    expect(rulesWordOf([verdict(true), verdict(false)], false)).toBe('REPORTED');
    expect(rulesWordOf([verdict(true)], false)).toBe('HELD_DISTINCT');
    expect(rulesWordOf([], false)).toBe('NOT_FOUND');
    // Within one holder a part of a statement is an item of its list, which nothing brings back.
    expect(rulesWordOf([verdict(false, true)], true)).toBe('NOT_FOUND');
    expect(rulesWordOf([verdict(false, true)], false)).toBe('REPORTED');
  });

  it('keeps the default lines for a model stored before they were placed', () => {
    const { dropBelow: _d, restoreAt: _r, ...older } = PairModel.train(examples)!.data;
    const model = new PairModel(older);
    expect([model.dropBelow, model.restoreAt]).toEqual([DROP_BELOW, RESTORE_AT]);
    // A stored line out of range is not trusted either.
    const broken = new PairModel({ ...older, dropBelow: 7, restoreAt: -1 });
    expect([broken.dropBelow, broken.restoreAt]).toEqual([DROP_BELOW, RESTORE_AT]);
  });
});
