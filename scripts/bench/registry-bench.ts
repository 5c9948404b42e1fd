/**
 * Registry benchmark: import throughput, GraphQL page-query load against a bare Apollo baseline,
 * and cold start of the API on the embedded database. See docs/benchmarks.md.
 *
 *   npm run bench
 *
 * Settings (environment): BENCH_PG_URL (server without a database name, default
 * postgres://postgres@127.0.0.1:5432), BENCH_FUNCTIONS (100000), BENCH_SEED (42),
 * BENCH_CONNECTIONS (32), BENCH_WARMUP_S (3), BENCH_DURATION_S (12), BENCH_SKIP_PAGES (pages of 50
 * that the page query's `skip` ranges over, default 200), BENCH_COLD_STARTS (3).
 *
 * Every server runs in its own child process; this process only generates load and measures.
 * A fresh `bench_...` database is created and dropped at the end, temp folders are removed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AddressInfo, createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const require = createRequire(import.meta.url);
// autocannon ships no type declarations; the few fields used are typed below.
const autocannon = require('autocannon') as (
  opts: Record<string, unknown>,
) => Promise<CannonResult> & { stop?: () => void };

interface Stat {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  min: number;
}
interface CannonResult {
  latency: Stat;
  requests: Stat & { total: number };
  throughput: Stat;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  '2xx': number;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const NODE = process.execPath;
const env = process.env;
const PG_BASE = (env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const FUNCTIONS = Number(env.BENCH_FUNCTIONS ?? 100_000);
const SEED = Number(env.BENCH_SEED ?? 42);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 3);
const DURATION_S = Number(env.BENCH_DURATION_S ?? 12);
const SKIP_PAGES = Number(env.BENCH_SKIP_PAGES ?? 200);
const COLD_STARTS = Number(env.BENCH_COLD_STARTS ?? 3);
const PAGE = 50;

const TARGETS = { importSeconds: 30, rpsRatio: 0.25 };

const t0 = Date.now();
const log = (msg: string) =>
  process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Child processes

const children = new Set<ChildProcess>();

interface Run {
  code: number | null;
  seconds: number;
  stderr: string[];
  stdout: string;
}

/** Runs a node script to completion; stderr lines are echoed with their time since the start. */
function runNode(args: string[], extraEnv: Record<string, string | undefined>, label: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(NODE, args, { cwd: ROOT, env: cleanEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const lines: string[] = [];
    let stdout = '';
    let partial = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) {
        const at = Number(process.hrtime.bigint() - started) / 1e9;
        const line = `+${at.toFixed(2)} s ${p}`;
        lines.push(line);
        process.stderr.write(`    ${label} ${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      children.delete(child);
      if (partial) lines.push(partial);
      resolvePromise({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, stderr: lines, stdout });
    });
  });
}

function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'SEED_ON_START', 'PORT', 'NODE_ENV', 'LOG_LEVEL', 'MIGRATIONS_RUN'])
    delete e[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) e[k] = v;
  return e;
}

interface Server {
  child: ChildProcess;
  port: number;
  startMs: number;
  rssMiB: number | null;
  log: string[];
}

/** Starts a server, waits until `readyPath` answers 200 (or until it dies) and reads its RSS. */
async function startServer(
  args: string[],
  extraEnv: Record<string, string | undefined>,
  readyPath: string,
  readyInit: RequestInit = {},
): Promise<Server> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(NODE, args, {
    cwd: ROOT,
    env: cleanEnv({ ...extraEnv, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const out: string[] = [];
  const collect = (d: Buffer) => out.push(...d.toString().split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
    children.delete(child);
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined)
      throw new Error(`server exited with ${exited} before it was ready:\n${out.slice(-20).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`server not ready in 120 s:\n${out.slice(-20).join('\n')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`, {
        ...readyInit,
        signal: AbortSignal.timeout(1000),
      });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    await sleep(20);
  }
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { child, port, startMs, rssMiB: rssMiB(child.pid!), log: out };
}

function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function stopServer(s: Server | ChildProcess | undefined): Promise<void> {
  const child = s && 'child' in s ? s.child : s;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolvePromise(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Load

const PAGE_QUERY = `query Page($skip: Int!, $take: Int!) {
  stateFunctions(skip: $skip, take: $take) {
    totalCount
    items {
      id code title type sector
      holder { code nameRu level }
      legalBasis { article clause act { title adiletCode } }
      tags { value }
    }
  }
}`;

interface Load {
  rps: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  avg: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function load(url: string, body: () => string, label: string): Promise<Load> {
  const opts = (duration: number) => ({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body() }) }],
  });
  log(`${label}: warm-up ${WARMUP_S} s, ${CONNECTIONS} connections`);
  await autocannon(opts(WARMUP_S));
  log(`${label}: measuring ${DURATION_S} s`);
  const r = await autocannon(opts(DURATION_S));
  const res: Load = {
    rps: round(r.requests.average, 1),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    avg: round(r.latency.average, 2),
    max: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
  log(
    `${label}: ${res.rps} req/s, p50 ${res.p50} ms, p97.5 ${res.p97_5} ms, p99 ${res.p99} ms, non-2xx ${res.non2xx}, errors ${res.errors}`,
  );
  return res;
}
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// ---------------------------------------------------------------------------------------------
// Results (written to bench-results/registry-bench.json)

interface ImportResult {
  functions: number;
  generateSeconds: number;
  wallSeconds: number;
  functionsPerSecond: number;
  summary: string;
  phases: Record<string, number>;
  reimportWallSeconds: number;
  reimportFunctionsPerSecond: number;
  reimportNew: number;
  reimportSummary: string;
}

interface PageQueryResult {
  query: string;
  skipRange: number[];
  responseBytes: number;
  serverStartMs: number;
  serverRssMiBAfterStart: number | null;
  serverRssMiBAfterLoad: number | null;
  load: Load;
  uncachedLoad: Load;
  sameAnswerCachedAndUncached: boolean;
}

interface EmbeddedStart {
  startMs: number;
  rssMiB: number | null;
  firstStart: boolean;
  reported: string | null;
}

interface ColdStartResult {
  embedded: EmbeddedStart[];
  firstStartMs: number | undefined;
  warmRestartMedianMs: number | null;
  warmRestartMedianRssMiB: number | null;
  server100k: { startMs: number; rssMiB: number | null };
}

/** Sections are filled in as the benchmark gets through them; a failure leaves the rest out. */
interface Results {
  date: string;
  machine: { cpus: number; cpuModel: string | undefined; memoryGiB: number; node: string; platform: NodeJS.Platform };
  settings: {
    functions: number;
    seed: number;
    connections: number;
    warmupSeconds: number;
    durationSeconds: number;
    pageSize: number;
    skipPages: number;
    coldStarts: number;
  };
  import?: ImportResult;
  pageQuery?: PageQueryResult;
  bareApollo?: { load: Load };
  ratio?: number;
  ratioUncached?: number;
  coldStart?: ColdStartResult;
  failures?: string[];
  totalSeconds?: number;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dbName = `bench_${process.pid}_${Date.now().toString(36)}`;
  const dbUrl = `${PG_BASE}/${dbName}`;
  const tmp = mkdtempSync(join(tmpdir(), 'registry-bench-'));
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  const results: Results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: process.platform,
    },
    settings: {
      functions: FUNCTIONS,
      seed: SEED,
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_S,
      durationSeconds: DURATION_S,
      pageSize: PAGE,
      skipPages: SKIP_PAGES,
      coldStarts: COLD_STARTS,
    },
  };
  let apiServer: Server | undefined;
  let bare: Server | undefined;
  const failures: string[] = [];
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    log(`database ${dbName} created`);

    // a. generate and import
    const file = join(tmp, 'registry.jsonl');
    const gen = await runNode(
      [
        'dist/scripts/generate-registry.js',
        '--functions',
        String(FUNCTIONS),
        '--seed',
        String(SEED),
        '--out',
        file,
        '--planted-out',
        join(tmp, 'planted.jsonl'),
      ],
      {},
      'generate',
    );
    if (gen.code !== 0) throw new Error('the generator failed');
    log(`generated ${FUNCTIONS} functions in ${gen.seconds.toFixed(1)} s`);

    const imp = await runNode(['dist/apps/cli/src/main.js', 'import', file], { DATABASE_URL: dbUrl }, 'import');
    if (imp.code !== 0) throw new Error('the import failed');
    const summary = imp.stderr.find((l) => l.includes('imported ')) ?? '';
    const phases = phaseTimes(imp.stderr);
    const reimp = await runNode(['dist/apps/cli/src/main.js', 'import', file], { DATABASE_URL: dbUrl }, 're-import');
    if (reimp.code !== 0) throw new Error('the re-import failed');
    const resummary = reimp.stderr.find((l) => l.includes('imported ')) ?? '';
    const newOnReimport = Number(/(\d+) new, \d+ updated, \d+ unchanged/.exec(resummary)?.[1] ?? NaN);
    if (newOnReimport !== 0) failures.push(`re-import inserted ${newOnReimport} functions (expected 0)`);
    results.import = {
      functions: FUNCTIONS,
      generateSeconds: round(gen.seconds, 2),
      wallSeconds: round(imp.seconds, 2),
      functionsPerSecond: Math.round(FUNCTIONS / imp.seconds),
      summary: summary.replace(/^\+[\d.]+ s /, ''),
      phases,
      reimportWallSeconds: round(reimp.seconds, 2),
      reimportFunctionsPerSecond: Math.round(FUNCTIONS / reimp.seconds),
      reimportNew: newOnReimport,
      reimportSummary: resummary.replace(/^\+[\d.]+ s /, ''),
    };

    // b. page-query load vs bare Apollo
    apiServer = await startServer(
      ['dist/apps/api/src/main.js'],
      { DATABASE_URL: dbUrl, SEED_ON_START: 'none', NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      '/health',
    );
    log(
      `API (server database, ${FUNCTIONS} functions) ready in ${apiServer.startMs.toFixed(0)} ms, RSS ${apiServer.rssMiB} MiB`,
    );
    const gqlUrl = `http://127.0.0.1:${apiServer.port}/graphql`;
    const probe = await fetch(gqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { skip: PAGE, take: PAGE } }),
    });
    const probeBody = (await probe.json()) as {
      data?: { stateFunctions?: { totalCount: number; items: unknown[] } };
      errors?: unknown[];
    };
    const page = probeBody.data?.stateFunctions;
    if (probe.status !== 200 || probeBody.errors || !page || page.items.length !== PAGE) {
      throw new Error(`the page query does not answer as expected: ${JSON.stringify(probeBody).slice(0, 500)}`);
    }
    const responseBytes = JSON.stringify(probeBody).length;
    const maxPage = Math.max(1, Math.min(SKIP_PAGES, Math.floor(page.totalCount / PAGE)));
    log(
      `page query answers: totalCount ${page.totalCount}, ${PAGE} items, ${responseBytes} bytes; skip varies over ${maxPage} pages`,
    );
    let n = 0;
    const pageBody = () =>
      JSON.stringify({ query: PAGE_QUERY, variables: { skip: ((n++ * 7919) % maxPage) * PAGE, take: PAGE } });
    const pageLoad = await load(gqlUrl, pageBody, 'page query (response cache on, the default)');
    const apiRssAfterLoad = rssMiB(apiServer.child.pid!);
    const samplePage = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PAGE_QUERY, variables: { skip: 3 * PAGE, take: PAGE } }),
      }).then((r) => r.text());
    const cachedAnswer = await samplePage(gqlUrl);
    await stopServer(apiServer);

    // The same load with the response cache off: every request resolves its page from the database.
    const uncachedServer = await startServer(
      ['dist/apps/api/src/main.js'],
      { DATABASE_URL: dbUrl, SEED_ON_START: 'none', NODE_ENV: 'production', LOG_LEVEL: 'warn', RESPONSE_CACHE_MB: '0' },
      '/health',
    );
    const uncachedUrl = `http://127.0.0.1:${uncachedServer.port}/graphql`;
    n = 0;
    const uncachedLoad = await load(uncachedUrl, pageBody, 'page query (response cache off)');
    const sameAnswer = (await samplePage(uncachedUrl)) === cachedAnswer;
    if (!sameAnswer) failures.push('the cached and the uncached API answer the same page differently');
    await stopServer(uncachedServer);

    bare = await startServer(
      ['dist/scripts/bench/bare-apollo.js'],
      { NODE_ENV: 'production' },
      '/?query=%7B__typename%7D',
      { headers: { 'apollo-require-preflight': 'true' } },
    );
    const bareUrl = `http://127.0.0.1:${bare.port}/`;
    const bareBodyText = JSON.stringify({ query: '{ hello }' });
    const bareProbe = await fetch(bareUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bareBodyText,
    });
    const bareJson = (await bareProbe.json()) as { data?: { hello?: string } };
    if (bareJson.data?.hello !== 'world') throw new Error(`bare Apollo does not answer: ${JSON.stringify(bareJson)}`);
    const bareLoad = await load(bareUrl, () => bareBodyText, 'bare Apollo');
    await stopServer(bare);
    results.pageQuery = {
      query: PAGE_QUERY.replace(/\s+/g, ' '),
      skipRange: [0, (maxPage - 1) * PAGE],
      responseBytes,
      serverStartMs: Math.round(apiServer.startMs),
      serverRssMiBAfterStart: apiServer.rssMiB,
      serverRssMiBAfterLoad: apiRssAfterLoad,
      load: pageLoad,
      uncachedLoad,
      sameAnswerCachedAndUncached: sameAnswer,
    };
    results.bareApollo = { load: bareLoad };
    results.ratio = round(pageLoad.rps / bareLoad.rps, 3);
    results.ratioUncached = round(uncachedLoad.rps / bareLoad.rps, 3);

    // c. cold start on the embedded database
    const dataDir = join(tmp, 'embedded-data');
    const starts: EmbeddedStart[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const s = await startServer(
        ['dist/apps/api/src/main.js'],
        { DATA_DIR: dataDir, SEED_ON_START: 'demo' },
        '/health',
      );
      const reported = s.log.map((l) => /ready in (\d+) ms, (\d+) MiB/.exec(l)).find(Boolean);
      starts.push({
        startMs: Math.round(s.startMs),
        rssMiB: s.rssMiB,
        firstStart: i === 0,
        reported: reported ? `${reported[1]} ms, ${reported[2]} MiB` : null,
      });
      log(
        `embedded start ${i + 1}${i === 0 ? ' (creates the data folder)' : ''}: /health 200 after ${s.startMs.toFixed(0)} ms, RSS ${s.rssMiB} MiB`,
      );
      await stopServer(s);
    }
    const warm = starts.slice(1);
    results.coldStart = {
      embedded: starts,
      firstStartMs: starts[0]?.startMs,
      warmRestartMedianMs: warm.length ? median(warm.map((s) => s.startMs)) : null,
      warmRestartMedianRssMiB: warm.length ? median(warm.map((s) => s.rssMiB ?? NaN)) : null,
      server100k: { startMs: Math.round(apiServer.startMs), rssMiB: apiServer.rssMiB },
    };
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  } finally {
    for (const c of [...children]) await stopServer(c);
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [dbName],
      );
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
      log(`database ${dbName} dropped`);
    } catch (err) {
      failures.push(`could not drop ${dbName}: ${(err as Error).message}`);
    }
    await admin.end().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }

  results.failures = failures;
  results.totalSeconds = round((Date.now() - t0) / 1000, 1);
  const outDir = join(ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'registry-bench.json'), JSON.stringify(results, null, 2) + '\n');
  printSummary(results);
}

