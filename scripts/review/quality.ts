// Quality of the review engine on labelled registries: recall of labelled duplicate and overlap
// pairs, share of labelled distinct pairs wrongly reported, pairs reported.
//   node dist/scripts/review/quality.js [FUNCTIONS.jsonl GOLD.jsonl]...   (default: every labelled set in test/fixtures)
//   node dist/scripts/review/quality.js --pairs PAIRS.jsonl GOLD.jsonl    (the output of `review run --out`)
//   UNJUDGED=FILE node dist/scripts/review/quality.js   also writes the reported pairs that carry
//     neither a label nor a judgement, as a blind judge sees them (statements and holders only)
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import {
  evaluate,
  LabelledSet,
  labelledSets,
  MissedAt,
  MissedPairs,
  QualityTally,
  readGold,
  readInterchange,
  Reported,
  runReview,
} from '#review';

const root = join(import.meta.dirname, '..', '..', '..');
const args = process.argv.slice(2);
const sets: LabelledSet[] =
  args.length >= 2 && args[0] !== '--pairs'
    ? Array.from({ length: Math.floor(args.length / 2) }, (_, i) => ({
        name: args[2 * i],
        kind: 'dev' as const,
        functions: args[2 * i],
        gold: args[2 * i + 1],
      }))
    : labelledSets(join(root, 'test', 'fixtures'));

