/**
 * Load benchmark: many concurrent clients sending a mix of reads, searches, duplicate queries and
 * writes to the API on a PostgreSQL server holding a generated registry, with the response cache
 * off and on, beside a bare Apollo Server in the same run. See docs/benchmarks.md, "Load".
 *
 *   npm run bench:load
 *
 * Settings (environment): LOAD_CONNECTIONS (64), LOAD_DURATION_S (60), LOAD_FUNCTIONS (100000),
 * LOAD_WARMUP_S (5), LOAD_PAGE_ONLY_S (20; 0 leaves the page-only phases out), LOAD_CHECK_RATE
 * (checkProposedFunction requests a second, 2), LOAD_SEED (42), BENCH_PG_URL.
 *
 * A fresh `bench_...` database is created and dropped at the end; every server is a child process.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_HEADERS,
  autocannon,
  cpuSeconds,
  createBenchDatabase,
  elapsedSeconds,
  generateRegistry,
  importRegistry,
  log,
  machineFacts,
  PAGE_ITEM_FIELDS,
  PAGE_QUERY,
  ROOT,
  round,
  rssMiB,
  sleep,
  startApi,
  startBareApollo,
  stopAll,
  stopChildrenOnInterrupt,
  stopServer,
  type BenchDatabase,
  type CannonResult,
  type Server,
} from './bench-kit.js';

const env = process.env;
const CONNECTIONS = Number(env.LOAD_CONNECTIONS ?? 64);
const DURATION_S = Number(env.LOAD_DURATION_S ?? 60);
const FUNCTIONS = Number(env.LOAD_FUNCTIONS ?? 100_000);
const WARMUP_S = Number(env.LOAD_WARMUP_S ?? 5);
const PAGE_ONLY_S = Number(env.LOAD_PAGE_ONLY_S ?? 20);
const CHECK_RATE = Number(env.LOAD_CHECK_RATE ?? 2);
const SEED = Number(env.LOAD_SEED ?? 42);
/** A database that already holds a registry: no generation or import, and it is kept afterwards. */
const EXISTING_DB = env.LOAD_DB_URL;
/** Which configurations to run: `off`, `on` or `both` (the response cache). */
const CACHE = env.LOAD_CACHE ?? 'both';
const REVIEW_TIMEOUT_MS = 15 * 60_000;
const SETTLE_MS = 60_000;

/**
 * Environment for the API under load. The heavy operations (parseLegalText, importLegalText,
 * startReviewRun, checkProposedFunction) are limited per client address (HEAVY_RATE_LIMIT a
 * minute), and every request of this bench comes from one address standing for many users, so the
 * limit is lifted; the mix still sends checkProposedFunction only as a trickle (LOAD_CHECK_RATE a
 * second) and startReviewRun once.
 */
const RATE_LIMIT_ENV: Record<string, string> = { HEAVY_RATE_LIMIT: '0' };

// ---------------------------------------------------------------------------------------------
// The mix

type Kind = 'page' | 'search' | 'duplicatesLive' | 'duplicatesStored' | 'write' | 'checkProposed';

/** Share of the connections each kind of request gets; the page takes what the others leave. */
const SHARES: Record<Exclude<Kind, 'page' | 'checkProposed'>, number> = {
  search: 0.15,
  duplicatesLive: 0.1,
  duplicatesStored: 0.1,
  write: 0.125,
};

const DESCRIPTIONS: Record<Kind, string> = {
  page: 'page of 50 with holder, legal basis and tags; skip, filters and sort vary',
  search: 'full-text search, 20 with holder and totalCount',
  duplicatesLive: 'functionDuplicates (live check of a registered function)',
  duplicatesStored: 'duplicatePairs of the stored review run, filters vary',
  write: 'createStateFunction, then updateStateFunction with its version',
  checkProposed: `checkProposedFunction, a trickle of ${CHECK_RATE}/s`,
};