/** Seconds between the import's progress messages, grouped by phase. */
function phaseTimes(lines: string[]): Record<string, number> {
  const at = (re: RegExp, last = false) => {
    const hits = lines.filter((l) => re.test(l));
    const hit = last ? hits[hits.length - 1] : hits[0];
    return hit ? Number(/^\+([\d.]+) s/.exec(hit)?.[1]) : NaN;
  };
  const marks = {
    start: 0,
    connected: at(/database: /),
    read: at(/read \d+ lines: /),
    agencies: at(/agencies: \d+ new/),
    legalActs: at(/legal acts: \d+ new/),
    staged: at(/staged \d+ \/ /, true),
    functions: at(/functions: \d+ new/),
    legalBases: at(/legal bases: \d+ written/),
    done: at(/imported \d+ functions/),
  };
  const order = Object.keys(marks) as (keyof typeof marks)[];
  const out: Record<string, number> = {};
  for (let i = 1; i < order.length; i++) {
    const prev = [...order.slice(0, i)].reverse().find((k) => !Number.isNaN(marks[k]));
    const cur = marks[order[i]];
    if (prev !== undefined && !Number.isNaN(cur)) out[`${prev}→${order[i]}`] = round(cur - marks[prev], 2);
  }
  return out;
}

function printSummary(r: Results): void {
  const rows: [string, string][] = [];
  const imp = r.import;
  if (imp) {
    rows.push([`generate ${imp.functions} functions`, `${imp.generateSeconds} s`]);
    rows.push([
      `import ${imp.functions} functions (wall)`,
      `${imp.wallSeconds} s, ${imp.functionsPerSecond} functions/s`,
    ]);
    rows.push([
      '  import phases (s)',
      Object.entries(imp.phases)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]);
    rows.push([
      're-import, same file (wall)',
      `${imp.reimportWallSeconds} s, ${imp.reimportFunctionsPerSecond} functions/s, ${imp.reimportNew} new`,
    ]);
  }
  const pq = r.pageQuery;
  if (pq) {
    const l = pq.load;
    rows.push([
      `page query (${r.settings.pageSize} + holder, legal basis, tags)`,
      `${l.rps} req/s, p50 ${l.p50} ms, p97.5 ${l.p97_5} ms, p99 ${l.p99} ms, max ${l.max} ms`,
    ]);
    rows.push(['  requests, non-2xx, errors, timeouts', `${l.requests}, ${l.non2xx}, ${l.errors}, ${l.timeouts}`]);
    const u = pq.uncachedLoad;
    rows.push([
      '  the same, response cache off',
      `${u.rps} req/s, p50 ${u.p50} ms, p97.5 ${u.p97_5} ms, p99 ${u.p99} ms, max ${u.max} ms`,
    ]);
    rows.push(['  cached and uncached answers identical', `${pq.sameAnswerCachedAndUncached}`]);
    rows.push(['  API RSS after start / after load', `${pq.serverRssMiBAfterStart} / ${pq.serverRssMiBAfterLoad} MiB`]);
  }
  if (r.bareApollo) {
    const l = r.bareApollo.load;
    rows.push([
      'bare Apollo `{ hello }`',
      `${l.rps} req/s, p50 ${l.p50} ms, p97.5 ${l.p97_5} ms, p99 ${l.p99} ms, max ${l.max} ms`,
    ]);
    rows.push(['ratio page query / bare Apollo', `${r.ratio} (response cache off: ${r.ratioUncached})`]);
  }
  const cs = r.coldStart;
  if (cs) {
    cs.embedded.forEach((s, i) =>
      rows.push([
        `embedded start ${i + 1}${s.firstStart ? ' (new data folder)' : ' (reopen)'}`,
        `${s.startMs} ms to /health 200, RSS ${s.rssMiB} MiB`,
      ]),
    );
    rows.push([
      'embedded warm restarts, median',
      `${cs.warmRestartMedianMs} ms, RSS ${cs.warmRestartMedianRssMiB} MiB`,
    ]);
    rows.push([
      `server-mode start with ${r.settings.functions} functions`,
      `${cs.server100k.startMs} ms to /health 200, RSS ${cs.server100k.rssMiB} MiB`,
    ]);
  }
  const w = Math.max(...rows.map(([k]) => k.length));
  // Always set by the time the summary is printed.
  const failures = r.failures ?? [];
  const lines = [
    '',
    `Registry benchmark — ${r.date}, ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}`,
    `${CONNECTIONS} connections, warm-up ${WARMUP_S} s, measured ${DURATION_S} s; latency percentiles are autocannon's (it reports p97.5 and p99, not p95)`,
    '',
    ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`),
    '',
    'Targets:',
    `  import of ${r.settings.functions} functions < ${TARGETS.importSeconds} s: ${imp ? `${imp.wallSeconds} s ${imp.wallSeconds < TARGETS.importSeconds ? 'PASS' : 'MISS'}` : 'not measured'}`,
    `  re-import inserts nothing: ${imp ? (imp.reimportNew === 0 ? 'PASS' : 'MISS') : 'not measured'}`,
    `  page query rps / bare Apollo rps >= ${TARGETS.rpsRatio}: ${r.ratio !== undefined ? `${r.ratio} ${r.ratio >= TARGETS.rpsRatio ? 'PASS' : 'MISS'}` : 'not measured'}`,
    `  page query without non-2xx or errors: ${pq ? (pq.load.non2xx + pq.load.errors + pq.load.timeouts + pq.uncachedLoad.non2xx + pq.uncachedLoad.errors + pq.uncachedLoad.timeouts === 0 ? 'PASS' : 'MISS') : 'not measured'}`,
    ...(failures.length ? ['', 'Failures:', ...failures.map((f) => `  ${f}`)] : []),
    '',
    `Total ${r.totalSeconds} s; figures written to bench-results/registry-bench.json`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const interrupt = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(130);
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
