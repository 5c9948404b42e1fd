/**
 * Review engine benchmark: full reviews of generated national registries (100,000 and 1,000,000
 * functions, with typical functions replicated word for word over every territory), live checks at
 * the largest size, and the exhaustive pairwise comparison of a 10,000-function sample as the
 * baseline. See docs/benchmarks.md.
 *
 *   npm run bench:review
 *
 * Settings (environment): REVIEW_BENCH_SIZES (100000,1000000), REVIEW_BENCH_SAMPLE (10000),
 * REVIEW_BENCH_CHECKS (1000), REVIEW_BENCH_SEED (42).
 *
 * Each measurement runs in a child process of its own, so that its peak memory (VmHWM) is its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;
const SIZES = (env.REVIEW_BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
/** Sizes whose full review is not run (only the live-check index), for machines where it cannot fit. */
const CHECKS_ONLY = (env.REVIEW_BENCH_CHECKS_ONLY ?? '').split(',').filter(Boolean).map(Number);
const SAMPLE = Number(env.REVIEW_BENCH_SAMPLE ?? 10_000);
const CHECKS = Number(env.REVIEW_BENCH_CHECKS ?? 1000);
const SEED = env.REVIEW_BENCH_SEED ?? '42';
const TARGETS: Record<number, number> = { 100_000: 30, 1_000_000: 300 };
const MEMORY_TARGET = 4 * 2 ** 30;

const t0 = Date.now();
const log = (m: string) =>
  process.stderr.write(`[review-bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${m}\n`);
const dir = mkdtempSync(join(tmpdir(), 'review-bench-'));
const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;

function generate(n: number): { file: string; planted: string } {
  const file = join(dir, `registry-${n}.jsonl`);
  const planted = join(dir, `planted-${n}.jsonl`);
  log(`generating ${n} functions`);
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'dist/scripts/generate-registry.js'),
      '--functions',
      String(n),
      '--seed',
      SEED,
      '--out',
      file,
      '--planted-out',
      planted,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { file, planted };
}

/** The last line review-engine-run prints; fields of other modes are absent. */
interface Measurement {
  exhaustiveSeconds: number;
  exhaustivePairs: number;
  reviewSeconds: number;
  engineExpandedPairs: number;
  recallAgainstExhaustive: number;
  plantedRecall: number;
  exhaustivePlantedRecall: number;
  readSeconds: number;
  peakRssBytes: number;
  planted: number;
  stats: { texts: number; pairs: number };
  timingsMs: Record<string, number>;
  indexBuildSeconds?: number;
  checks?: { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
}

function measure(args: string[]): Measurement {
  const res = spawnSync(
    process.execPath,
    ['--max-old-space-size=14000', join(ROOT, 'dist/scripts/bench/review-engine-run.js'), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    },
  );
  if (res.status !== 0) throw new Error(`measurement failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Measurement;
}

const results: Record<string, unknown> = { date: new Date().toISOString(), cpus: cpus().length, node: process.version };
const lines: string[] = [];
try {
  const sample = generate(SAMPLE);
  log(`baseline: exhaustive pairwise comparison of ${SAMPLE} functions (about a minute)`);
  const base = measure([sample.file, sample.planted, '--exhaustive']);
  results.baseline = base;
  lines.push(
    `baseline ${SAMPLE} functions: exhaustive ${base.exhaustiveSeconds} s, ${base.exhaustivePairs} pairs | engine ${base.reviewSeconds} s, ` +
      `${base.engineExpandedPairs} pairs | speed-up ${(base.exhaustiveSeconds / base.reviewSeconds).toFixed(0)}x | engine recall against exhaustive ${base.recallAgainstExhaustive.toFixed(4)} | planted recall engine ${base.plantedRecall.toFixed(3)}, exhaustive ${base.exhaustivePlantedRecall.toFixed(3)}`,
  );
  for (const n of SIZES) {
    const { file, planted } = generate(n);
    const largest = n === Math.max(...SIZES);
    log(`full review of ${n} functions${largest ? ` and ${CHECKS} live checks` : ''}`);
    const checksOnly = CHECKS_ONLY.includes(n);
    const m = measure([
      file,
      planted,
      ...(largest ? ['--checks', String(CHECKS)] : []),
      ...(checksOnly ? ['--checks-only'] : []),
    ]);
    results[`review_${n}`] = m;
    const target = TARGETS[n];
    if (!checksOnly)
      lines.push(
        `full review ${n}: ${m.reviewSeconds} s (target < ${target ?? '-'} s: ${target ? (m.reviewSeconds < target ? 'PASS' : 'MISS') : '-'}), reading the file ${m.readSeconds} s, ` +
          `peak memory ${gib(m.peakRssBytes)} (target < 4 GiB: ${m.peakRssBytes < MEMORY_TARGET ? 'PASS' : 'MISS'}), ${m.stats.texts} distinct statements, ` +
          `${m.stats.pairs} pairs, planted recall ${m.plantedRecall.toFixed(3)} of ${m.planted} (target >= 0.95: ${m.plantedRecall >= 0.95 ? 'PASS' : 'MISS'}) | stages ms ${JSON.stringify(m.timingsMs)}`,
      );
    if (m.checks) {
      lines.push(
        `live checks at ${n}: index built in ${m.indexBuildSeconds} s; ${m.checks.count} checks p50 ${m.checks.p50Ms} ms, p95 ${m.checks.p95Ms} ms ` +
          `(target < 100 ms: ${m.checks.p95Ms < 100 ? 'PASS' : 'MISS'}), p99 ${m.checks.p99Ms} ms, max ${m.checks.maxMs} ms`,
      );
    }
    rmSync(file, { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results', 'review-bench.json'), JSON.stringify(results, null, 2));
console.log(lines.join('\n'));
log('done; figures also in bench-results/review-bench.json');