const verbose = process.env.VERBOSE === '1';
if (args[0] === '--pairs') {
  // Pairs written by `npm run cli -- review run --out`: the review as the product ran it on its
  // database. Read line by line: with --every-instance a national file has millions of lines.
  const tally = new QualityTally(readGold(args[2]));
  for await (const l of createInterface({
    input: createReadStream(args[1], { encoding: 'utf8' }),
    crlfDelay: Infinity,
  })) {
    if (l.trim()) tally.add(JSON.parse(l) as Reported);
  }
  const q = tally.result();
  console.log(
    `${args[1]}: ${q.goldPositive} labelled duplicate/overlap, ${q.goldDistinct} labelled distinct | recall ${q.recall.toFixed(3)} (target >= 0.9), ` +
      `distinct wrongly reported ${q.distinctReported.toFixed(3)} (target <= 0.2), pairs reported ${q.pairsReported}`,
  );
  process.exit(0);
}
console.log(
  '| set | kind | functions | labelled positive / distinct | recall | look-alikes reported | pairs reported | DUPLICATE / OVERLAP |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
const totals = { dev: [0, 0, 0, 0], blind: [0, 0, 0, 0] };
// Reported pairs without a label, judged blind: worth a reviewer's time or not.
const judgedFile = join(root, 'test', 'fixtures', 'quality-judged', 'judged-reported-pairs.jsonl');
const judged = new Map(
  (existsSync(judgedFile) ? readFileSync(judgedFile, 'utf8').split('\n').filter(Boolean) : [])
    .map((l) => JSON.parse(l) as { a: string; b: string; worth: boolean })
    .map((j) => [[j.a, j.b].sort().join('|'), j.worth]),
);
const worth = {
  dev: { labelledTrue: 0, labelledFalse: 0, unlabelled: 0, judged: 0, judgedWorth: 0, reported: 0 },
  blind: { labelledTrue: 0, labelledFalse: 0, unlabelled: 0, judged: 0, judgedWorth: 0, reported: 0 },
};
// Labelled pairs by where they lie: within one holder's competence list, or between two holders.
type Where = 'within one holder' | 'between holders';
const byWhere = new Map<string, { positive: number; found: number; distinct: number; reported: number }>();
// Where the labelled positives not reported were lost, by kind of set and where the pair lies.
const lost = new Map<string, Map<MissedAt, number>>();
const unjudged: string[] = [];
for (const set of sets) {
  const functions = readInterchange(set.functions);
  const result = runReview(functions, { expandReplicas: true });
  const gold = readGold(set.gold);
  const q = evaluate(result.pairs, gold);
  const holderOf = new Map(functions.map((f) => [f.externalId, f.holder.code]));
  const missed = new Set(q.missed.map((m) => [m.a, m.b].sort().join('|')));
  const missedPairs = new MissedPairs(functions);
  const wrong = new Set(q.wronglyReported.map((m) => [m.a, m.b].sort().join('|')));
  for (const g of gold) {
    const where: Where = holderOf.get(g.a) === holderOf.get(g.b) ? 'within one holder' : 'between holders';
    const k = `${set.kind}|${where}`;
    const row = byWhere.get(k) ?? { positive: 0, found: 0, distinct: 0, reported: 0 };
    const id = [g.a, g.b].sort().join('|');
    if (g.label === 'distinct') {
      row.distinct++;
      if (wrong.has(id)) row.reported++;
    } else {
      row.positive++;
      if (!missed.has(id)) row.found++;
      else {
        const at = missedPairs.at(g.a, g.b);
        const l = lost.get(k) ?? new Map<MissedAt, number>();
        l.set(at, (l.get(at) ?? 0) + 1);
        lost.set(k, l);
      }
    }
    byWhere.set(k, row);
  }
  const labels = new Map(gold.map((g) => [[g.a, g.b].sort().join('|'), g.label]));
  const w = worth[set.kind];
  for (const p of result.pairs) {
    const k = [p.a.externalId, p.b.externalId].sort().join('|');
    const label = labels.get(k);
    w.reported++;
    if (label === 'distinct') w.labelledFalse++;
    else if (label) w.labelledTrue++;
    else {
      w.unlabelled++;
      if (judged.has(k)) {
        w.judged++;
        if (judged.get(k)) w.judgedWorth++;
      } else {
        const side = (id: string) => {
          const f = functions.find((x) => x.externalId === id)!;
          const { code, kind, level, territoryKinds } = f.holder;
          return { id, title: f.title, holder: { code, kind, level, territoryKinds } };
        };
        const [a, b] = [p.a.externalId, p.b.externalId].sort();
        unjudged.push(JSON.stringify({ set: set.name, a: side(a), b: side(b) }));
      }
    }
  }
  const t = totals[set.kind];
  t[0] += q.goldPositive;
  t[1] += q.recall * q.goldPositive;
  t[2] += q.goldDistinct;
  t[3] += q.distinctReported * q.goldDistinct;
  console.log(
    `| ${set.name} | ${set.kind} | ${functions.length} | ${q.goldPositive} / ${q.goldDistinct} | ${q.recall.toFixed(3)} | ` +
      `${q.distinctReported.toFixed(3)} | ${q.pairsReported} | ${result.stats.byBand.DUPLICATE ?? 0} / ${result.stats.byBand.OVERLAP ?? 0} |`,
  );
  if (verbose) {
    const byId = new Map(functions.map((f) => [f.externalId, f.title]));
    for (const m of q.missed)
      console.log(
        `  missed ${m.label}: ${m.a} | ${m.b}\n    ${byId.get(m.a)?.slice(0, 120)}\n    ${byId.get(m.b)?.slice(0, 120)}`,
      );
    const why = new Map(result.pairs.map((p) => [[p.a.externalId, p.b.externalId].sort().join('|'), p]));
    for (const w of q.wronglyReported) {
      const p = why.get([w.a, w.b].sort().join('|'));
      console.log(
        `  wrongly reported: ${w.a} | ${w.b} as ${p?.band} ${p?.score}\n    ${p?.reasons.map((r) => r.text).join('\n    ')}`,
      );
    }
  }
}
for (const [kind, t] of Object.entries(totals))
  if (t[0] + t[2] > 0)
    console.log(
      `| all ${kind} sets | ${kind} | | ${t[0]} / ${t[2]} | ${(t[1] / Math.max(t[0], 1)).toFixed(3)} | ${(t[3] / Math.max(t[2], 1)).toFixed(3)} | | |`,
    );
console.log('');
console.log('| sets | labelled pairs | positive | recall | distinct | look-alikes reported |');
console.log('|---|---|---:|---:|---:|---:|');
for (const [k, r] of [...byWhere].sort(([x], [y]) => x.localeCompare(y))) {
  const [kind, where] = k.split('|');
  console.log(
    `| ${kind} | ${where} | ${r.positive} | ${(r.found / Math.max(r.positive, 1)).toFixed(3)} | ${r.distinct} | ${(r.reported / Math.max(r.distinct, 1)).toFixed(3)} |`,
  );
}
console.log('');
// A pair whose statements share too few words is never compared: no scope rule and no model learned
// from decisions can report it. The last column is the most recall the rest of the method can reach.
const stages: MissedAt[] = [
  'catch-all statement',
  'too few shared words',
  'rule-making against execution, or an exclusion',
  'list of one holder',
  'holders or candidate stage',
];
const scopeRules = [
  ...new Set([...lost.values()].flatMap((l) => [...l.keys()].filter((s) => !stages.includes(s)))),
].sort();
console.log(
  `| sets | labelled pairs | missed | ${[...stages, ...scopeRules].join(' | ')} | reachable past the words |`,
);
console.log(`|---|---|---:|${[...stages, ...scopeRules].map(() => '---:').join('|')}|---:|`);
const withTotals = [...byWhere].sort(([x], [y]) => x.localeCompare(y));
for (const kind of ['blind', 'dev']) {
  const rows = withTotals.filter(([k]) => k.startsWith(`${kind}|`));
  const all = new Map<MissedAt, number>();
  for (const [k] of rows) for (const [at, n] of lost.get(k) ?? []) all.set(at, (all.get(at) ?? 0) + n);
  lost.set(`${kind}|all`, all);
  const sum = (f: (r: { positive: number; found: number }) => number) => rows.reduce((t, [, r]) => t + f(r), 0);
  withTotals.push([
    `${kind}|all`,
    { positive: sum((r) => r.positive), found: sum((r) => r.found), distinct: 0, reported: 0 },
  ]);
}
for (const [k, r] of withTotals.sort(([x], [y]) => x.localeCompare(y))) {
  const [kind, where] = k.split('|');
  const l = lost.get(k) ?? new Map<MissedAt, number>();
  const words = l.get('too few shared words') ?? 0;
  console.log(
    `| ${kind} | ${where} | ${r.positive - r.found} | ${[...stages, ...scopeRules].map((s) => l.get(s) ?? 0).join(' | ')} | ${((r.positive - words) / Math.max(r.positive, 1)).toFixed(3)} |`,
  );
}
console.log('');
console.log(
  "| sets | reported (every instance) | labelled true / distinct | unlabelled | judged (worth) | worth a reviewer's time, estimated |",
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const [kind, w] of Object.entries(worth)) {
  if (w.reported === 0) continue;
  const share = w.judged ? w.judgedWorth / w.judged : NaN;
  const estimate = (w.labelledTrue + w.unlabelled * share) / w.reported;
  console.log(
    `| ${kind} | ${w.reported} | ${w.labelledTrue} / ${w.labelledFalse} | ${w.unlabelled} | ${w.judged} (${w.judgedWorth}) | ${Number.isNaN(estimate) ? 'not judged' : estimate.toFixed(2)} |`,
  );
}
if (process.env.UNJUDGED) {
  writeFileSync(process.env.UNJUDGED, unjudged.map((l) => `${l}\n`).join(''));
  console.log(
    `\n${unjudged.length} reported pairs with neither a label nor a judgement written to ${process.env.UNJUDGED}`,
  );
}
