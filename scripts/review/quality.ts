// Quality of the review engine on labelled registries: recall of labelled duplicate and overlap
// pairs, share of labelled distinct pairs wrongly reported, pairs reported.
//   node dist/scripts/review/quality.js [FUNCTIONS.jsonl GOLD.jsonl]...   (default: every labelled set in test/fixtures)
//   node dist/scripts/review/quality.js --pairs PAIRS.jsonl GOLD.jsonl    (the output of `review run --out`)
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { evaluate, QualityTally, readGold, readInterchange, Reported, runReview } from '#review';

const root = join(import.meta.dirname, '..', '..', '..');
const args = process.argv.slice(2);
const sets: [string, string, string][] = [];
if (args.length >= 2) {
  for (let i = 0; i + 1 < args.length; i += 2) sets.push([args[i], args[i], args[i + 1]]);
} else {
  const fixtures = join(root, 'test', 'fixtures');
  sets.push(['dev (Law on Education)', join(fixtures, 'dev-functions.jsonl'), join(fixtures, 'dev-gold-pairs.jsonl')]);
  const quality = join(fixtures, 'quality');
  if (existsSync(quality)) {
    for (const f of readdirSync(quality)
      .filter((x) => x.endsWith('-functions.jsonl'))
      .sort()) {
      const gold = join(quality, f.replace('-functions.jsonl', '-gold-pairs.jsonl'));
      if (existsSync(gold)) sets.push([f.replace('-functions.jsonl', ''), join(quality, f), gold]);
    }
  }
}

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
for (const [name, fnFile, goldFile] of sets) {
  const functions = readInterchange(fnFile);
  const result = runReview(functions);
  const q = evaluate(result.pairs, readGold(goldFile));
  console.log(
    `${name}: ${functions.length} functions, ${q.goldPositive} labelled duplicate/overlap, ${q.goldDistinct} labelled distinct | ` +
      `recall ${q.recall.toFixed(3)} (target >= 0.9), distinct wrongly reported ${q.distinctReported.toFixed(3)} (target <= 0.2), ` +
      `pairs reported ${q.pairsReported} (${Object.entries(result.stats.byBand)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}), ` +
      `duplicates in the DUPLICATE band ${q.duplicateBandAgreement.toFixed(2)}`,
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
