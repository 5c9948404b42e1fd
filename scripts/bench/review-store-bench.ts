/**
 * Stored review benchmark: what an operator runs. A generated national registry is imported into a
 * fresh database on a PostgreSQL server with `npm run cli -- import`, reviewed several times with
 * `npm run cli -- review run` (each run loads the registry, runs the engine and stores its findings),
 * and the stored findings are then queried through the API as an auditor would. See
 * docs/benchmarks.md.
 *
 *   npm run bench:review-store
 *
 * Settings (environment): REVIEW_STORE_SIZES (100000,1000000), REVIEW_STORE_RUNS (3),
 * REVIEW_STORE_SEED (42), BENCH_PG_URL (postgres://postgres@127.0.0.1:5432).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { API_HEADERS, BENCH_AUTH_SECRET } from './bench-kit.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;
const SIZES = (env.REVIEW_STORE_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = Number(env.REVIEW_STORE_RUNS ?? 3);
const SEED = env.REVIEW_STORE_SEED ?? '42';
const PG_BASE = (env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
// A million functions: under 60 s and 1.5 GiB (issue 12; it was 300 s and 4 GiB before).
const TARGETS: Record<number, number> = { 100_000: 30, 1_000_000: 60 };
const MEMORY_TARGET_MIB = 1536;
const PORT = 3917;

const t0 = Date.now();
const log = (m: string) =>
  process.stderr.write(`[review-store-bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${m}\n`);
const dir = mkdtempSync(join(tmpdir(), 'review-store-bench-'));
const children = new Set<ChildProcess>();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const seconds = (ms: number) => Math.round(ms / 10) / 100;

/**
 * The machine's CPU time so far by kind (Linux's /proc/stat, in clock ticks; none elsewhere). On a
 * virtual machine `steal` is time the host gave the machine's cores to someone else: a run slowed by
 * neighbours says so.
 */
function cpuTicks(): { busy: number; steal: number; total: number } | undefined {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user + nice + system + irq + softirq;
    return { busy, steal, total: busy + idle + iowait + steal };
  } catch {
    return undefined;
  }
}

/** The share of the machine's CPU time between two readings that was busy, and that was stolen. */
function machineShares(from: ReturnType<typeof cpuTicks>, to: ReturnType<typeof cpuTicks>) {
  if (!from || !to || to.total === from.total) return undefined;
  const total = to.total - from.total;
  const percent = (x: number) => Math.round((1000 * x) / total) / 10;
  return { busyPercent: percent(to.busy - from.busy), stealPercent: percent(to.steal - from.steal) };
}

/** Runs a node script to the end; its stdout and stderr lines, and its wall time. */
function node(args: string[], extraEnv: Record<string, string>): Promise<{ ms: number; lines: string[] }> {
  return new Promise((res, rej) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const lines: string[] = [];
    const take = (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean));
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) res({ ms: performance.now() - started, lines });
      else rej(new Error(`${args.join(' ')} exited with ${code}:\n${lines.slice(-20).join('\n')}`));
    });
  });
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function gql<T = unknown>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ ms: number; body: T }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: API_HEADERS,
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return { ms: performance.now() - started, body: body.data as T };
}

/** The median of five answers to the same question, each a different page so that no cache is hit. */
async function timed(query: string, variables: (k: number) => Record<string, unknown>): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 5; k++) times.push((await gql(query, variables(k))).ms);
  return Math.round(median(times));
}