const SEARCH_QUERY = `query Search($q: String!) {
  stateFunctions(filter: { search: $q }, take: 20) { totalCount items { id code title holder { code } } }
}`;
const PAGE_FILTERED_QUERY = `query Page($skip: Int!, $take: Int!, $filter: FunctionFilter, $sort: FunctionSort) {
  stateFunctions(skip: $skip, take: $take, filter: $filter, sort: $sort) {
    totalCount
    items {
      ${PAGE_ITEM_FIELDS}
    }
  }
}`;
const LIVE_DUPLICATES_QUERY = `query Dup($id: ID!) {
  functionDuplicates(id: $id, limit: 5) { band axis score reasons { code } b { code holder { code } } }
}`;
const STORED_DUPLICATES_QUERY = `query Pairs($skip: Int!, $filter: DuplicatePairFilter) {
  duplicatePairs(skip: $skip, take: 20, filter: $filter) {
    totalCount items { id band axis score reviewStatus a { code holder { code } } b { code holder { code } } }
  }
}`;
const CHECK_QUERY = `query Check($t: String!, $h: ID!) {
  checkProposedFunction(input: { title: $t, holderId: $h }, limit: 3) { band axis score b { code } }
}`;
const CREATE_MUTATION = `mutation Create($input: CreateStateFunctionInput!) {
  createStateFunction(input: $input) { id code version }
}`;
const UPDATE_MUTATION = `mutation Update($input: UpdateStateFunctionInput!) {
  updateStateFunction(input: $input) { id code version status }
}`;

const SEARCHES = [
  'образование',
  'государственный контроль',
  'лицензирование',
  'аттестацыя',
  'земельных участков',
  'разрабатывает и утверждает правила',
  'транспорт',
  'охрана окружающей среды',
  'ведет реестр',
  'спорт -туризм',
];
const PAGE_VARIANTS: { filter?: Record<string, unknown>; sort?: Record<string, unknown> }[] = [
  {},
  {},
  { filter: { levels: ['DISTRICT'] } },
  { filter: { types: ['CONTROL'] } },
  { filter: { sector: 'agriculture' } },
  { filter: { tag: { value: 'контрольно-надзорная функция' } } },
  { sort: { field: 'TITLE', direction: 'ASC' } },
  { filter: { unclassified: false }, sort: { field: 'UPDATED_AT', direction: 'DESC' } },
];
const PAIR_FILTERS: (Record<string, unknown> | undefined)[] = [
  undefined,
  { bands: ['DUPLICATE'] },
  { axes: ['VERTICAL'] },
  { minScore: 0.8 },
  { levels: ['CENTRAL'] },
];

interface Fixtures {
  agencyIds: string[];
  functionIds: string[];
  totalFunctions: number;
}

type Context = Record<string, unknown>;
interface RequestStep {
  setupRequest: (req: Record<string, unknown>, context: Context) => Record<string, unknown>;
  onResponse: (status: number, body: string, context: Context) => void;
}

/** What one kind of request met: GraphQL errors in 2xx answers, with the first few messages. */
interface Tally {
  graphqlErrors: number;
  checked: number;
  messages: Map<string, number>;
}

const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
const pick = <T>(xs: T[], i: number): T => xs[((i % xs.length) + xs.length) % xs.length];

