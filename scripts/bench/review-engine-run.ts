// One measurement of the review engine, in a process of its own so that its peak memory is its own:
//   node dist/scripts/bench/review-engine-run.js FUNCTIONS.jsonl [PLANTED.jsonl] [--checks N] [--exhaustive]
//     [--model-from LABELLED-FUNCTIONS.jsonl GOLD.jsonl]   (a learned run: the model trained on every
//     labelled pair of a labelled set as a team's decisions)
// Prints one JSON object on stdout.
import { readFileSync } from 'node:fs';
import {
  decisionsFromLabels,
  evaluate,
  exhaustiveReview,
  QualityTally,
  readGold,
  readInterchangeStream,
  PairModel,
  readInterchange,
  ReviewIndex,
  runReview,
} from '#review';

const argv = process.argv.slice(2);
const modelAt = argv.indexOf('--model-from');
const modelFrom = modelAt >= 0 ? argv.slice(modelAt + 1, modelAt + 3) : undefined;
const args = modelAt >= 0 ? [...argv.slice(0, modelAt), ...argv.slice(modelAt + 3)] : argv;
const [file, planted] = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const checks = Number(args[args.indexOf('--checks') + 1] ?? 0) || 0;
const exhaustive = args.includes('--exhaustive');
// Live checks only: the index without a full review (a national review's findings take more memory).
const reviewToo = !args.includes('--checks-only');

const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
const seconds = (t: number) => Math.round((performance.now() - t) / 10) / 100;

const out: Record<string, unknown> = {};
const model = modelFrom
  ? PairModel.train(decisionsFromLabels(readInterchange(modelFrom[0]), readGold(modelFrom[1])))
  : undefined;
if (modelFrom && !model) throw new Error(`too few decisions of either kind in ${modelFrom[1]} to train a model`);
if (model) out.model = { dropBelow: model.dropBelow, restoreAt: model.restoreAt };
let t = performance.now();
const functions = await readInterchangeStream(file);
out.functions = functions.length;
out.readSeconds = seconds(t);

// The findings stream past the planted-pair tally, as they would stream to a file or a database:
// the review holds its registry, not its findings (the exhaustive comparison keeps them to compare).
const tally = planted ? new QualityTally(readGold(planted)) : undefined;
let result = reviewToo
  ? runReview(functions, {
      expandReplicas: exhaustive,
      onPair: exhaustive ? undefined : (p) => tally?.add(p),
      model,
    })
  : undefined;
if (result) {
  out.reviewSeconds = seconds(t);
  out.timingsMs = result.timings;
  out.stats = result.stats;
  out.peakRssBytes = peakRss();
  if (tally) {
    if (exhaustive) for (const p of result.pairs) tally.add(p);
    const q = tally.result();
    out.plantedRecall = q.recall;
    out.planted = q.goldPositive;
  }
}

if (exhaustive && result) {
  t = performance.now();
  const base = exhaustiveReview(functions);
  out.exhaustiveSeconds = seconds(t);
  out.exhaustivePairs = base.length;
  const key = (p: { a: { externalId: string }; b: { externalId: string } }) => `${p.a.externalId}|${p.b.externalId}`;
  const engine = new Set(result.pairs.map(key));
  out.engineExpandedPairs = engine.size;
  out.recallAgainstExhaustive = base.length ? base.filter((p) => engine.has(key(p))).length / base.length : 1;
  if (planted) out.exhaustivePlantedRecall = evaluate(base, readGold(planted)).recall;
}

if (checks > 0) {
  // The review's findings are no longer needed; the index is measured on its own.
  // eslint-disable-next-line no-useless-assignment -- dropping the reference lets the findings be collected before the index is measured
  result = undefined;
  t = performance.now();
  const index = new ReviewIndex(functions);
  out.indexBuildSeconds = seconds(t);
  // Registered functions, and proposed ones: a registered statement cut short, for another holder.
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const latencies: number[] = [];
  let found = 0;
  for (let k = 0; k < checks; k++) {
    const f = functions[Math.floor(random() * functions.length)];
    const probe =
      k % 2 === 0
        ? f
        : {
            ...f,
            id: `proposed-${k}`,
            externalId: `proposed-${k}`,
            title: f.title.split(' ').slice(0, -2).join(' '),
            holder: functions[Math.floor(random() * functions.length)].holder,
          };
    const s = performance.now();
    const pairs = index.check(probe, 20);
    latencies.push(performance.now() - s);
    if (pairs.length) found++;
  }
  latencies.sort((x, y) => x - y);
  const q = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 100) / 100;
  out.checks = { count: checks, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), maxMs: q(1), withResults: found };
  out.peakRssBytes = peakRss();
}
console.log(JSON.stringify(out));
