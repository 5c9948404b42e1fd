// How much the review learns from reviewers' decisions: for each labelled set, k labelled pairs are
// drawn at random as if reviewers had decided them, a model is trained on them, and the review with
// that model is measured on the labelled pairs NOT drawn. Averaged over several draws.
//   node dist/scripts/review/learning.js [--draws N] [--k 0,20,50,100]
import { join } from 'node:path';
import {
  decisionsFromLabels,
  evaluate,
  GoldPair,
  inExternalIdOrder,
  labelledSets,
  PairModel,
  readGold,
  readInterchange,
  runReview,
} from '#review';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const draws = Number(opt('--draws', '10'));
const ks = opt('--k', '0,20,50,100').split(',').map(Number);
const root = join(import.meta.dirname, '..', '..', '..');

/** A small seeded generator (mulberry32), so that every run draws the same decisions. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (g: GoldPair) => (g.a < g.b ? `${g.a}|${g.b}` : `${g.b}|${g.a}`);

console.log(
  `k decisions drawn at random from each set's labels; figures on the labels not drawn, mean of ${draws} draws`,
);
console.log('| set | kind | labels | k | recall | look-alikes reported | findings reported | models trained |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
const sets = labelledSets(join(root, 'test', 'fixtures')).map((s) => ({
  name: s.name,
  kind: s.kind,
  functions: readInterchange(s.functions),
  gold: readGold(s.gold),
}));
// The sets of one kind together, as one registry: enough labels to draw a hundred decisions from.
for (const kind of ['dev', 'blind'] as const) {
  const of = sets.filter((s) => s.kind === kind);
  sets.push({
    name: `all ${kind} sets`,
    kind,
    functions: of.flatMap((s) => s.functions),
    gold: of.flatMap((s) => s.gold),
  });
}
for (const set of sets) {
  const functions = inExternalIdOrder(set.functions);
  const gold = set.gold;
  // Every label as the decision a team would have made, worked out once; each draw takes some.
  const decisions = decisionsFromLabels(functions, gold);
  for (const k of ks) {
    if (k > gold.length - 10) {
      console.log(`| ${set.name} | ${set.kind} | ${gold.length} | ${k} | (too few labels) | | | |`);
      continue;
    }
    let recall = 0;
    let wrong = 0;
    let pairs = 0;
    let trained = 0;
    for (let d = 0; d < draws; d++) {
      const rnd = random(1000 * d + k + 7);
      const shuffled = gold.map((g, i) => ({ g, i, r: rnd() }));
      shuffled.sort((x, y) => x.r - y.r);
      const drawn = shuffled.slice(0, k);
      const drawnKeys = new Set(drawn.map((x) => key(x.g)));
      const model = PairModel.train(drawn.map((x) => decisions[x.i]));
      if (model) trained++;
      const result = runReview(functions, { model });
      const q = evaluate(
        result.pairs,
        gold.filter((g) => !drawnKeys.has(key(g))),
      );
      recall += q.recall / draws;
      wrong += q.distinctReported / draws;
      pairs += q.pairsReported / draws;
      if (k === 0) break;
    }
    const n = k === 0 ? 1 : draws;
    console.log(
      `| ${set.name} | ${set.kind} | ${gold.length} | ${k} | ${(recall * (k === 0 ? draws : 1)).toFixed(3)} | ${(wrong * (k === 0 ? draws : 1)).toFixed(3)} | ${Math.round(pairs * (k === 0 ? draws : 1))} | ${trained}/${n} |`,
    );
  }
}