/** The steps of one kind; each connection walks them in order, again and again. */
function stepsOf(kind: Kind, fx: Fixtures, tally: Tally, pageOnlyPlain = false): RequestStep[] {
  let n = 0;
  const next = () => n++ * 7919;
  /** Counts an answer with `errors` as an error, whatever its status; returns the parsed body. */
  const check = (status: number, body: string): Record<string, unknown> | undefined => {
    tally.checked++;
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    if (status >= 200 && status < 300 && (!parsed || parsed.errors)) {
      tally.graphqlErrors++;
      const errors = parsed?.errors as { message?: string; extensions?: { code?: string } }[] | undefined;
      const message = errors
        ? `${errors[0]?.extensions?.code ?? ''} ${errors[0]?.message ?? ''}`.trim()
        : `not JSON: ${body.slice(0, 100)}`;
      if (tally.messages.size < 20 || tally.messages.has(message))
        tally.messages.set(message, (tally.messages.get(message) ?? 0) + 1);
    }
    return parsed;
  };
  const readOnly = (body: () => string): RequestStep[] => [
    { setupRequest: (req) => ({ ...req, body: body() }), onResponse: (status, body) => void check(status, body) },
  ];
  const pages = Math.max(1, Math.min(200, Math.floor(fx.totalFunctions / 50)));
  switch (kind) {
    case 'page':
      if (pageOnlyPlain) return readOnly(() => gql(PAGE_QUERY, { skip: (next() % pages) * 50, take: 50 }));
      return readOnly(() => {
        const i = next();
        const v = pick(PAGE_VARIANTS, i);
        // Filtered lists are shorter: their pages stay within the first 20.
        const skip = (v.filter ? i % 20 : i % pages) * 50;
        return gql(PAGE_FILTERED_QUERY, { skip, take: 50, filter: v.filter, sort: v.sort });
      });
    case 'search':
      return readOnly(() => gql(SEARCH_QUERY, { q: pick(SEARCHES, next()) }));
    case 'duplicatesLive':
      return readOnly(() => gql(LIVE_DUPLICATES_QUERY, { id: pick(fx.functionIds, next()) }));
    case 'duplicatesStored':
      return readOnly(() => {
        const i = next();
        return gql(STORED_DUPLICATES_QUERY, { skip: (i % 10) * 20, filter: pick(PAIR_FILTERS, i) });
      });
    case 'checkProposed':
      return readOnly(() =>
        gql(CHECK_QUERY, {
          t: `${pick(['организует', 'осуществляет', 'разрабатывает'], next())} ${pick(SEARCHES, n)} на территории`,
          h: pick(fx.agencyIds, n),
        }),
      );
    case 'write':
      return [
        {
          setupRequest: (req, ctx) => {
            const i = next();
            ctx.id = undefined;
            return {
              ...req,
              body: gql(CREATE_MUTATION, {
                input: {
                  holderId: pick(fx.agencyIds, i),
                  titleRu: `организует проверку нагрузки на реестр № ${i} (${pick(SEARCHES, i)})`,
                  sector: 'digital',
                  tags: [{ value: 'нагрузочный тест' }],
                },
              }),
            };
          },
          onResponse: (status, body, ctx) => {
            const fn = (check(status, body)?.data as { createStateFunction?: { id: string; version: number } })
              ?.createStateFunction;
            ctx.id = fn?.id;
            ctx.version = fn?.version;
          },
        },
        {
          // Version-checked: the version the create answered, as a client editing it would send.
          setupRequest: (req, ctx) => ({
            ...req,
            body: gql(UPDATE_MUTATION, {
              input: {
                id: ctx.id ?? '00000000-0000-0000-0000-000000000000',
                version: ctx.version ?? 1,
                status: 'ACTIVE',
              },
            }),
          }),
          onResponse: (status, body) => void check(status, body),
        },
      ];
  }
}

