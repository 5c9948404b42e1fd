// The engine with its spool, no database: the findings written to files as a stored run writes
// them, in a process of its own so that its peak memory is its own. Functions are taken in a seeded
// shuffled order, as a database returns them (by id), and given uuid-like ids, so that two builds
// can be compared byte for byte (`cmp` the spool files) and by time:
//   node dist/scripts/bench/review-spool-run.js FUNCTIONS.jsonl OUT_DIR [--seed N]
// Prints one JSON object on stdout.
import { mkdirSync, readFileSync } from 'node:fs';
import { readInterchangeStream, reviewIntoSpool, shareStrings, spoolFiles } from '#review';

const args = process.argv.slice(2);
const [file, out] = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file || !out) throw new Error('usage: review-spool-run.js FUNCTIONS.jsonl OUT_DIR [--seed N]');
let seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 7;

mkdirSync(out, { recursive: true });
const functions = await readInterchangeStream(file);
shareStrings(functions);
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
for (let i = functions.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [functions[i], functions[j]] = [functions[j], functions[i]];
}
functions.forEach((f, n) => (f.id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`));

const started = performance.now();
const result = reviewIntoSpool(functions, {}, spoolFiles(out));
const peak = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
console.log(
  JSON.stringify({
    seconds: Math.round(performance.now() - started) / 1000,
    timingsMs: result.timings,
    findings: result.findings,
    statementPairs: result.statementPairs,
    groups: result.groups,
    peakMiB: Math.round(peak),
  }),
);