async function queries(url: string): Promise<Record<string, number>> {
  const api = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(PORT),
      SEED_ON_START: 'none',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      RESPONSE_CACHE_MB: '0',
      AUTH_LOCAL_SECRET: BENCH_AUTH_SECRET,
    },
    stdio: 'ignore',
  });
  children.add(api);
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`http://127.0.0.1:${PORT}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 600) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const page = `query($skip: Int) { duplicatePairs(take: 50, skip: $skip) { items { id band axis score alsoReplicated reasons { code text }
      a { code holder { code } } b { code holder { code } } } } }`;
    const counted = `query($skip: Int, $min: Float) { duplicatePairs(take: 50, skip: $skip, filter: { minScore: $min }) { totalCount items { id } } }`;
    const byAgency = `query($agency: ID, $skip: Int) { duplicatePairs(take: 50, skip: $skip, filter: { agencyId: $agency }) { items { id reasons { code } } } }`;
    const piles = `query($skip: Int) { controlPiles(take: 20, skip: $skip) { totalCount items { sphere holders } } }`;
    const agencies = (
      await gql<{ agencies: { items: { id: string }[] } }>(
        `{ agencies(take: 100, filter: { level: REGIONAL, kind: AKIMAT }) { items { id } } }`,
      )
    ).body.agencies.items.map((a) => a.id);
    return {
      pageMs: await timed(page, (k) => ({ skip: k * 1000 })),
      pageWithTotalMs: await timed(counted, (k) => ({ skip: k * 50, min: 0.5 + k / 100 })),
      agencyPageMs: await timed(byAgency, (k) => ({ agency: agencies[(k * 7) % agencies.length], skip: 0 })),
      controlPilesMs: await timed(piles, (k) => ({ skip: k * 20 })),
    };
  } finally {
    api.kill();
  }
}

const results: Record<string, unknown> = { date: new Date().toISOString(), cpus: cpus().length, node: process.version };
const report: string[] = [];
try {
  for (const n of SIZES) {
    const db = `review_store_bench_${process.pid}_${n}`;
    const url = `${PG_BASE}/${db}`;
    await admin(`CREATE DATABASE ${db}`);
    try {
      const file = join(dir, `registry-${n}.jsonl`);
      log(`generating ${n} functions`);
      await node(
        [join(ROOT, 'dist/scripts/generate-registry.js'), '--functions', String(n), '--seed', SEED, '--out', file],
        {},
      );
      log(`importing ${n} functions`);
      const imported = await node([join(ROOT, 'dist/apps/cli/src/main.js'), 'import', file], { DATABASE_URL: url });
      rmSync(file);
      const runs: {
        seconds: number;
        peakMiB: number;
        timings: Record<string, number>;
        pairs: number;
        statementPairs: number;
        machine?: { busyPercent: number; stealPercent: number };
      }[] = [];
      for (let r = 1; r <= RUNS; r++) {
        log(`review run ${r} of ${RUNS} over ${n} functions`);
        const before = cpuTicks();
        const run = await node([join(ROOT, 'dist/apps/cli/src/main.js'), 'review', 'run'], { DATABASE_URL: url });
        const machine = machineShares(before, cpuTicks());
        const timings = JSON.parse(
          run.lines.find((l) => l.startsWith('timings (ms): '))!.slice('timings (ms): '.length),
        ) as Record<string, number>;
        const stats = JSON.parse(run.lines.find((l) => l.startsWith('run '))!.replace(/^run [^:]+: /, '')) as {
          pairs: number;
          matchedTextPairs: number;
        };
        const peakMiB = Number(/peak memory: (\d+) MiB/.exec(run.lines.find((l) => l.startsWith('peak memory'))!)![1]);
        runs.push({
          seconds: seconds(run.ms),
          peakMiB,
          timings,
          pairs: stats.pairs,
          statementPairs: stats.matchedTextPairs,
          machine,
        });
        log(
          `  ${seconds(run.ms)} s, peak ${peakMiB} MiB, ${stats.pairs} findings from ${stats.matchedTextPairs} pairs of statements; ms ${JSON.stringify(timings)}` +
            (machine ? `; cores ${machine.busyPercent}% busy, ${machine.stealPercent}% stolen by the host` : ''),
        );
      }
      log(`querying the stored findings through the API`);
      const q = await queries(url);
      const wall = median(runs.map((r) => r.seconds));
      const peak = median(runs.map((r) => r.peakMiB));
      results[n] = { importSeconds: seconds(imported.ms), runs, medianSeconds: wall, medianPeakMiB: peak, queries: q };
      const target = TARGETS[n];
      report.push(
        `${n} functions: import ${seconds(imported.ms)} s; review run (whole CLI process) ${runs.map((r) => r.seconds).join(' / ')} s, median ${wall} s` +
          (target ? ` (target < ${target} s: ${wall < target ? 'PASS' : 'MISS'})` : '') +
          `; peak ${runs.map((r) => r.peakMiB).join(' / ')} MiB, median ${peak} MiB (target < ${MEMORY_TARGET_MIB} MiB: ${peak < MEMORY_TARGET_MIB ? 'PASS' : 'MISS'})`,
        `  ${runs[0].pairs} findings from ${runs[0].statementPairs} pairs of statements; stages of the median run (ms): ${JSON.stringify(runs.find((r) => r.seconds === wall)!.timings)}`,
        `  queries, median of 5 (ms): page of 50 with reasons ${q.pageMs}; page with totalCount ${q.pageWithTotalMs}; page for one agency and its subordinates ${q.agencyPageMs}; control piles ${q.controlPilesMs}`,
      );
      if (runs.every((r) => r.machine))
        report.push(
          `  the machine's cores during each run: ${runs.map((r) => `${r.machine!.busyPercent}%`).join(' / ')} busy, ` +
            `${runs.map((r) => `${r.machine!.stealPercent}%`).join(' / ')} stolen by the host`,
        );
    } finally {
      for (let i = 0; ; i++) {
        try {
          await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
          break;
        } catch (err) {
          // eslint-disable-next-line no-unsafe-finally -- a database that cannot be dropped must stop the bench, whatever the run did
          if (i > 5) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  }
} finally {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results/review-store-bench.json'), JSON.stringify(results, null, 2));
console.log(report.join('\n'));
