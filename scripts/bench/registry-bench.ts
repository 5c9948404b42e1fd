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
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_HEADERS,
  autocannon,
  createBenchDatabase,
  elapsedSeconds,
  generateRegistry,
  importRegistry,
  log,
  machineFacts,
  median,
  PAGE_QUERY,
  ROOT,
  round,
  rssMiB,
  startApi,
  startBareApollo,
  startServer,
  stopAll,
  stopChildrenOnInterrupt,
  stopServer,
  type BenchDatabase,
  type Server,
} from './bench-kit.js';

const env = process.env;
const FUNCTIONS = Number(env.BENCH_FUNCTIONS ?? 100_000);
const SEED = Number(env.BENCH_SEED ?? 42);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 3);
const DURATION_S = Number(env.BENCH_DURATION_S ?? 12);
const SKIP_PAGES = Number(env.BENCH_SKIP_PAGES ?? 200);
const COLD_STARTS = Number(env.BENCH_COLD_STARTS ?? 3);
const PAGE = 50;

const TARGETS = { importSeconds: 30, rpsRatio: 0.25 };

// ---------------------------------------------------------------------------------------------
// Load

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
    headers: API_HEADERS,
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
  machine: ReturnType<typeof machineFacts>;
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
  const tmp = mkdtempSync(join(tmpdir(), 'registry-bench-'));
  let db: BenchDatabase | undefined;
  const results: Results = {
    date: new Date().toISOString(),
    machine: machineFacts(),
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
    db = await createBenchDatabase();
    const dbUrl = db.url;

    // a. generate and import
    const { file, run: gen } = await generateRegistry(tmp, FUNCTIONS, SEED);
    const imp = await importRegistry(dbUrl, file);
    const summary = imp.stderr.find((l) => l.includes('imported ')) ?? '';
    const phases = phaseTimes(imp.stderr);
    const reimp = await importRegistry(dbUrl, file, 're-import');
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
    apiServer = await startApi(dbUrl);
    log(
      `API (server database, ${FUNCTIONS} functions) ready in ${apiServer.startMs.toFixed(0)} ms, RSS ${apiServer.rssMiB} MiB`,
    );
    const gqlUrl = `http://127.0.0.1:${apiServer.port}/graphql`;
    const probe = await fetch(gqlUrl, {
      method: 'POST',
      headers: API_HEADERS,
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
        headers: API_HEADERS,
        body: JSON.stringify({ query: PAGE_QUERY, variables: { skip: 3 * PAGE, take: PAGE } }),
      }).then((r) => r.text());
    const cachedAnswer = await samplePage(gqlUrl);
    await stopServer(apiServer);

    // The same load with the response cache off: every request resolves its page from the database.
    const uncachedServer = await startApi(dbUrl, { RESPONSE_CACHE_MB: '0' });
    const uncachedUrl = `http://127.0.0.1:${uncachedServer.port}/graphql`;
    n = 0;
    const uncachedLoad = await load(uncachedUrl, pageBody, 'page query (response cache off)');
    const sameAnswer = (await samplePage(uncachedUrl)) === cachedAnswer;
    if (!sameAnswer) failures.push('the cached and the uncached API answer the same page differently');
    await stopServer(uncachedServer);

    const baseline = await startBareApollo();
    bare = baseline.server;
    const { url: bareUrl, body: bareBodyText } = baseline;
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
    await stopAll();
    try {
      await db?.drop();
    } catch (err) {
      failures.push(`could not drop ${db?.name}: ${(err as Error).message}`);
    }
    rmSync(tmp, { recursive: true, force: true });
  }

  results.failures = failures;
  results.totalSeconds = round(elapsedSeconds(), 1);
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

stopChildrenOnInterrupt();

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