/** How many connections each kind gets out of `total`. */
function connectionsByKind(total: number): [Kind, number][] {
  const out: [Kind, number][] = [];
  let used = 1; // checkProposed: one connection, rate-limited
  for (const [kind, share] of Object.entries(SHARES) as [Kind, number][]) {
    const c = Math.max(1, Math.round(total * share));
    out.push([kind, c]);
    used += c;
  }
  if (total - used < 1) throw new Error(`LOAD_CONNECTIONS=${total} is too few for the mix (at least ${used + 1})`);
  return [['page', total - used], ...out, ['checkProposed', 1]];
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface KindResult {
  kind: Kind;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  graphqlErrors: number;
  errorMessages: Record<string, number>;
}

interface PhaseResult {
  config: string;
  phase: 'mix' | 'page only' | 'hello';
  seconds: number;
  kinds: KindResult[];
  totalRps: number;
  serverCpuSeconds: number | null;
  serverCpuPerRequestMs: number | null;
  serverRssMiB: number | null;
}

/** Runs every kind at once, each with its own connections, for `seconds`; measures the server's CPU. */
async function runPhase(
  config: string,
  phase: PhaseResult['phase'],
  url: string,
  plan: { kind: Kind; connections: number; steps: RequestStep[]; tally: Tally; rate?: number }[],
  seconds: number,
  server: Server,
): Promise<PhaseResult> {
  const cpu0 = cpuSeconds(server.child.pid!);
  const results = await Promise.all(
    plan.map((p) =>
      autocannon({
        url,
        method: 'POST',
        connections: p.connections,
        duration: seconds,
        headers: API_HEADERS,
        requests: p.steps,
        ...(p.rate ? { overallRate: p.rate } : {}),
      }),
    ),
  );
  const cpu1 = cpuSeconds(server.child.pid!);
  const kinds = plan.map((p, i) => kindResult(p.kind, p.connections, results[i], p.tally));
  const total = kinds.reduce((a, k) => a + k.requests, 0);
  const serverCpu = cpu0 !== null && cpu1 !== null ? round(cpu1 - cpu0, 2) : null;
  const out: PhaseResult = {
    config,
    phase,
    seconds,
    kinds,
    totalRps: round(total / seconds, 1),
    serverCpuSeconds: serverCpu,
    serverCpuPerRequestMs: serverCpu !== null && total > 0 ? round((serverCpu * 1000) / total, 2) : null,
    serverRssMiB: rssMiB(server.child.pid!),
  };
  for (const k of kinds)
    log(
      `${config}, ${phase}, ${phase === 'hello' ? '{ hello }' : k.kind}: ${k.rps} req/s, p50 ${k.p50} ms, p99 ${k.p99} ms, non-2xx ${k.non2xx}, GraphQL errors ${k.graphqlErrors}`,
    );
  await settle(server);
  return out;
}

/**
 * Requests still in flight when the clients stopped are still being answered, and the next phase
 * would start behind them: waits until the server answers its health check (which queues for a
 * database connection like any request) within a quarter of a second, for at most SETTLE_MS.
 */
async function settle(server: Server): Promise<void> {
  const until = Date.now() + SETTLE_MS;
  while (Date.now() < until) {
    const started = Date.now();
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/health`, { signal: AbortSignal.timeout(SETTLE_MS) });
      await res.arrayBuffer();
    } catch {
      /* bare Apollo has no /health; the answer's time is what counts */
    }
    if (Date.now() - started < 250) return;
    await sleep(250);
  }
}

function kindResult(kind: Kind, connections: number, r: CannonResult, tally: Tally): KindResult {
  return {
    kind,
    connections,
    requests: r.requests.total,
    rps: round(r.requests.total / r.duration, 1),
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    socketErrors: r.errors,
    timeouts: r.timeouts,
    graphqlErrors: tally.graphqlErrors,
    errorMessages: Object.fromEntries(tally.messages),
  };
}

const newTally = (): Tally => ({ graphqlErrors: 0, checked: 0, messages: new Map() });

function mixPlan(fx: Fixtures) {
  return connectionsByKind(CONNECTIONS)
    .map(([kind, connections]) => ({
      kind,
      connections,
      steps: [] as RequestStep[],
      tally: newTally(),
      rate: kind === 'checkProposed' ? CHECK_RATE : undefined,
    }))
    .map((p) => ({ ...p, steps: stepsOf(p.kind, fx, p.tally) }));
}

// ---------------------------------------------------------------------------------------------
// Setting up

async function post<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: API_HEADERS,
    body: gql(query, variables),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(`${query.slice(0, 60)}... answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body.data;
}

/** Ids for the mix, and one review run of the whole registry so that stored pairs exist. */
async function prepare(url: string): Promise<{ fixtures: Fixtures; review: Record<string, unknown> }> {
  const agencies = await post<{ agencies: { items: { id: string }[] } }>(
    url,
    `query { agencies(take: 100) { items { id } } }`,
  );
  const functionIds: string[] = [];
  let totalFunctions = 0;
  for (const skip of [0, 5000, 20000, 50000]) {
    const page = await post<{ stateFunctions: { totalCount: number; items: { id: string }[] } }>(
      url,
      `query ($skip: Int!) { stateFunctions(skip: $skip, take: 100) { totalCount items { id } } }`,
      { skip },
    );
    totalFunctions = page.stateFunctions.totalCount;
    functionIds.push(...page.stateFunctions.items.map((f) => f.id));
  }
  if (agencies.agencies.items.length === 0 || functionIds.length === 0) throw new Error('the registry is empty');

  const started = Date.now();
  const { startReviewRun } = await post<{ startReviewRun: { id: string } }>(
    url,
    `mutation { startReviewRun { id status } }`,
  );
  log(`review run ${startReviewRun.id} started`);
  for (;;) {
    const { reviewRun } = await post<{ reviewRun: { status: string; error: string | null; stats: unknown } }>(
      url,
      `query ($id: ID!) { reviewRun(id: $id) { status error stats } }`,
      { id: startReviewRun.id },
    );
    if (reviewRun.status === 'SUCCEEDED') {
      log(`review run done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(reviewRun.stats)}`);
      return {
        fixtures: { agencyIds: agencies.agencies.items.map((a) => a.id), functionIds, totalFunctions },
        review: { seconds: round((Date.now() - started) / 1000, 1), stats: reviewRun.stats },
      };
    }
    if (reviewRun.status === 'FAILED') throw new Error(`the review run failed: ${reviewRun.error}`);
    if (Date.now() - started > REVIEW_TIMEOUT_MS) throw new Error('the review run did not finish in time');
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------

interface Results {
  date: string;
  machine: ReturnType<typeof machineFacts>;
  settings: Record<string, number>;
  mix: Record<Kind, { connections: number; what: string }>;
  importSeconds?: number;
  review?: Record<string, unknown>;
  phases: PhaseResult[];
  ratioUncachedPage?: number;
  failures: string[];
  totalSeconds?: number;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'load-bench-'));
  let db: BenchDatabase | undefined;
  const results: Results = {
    date: new Date().toISOString(),
    machine: machineFacts(),
    settings: {
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      functions: FUNCTIONS,
      warmupSeconds: WARMUP_S,
      pageOnlySeconds: PAGE_ONLY_S,
      checkProposedPerSecond: CHECK_RATE,
      seed: SEED,
    },
    mix: Object.fromEntries(
      connectionsByKind(CONNECTIONS).map(([k, c]) => [k, { connections: c, what: DESCRIPTIONS[k] }]),
    ) as Results['mix'],
    phases: [],
    failures: [],
  };
  try {
    let dbUrl = EXISTING_DB;
    if (!dbUrl) {
      db = await createBenchDatabase();
      dbUrl = db.url;
      const { file } = await generateRegistry(tmp, FUNCTIONS, SEED);
      const imp = await importRegistry(db.url, file);
      results.importSeconds = round(imp.seconds, 1);
    }

    let fixtures: Fixtures | undefined;
    const configs = (
      [
        ['response cache off', '0'],
        ['response cache on', undefined],
      ] as const
    ).filter(([, mb]) => CACHE === 'both' || (CACHE === 'off') === (mb === '0'));
    for (const [config, cacheMb] of configs) {
      const api = await startApi(dbUrl, { RESPONSE_CACHE_MB: cacheMb, ...RATE_LIMIT_ENV });
      const url = `http://127.0.0.1:${api.port}/graphql`;
      log(`API (${config}) ready in ${api.startMs.toFixed(0)} ms`);
      if (!fixtures) {
        const prepared = await prepare(url);
        fixtures = prepared.fixtures;
        results.review = prepared.review;
      }
      // The first live check builds the in-memory index; it is not what the load measures.
      await post(url, LIVE_DUPLICATES_QUERY, { id: fixtures.functionIds[0] });
      if (WARMUP_S > 0) {
        log(`${config}: warm-up ${WARMUP_S} s`);
        await runPhase(config, 'mix', url, mixPlan(fixtures), WARMUP_S, api);
      }
      log(`${config}: mix, ${CONNECTIONS} connections, ${DURATION_S} s`);
      results.phases.push(await runPhase(config, 'mix', url, mixPlan(fixtures), DURATION_S, api));
      if (PAGE_ONLY_S > 0) {
        const tally = newTally();
        log(`${config}: page only, ${CONNECTIONS} connections, ${PAGE_ONLY_S} s`);
        results.phases.push(
          await runPhase(
            config,
            'page only',
            url,
            [{ kind: 'page', connections: CONNECTIONS, tally, steps: stepsOf('page', fixtures, tally, true) }],
            PAGE_ONLY_S,
            api,
          ),
        );
      }
      await stopServer(api);
    }

    const bare = await startBareApollo();
    const hello = { kind: 'page' as Kind, connections: CONNECTIONS, tally: newTally() };
    const helloSteps: RequestStep[] = [
      { setupRequest: (req) => ({ ...req, body: bare.body }), onResponse: () => undefined },
    ];
    if (WARMUP_S > 0)
      await runPhase('bare Apollo', 'hello', bare.url, [{ ...hello, steps: helloSteps }], WARMUP_S, bare.server);
    log(`bare Apollo { hello }, ${CONNECTIONS} connections, ${PAGE_ONLY_S || DURATION_S} s`);
    results.phases.push(
      await runPhase(
        'bare Apollo',
        'hello',
        bare.url,
        [{ ...hello, steps: helloSteps }],
        PAGE_ONLY_S || DURATION_S,
        bare.server,
      ),
    );
    await stopServer(bare.server);

    const bareRps = results.phases.at(-1)!.totalRps;
    const uncachedPage =
      results.phases.find((p) => p.config === 'response cache off' && p.phase === 'page only') ??
      results.phases.find((p) => p.config === 'response cache off' && p.phase === 'mix');
    const pageRps = uncachedPage?.kinds.find((k) => k.kind === 'page')?.rps;
    if (pageRps !== undefined && bareRps > 0) results.ratioUncachedPage = round(pageRps / bareRps, 4);

    for (const p of results.phases)
      for (const k of p.kinds) {
        // autocannon counts a time-out among its errors too.
        const bad = k.non2xx + k.socketErrors + k.graphqlErrors;
        if (bad > 0)
          results.failures.push(
            `${p.config}, ${p.phase}, ${k.kind}: ${k.non2xx} non-2xx, ${k.socketErrors} socket errors, ${k.timeouts} timeouts, ${k.graphqlErrors} GraphQL errors ${JSON.stringify(k.errorMessages)}`,
          );
      }
  } catch (err) {
    results.failures.push(err instanceof Error ? err.message : String(err));
  } finally {
    await stopAll();
    try {
      await db?.drop();
    } catch (err) {
      results.failures.push(`could not drop ${db?.name}: ${(err as Error).message}`);
    }
    rmSync(tmp, { recursive: true, force: true });
  }
  if (results.failures.length) process.exitCode = 1;
  results.totalSeconds = round(elapsedSeconds(), 1);
  const outDir = join(ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'load-bench.json'), JSON.stringify(results, null, 2) + '\n');
  printSummary(results);
}

function printSummary(r: Results): void {
  const header = [
    'configuration',
    'phase',
    'kind',
    'conns',
    'requests',
    'errors',
    'timeouts',
    'non-2xx',
    'req/s',
    'p50 ms',
    'p99 ms',
  ];
  const rows: string[][] = [];
  for (const p of r.phases) {
    for (const k of p.kinds)
      rows.push([
        p.config,
        p.phase,
        p.phase === 'hello' ? '{ hello }' : k.kind,
        String(k.connections),
        String(k.requests),
        String(k.graphqlErrors + k.socketErrors),
        String(k.timeouts),
        String(k.non2xx),
        k.rps.toFixed(1),
        String(k.p50),
        String(k.p99),
      ]);
    if (p.kinds.length > 1)
      rows.push([p.config, p.phase, 'all', String(CONNECTIONS), '', '', '', '', p.totalRps.toFixed(1), '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const cpuLines = r.phases.map(
    (p) =>
      `  ${p.config}, ${p.phase}: server CPU ${p.serverCpuSeconds ?? '?'} s, ${p.serverCpuPerRequestMs ?? '?'} ms a request, RSS ${p.serverRssMiB ?? '?'} MiB`,
  );
  const out = [
    '',
    `Load benchmark — ${r.date}, ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}`,
    `${FUNCTIONS} functions (import ${r.importSeconds ?? '?'} s), ${CONNECTIONS} connections, ${DURATION_S} s a mix, ${PAGE_ONLY_S} s page only, warm-up ${WARMUP_S} s`,
    `review run before the load: ${JSON.stringify(r.review ?? null)}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...cpuLines,
    '',
    `ratio uncached page / bare Apollo: ${r.ratioUncachedPage ?? 'not measured'}`,
    `errors (GraphQL errors in 2xx answers, socket errors; time-outs, 10 s, are among them) and non-2xx: ${r.failures.length ? 'SOME, see below' : 'none'}`,
    ...(r.failures.length ? ['', 'Failures:', ...r.failures.map((f) => `  ${f}`)] : []),
    '',
    `Total ${r.totalSeconds} s; figures written to bench-results/load-bench.json`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

stopChildrenOnInterrupt();

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
