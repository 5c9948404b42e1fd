/**
 * Faults that take a whole database or process down, measured against the built API on a private
 * PostgreSQL cluster (see cluster.ts and docs/benchmarks.md#faults):
 *
 *   npm run faults
 *
 *  1. the database restarted (`pg_ctl restart -m fast`) under a read and write load;
 *  2. the database crashed and recovered (`-m immediate`) under the same load;
 *  3. SIGTERM to the API while writes run.
 *
 * Every acknowledged write (a createStateFunction that answered an id) is checked afterwards, with
 * its revision and its tag: a function without them would be half-applied. The writes carry an
 * externalId, so a write whose answer was lost can be looked up too.
 *
 * Settings (environment): FAULTS_WRITERS (3), FAULTS_READERS (3), FAULTS_BEFORE_S (4: load before
 * the fault), FAULTS_AFTER_S (8: load after the database is back), FAULTS_RECOVER_S (5: the most
 * time allowed from "database back" to the last failed request).
 *
 * Prints one table with PASS or FAIL per fault; the exit status is 1 when any fault failed.
 */
import type { ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { API_HEADERS, BENCH_AUTH_SECRET, startServer } from '../bench/bench-kit.js';
import { Cluster, startCluster, StopMode } from './cluster.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const API = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const env = process.env;
const WRITERS = Number(env.FAULTS_WRITERS ?? 3);
const READERS = Number(env.FAULTS_READERS ?? 3);
const BEFORE_MS = Number(env.FAULTS_BEFORE_S ?? 4) * 1000;
const AFTER_MS = Number(env.FAULTS_AFTER_S ?? 8) * 1000;
const RECOVER_MS = Number(env.FAULTS_RECOVER_S ?? 5) * 1000;
/** The codes a client may meet while the database is away, each marked retryable. */
const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'SERVICE_BUSY']);
/** Anything that looks like a stack trace or a driver's own words in an answer. */
const LEAK = /stacktrace|\n\s+at |\.js:\d+|ECONNREFUSED|terminating connection/;

const t0 = Date.now();
const log = (msg: string) =>
  process.stderr.write(`[faults ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The API in a child process

interface Api {
  child: ChildProcess;
  port: number;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** The built API as `npm start` runs it on a server database, ready once `/health` answers. */
async function startApi(databaseUrl: string): Promise<Api> {
  const server = await startServer(
    [API],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      SEED_ON_START: 'reference',
      LOG_LEVEL: 'warn',
      AUTH_LOCAL_SECRET: BENCH_AUTH_SECRET,
    },
    '/health',
  );
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    server.child.on('exit', (code, signal) => r({ code, signal, at: Date.now() })),
  );
  return { child: server.child, port: server.port, output: server.log, exit };
}

// ---------------------------------------------------------------------------------------------
// Load: every request recorded

interface Op {
  kind: 'read' | 'write';
  start: number;
  end: number;
  ok: boolean;
  /** extensions.code of the first error, or `network: …` when no HTTP answer came. */
  code?: string;
  retryable?: boolean;
  leak?: boolean;
  externalId?: string;
  id?: string;
}

const CREATE = `mutation ($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { id } }`;
const READ = `query ($skip: Int!) { stateFunctions(skip: $skip, take: 5, filter: { sector: "faults" }) { items { id tags { value } } } }`;

interface GqlAnswer {
  data?: Record<string, { id?: string } | null> | null;
  errors?: { message: string; extensions?: { code?: string; retryable?: boolean } }[];
}

async function graphql(port: number, query: string, variables: Record<string, unknown>): Promise<Omit<Op, 'kind'>> {
  const start = Date.now();
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: API_HEADERS,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const end = Date.now();
    let body: GqlAnswer;
    try {
      body = JSON.parse(text) as GqlAnswer;
    } catch {
      return { start, end, ok: false, code: `http ${res.status}`, leak: LEAK.test(text) };
    }
    const error = body.errors?.[0];
    if (error)
      return {
        start,
        end,
        ok: false,
        code: error.extensions?.code ?? 'no code',
        retryable: error.extensions?.retryable === true,
        leak: LEAK.test(text),
      };
    const id = body.data?.createStateFunction?.id;
    return { start, end, ok: true, id: id ?? undefined };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { start, end: Date.now(), ok: false, code: `network: ${cause}` };
  }
}

interface Load {
  ops: Op[];
  stop(): Promise<void>;
}

/** Writers create functions (with a tag each) one after another; readers page through them. */
function startLoad(port: number, holderId: string, label: string, readers = READERS): Load {
  const ops: Op[] = [];
  let stopped = false;
  const writer = async (w: number) => {
    for (let n = 0; !stopped; n++) {
      const externalId = `faults-${label}-${w}-${n}`;
      const input = {
        holderId,
        externalId,
        titleRu: `функция ${externalId}`,
        sector: 'faults',
        tags: [{ value: label }],
      };
      ops.push({ kind: 'write', externalId, ...(await graphql(port, CREATE, { input })) });
      if (!ops[ops.length - 1].ok) await sleep(50);
    }
  };
  const reader = async () => {
    while (!stopped) {
      ops.push({ kind: 'read', ...(await graphql(port, READ, { skip: Math.floor(Math.random() * 50) })) });
      if (!ops[ops.length - 1].ok) await sleep(50);
    }
  };
  const loops = [
    ...Array.from({ length: WRITERS }, (_, w) => writer(w)),
    ...Array.from({ length: readers }, () => reader()),
  ];
  return {
    ops,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** GET /health every 200 ms: its status codes over time. */
function watchHealth(port: number): { samples: { at: number; status: number }[]; stop(): Promise<void> } {
  const samples: { at: number; status: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) }).catch(
        () => undefined,
      );
      await res?.arrayBuffer().catch(() => undefined);
      samples.push({ at, status: res?.status ?? 0 });
      await sleep(200);
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// What the database holds afterwards

interface Stored {
  acknowledged: number;
  found: number;
  /** Functions of this run without their revision or their tag. */
  halfApplied: number;
  /** Writes answered with an error or not at all, that are stored all the same. */
  unansweredStored: number;
  unanswered: number;
}

async function checkStored(databaseUrl: string, ops: Op[], label: string): Promise<Stored> {
  const writes = ops.filter((o) => o.kind === 'write');
  const acked = writes.filter((o) => o.ok && o.id).map((o) => o.id!);
  const unanswered = writes.filter((o) => !o.ok).map((o) => o.externalId!);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const found = (
      await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM state_function WHERE id = ANY($1::uuid[])`, [acked])
    ).rows[0].n;
    const halfApplied = (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM state_function f
         WHERE f.external_id LIKE $1
           AND (NOT EXISTS (SELECT 1 FROM function_revision r WHERE r.function_id = f.id)
             OR NOT EXISTS (SELECT 1 FROM function_tag t WHERE t.function_id = f.id))`,
        [`faults-${label}-%`],
      )
    ).rows[0].n;
    const unansweredStored = (
      await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM state_function WHERE external_id = ANY($1)`, [
        unanswered,
      ])
    ).rows[0].n;
    return { acknowledged: acked.length, found, halfApplied, unansweredStored, unanswered: unanswered.length };
  } finally {
    await db.end();
  }
}

/** The internal errors the API logged (JSON lines at level error, from the GraphQL error formatter). */
function internalErrors(lines: string[]): string[] {
  return lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { level?: number; context?: string; msg?: string };
      return entry.level === 50 && entry.context === 'GraphQL' ? [entry.msg ?? line] : [];
    } catch {
      return [];
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The faults

interface Result {
  fault: string;
  pass: boolean;
  figures: [string, string][];
  problems: string[];
}

async function restartUnderLoad(cluster: Cluster, api: Api, mode: StopMode, holderId: string): Promise<Result> {
  const label = `restart-${mode}`;
  log(`${label}: load for ${BEFORE_MS / 1000} s, then pg_ctl restart -m ${mode}`);
  const health = watchHealth(api.port);
  const load = startLoad(api.port, holderId, label);
  const logFrom = api.output.length;
  await sleep(BEFORE_MS);
  const down = Date.now();
  await cluster.restart(mode);
  const back = Date.now();
  log(`${label}: database back after ${((back - down) / 1000).toFixed(1)} s; load for ${AFTER_MS / 1000} s more`);
  await sleep(AFTER_MS);
  await load.stop();
  await health.stop();

  const ops = load.ops;
  const failed = ops.filter((o) => !o.ok);
  const lastFail = Math.max(down, ...failed.map((o) => o.end));
  const recoverMs = Math.max(0, lastFail - back);
  const outside = failed.filter((o) => o.end < down || o.start > back + RECOVER_MS);
  const codes = [...new Set(failed.map((o) => o.code!))];
  const network = failed.filter((o) => o.code?.startsWith('network'));
  const leaks = ops.filter((o) => o.leak);
  const notRetryable = failed.filter((o) => !RETRYABLE.has(o.code!) || !o.retryable);
  const after = ops.filter((o) => o.start > back + RECOVER_MS);
  const red = health.samples.filter((s) => s.at >= down - 500 && s.status === 503);
  const greenAgain = health.samples.find((s) => s.at > back && s.status === 200);
  const lastHealth = health.samples[health.samples.length - 1]?.status;
  const alive = api.child.exitCode === null && api.child.signalCode === null;
  const stored = await checkStored(cluster.url('registry'), ops, label);
  const internal = internalErrors(api.output.slice(logFrom));

  const problems: string[] = [];
  if (!alive) problems.push('the API process exited');
  for (const line of internal.slice(0, 3)) problems.push(`logged: ${line.slice(0, 400)}`);
  if (outside.length) problems.push(`${outside.length} failures outside the outage window`);
  if (network.length) problems.push(`${network.length} requests got no HTTP answer`);
  if (leaks.length) problems.push(`${leaks.length} answers showed a stack trace or driver text`);
  if (notRetryable.length)
    problems.push(
      `${notRetryable.length} errors not catalogued as retryable: ${[...new Set(notRetryable.map((o) => o.code))].join(', ')}`,
    );
  if (recoverMs > RECOVER_MS) problems.push(`recovery took ${(recoverMs / 1000).toFixed(1)} s`);
  if (!after.length || after.some((o) => !o.ok)) problems.push('requests after the recovery window failed or none ran');
  if (!red.length) problems.push('/health never answered 503');
  if (lastHealth !== 200) problems.push(`/health ends at ${lastHealth}`);
  if (stored.found !== stored.acknowledged)
    problems.push(`${stored.acknowledged - stored.found} acknowledged writes are missing`);
  if (stored.halfApplied) problems.push(`${stored.halfApplied} functions half-applied`);

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return {
    fault: `database ${mode === 'fast' ? 'restarted (pg_ctl restart -m fast)' : 'crashed (pg_ctl restart -m immediate)'}`,
    pass: problems.length === 0,
    problems,
    figures: [
      [
        'requests (reads + writes)',
        `${ops.length} (${ops.filter((o) => o.kind === 'read').length} + ${ops.filter((o) => o.kind === 'write').length})`,
      ],
      ['outage: restart command until the database accepts connections', s(back - down)],
      [
        'errors, all inside the outage window',
        `${failed.length} (${codes.join(', ') || 'none'}), ${outside.length} outside` +
          (failed.length
            ? `; answered from +${s(Math.min(...failed.map((o) => o.end)) - down)} to +${s(lastFail - down)} of the restart command`
            : ''),
      ],
      ['time to recover: database back → last failed request', s(recoverMs)],
      [
        '/health',
        `${red.length} × 503 during the outage, 200 again ${greenAgain ? s(greenAgain.at - back) : 'never'} after the database was back`,
      ],
      ['API process', alive ? 'kept running' : 'exited'],
      ['acknowledged writes / found afterwards', `${stored.acknowledged} / ${stored.found}`],
      ['writes without an answer / stored anyway', `${stored.unanswered} / ${stored.unansweredStored}`],
      ['half-applied functions (no revision or no tag)', String(stored.halfApplied)],
    ],
  };
}

async function sigtermDuringWrites(cluster: Cluster, api: Api, holderId: string): Promise<Result> {
  const label = 'sigterm';
  log(`${label}: writes for ${BEFORE_MS / 1000} s, then SIGTERM to the API`);
  const load = startLoad(api.port, holderId, label, 0);
  await sleep(BEFORE_MS);
  const sent = Date.now();
  api.child.kill('SIGTERM');
  const killTimer = setTimeout(() => api.child.kill('SIGKILL'), 30_000);
  const exit = await api.exit;
  clearTimeout(killTimer);
  // Writers carry on until they meet a closed port: the requests that arrive during shutdown count too.
  await sleep(500);
  await load.stop();
  const ops = load.ops.filter((o) => o.kind === 'write');
  const inFlight = ops.filter((o) => o.start <= sent && o.end >= sent);
  const during = ops.filter((o) => o.start > sent && o.start <= exit.at);
  const byOutcome = (list: Op[]) => {
    const counts = new Map<string, number>();
    for (const o of list) counts.set(o.ok ? 'ok' : o.code!, (counts.get(o.ok ? 'ok' : o.code!) ?? 0) + 1);
    return [...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'none';
  };
  const stored = await checkStored(cluster.url('registry'), ops, label);
  const problems: string[] = [];
  if (stored.found !== stored.acknowledged)
    problems.push(`${stored.acknowledged - stored.found} acknowledged writes are missing`);
  if (stored.halfApplied) problems.push(`${stored.halfApplied} functions half-applied`);
  if (exit.signal === 'SIGKILL') problems.push('the API did not stop within 30 s of SIGTERM');
  return {
    fault: 'SIGTERM to the API during writes',
    pass: problems.length === 0,
    problems,
    figures: [
      ['writes', String(ops.length)],
      [
        'exit',
        `${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}, ${((exit.at - sent) / 1000).toFixed(2)} s after SIGTERM`,
      ],
      ['writes in flight at SIGTERM', `${inFlight.length}: ${byOutcome(inFlight)}`],
      ['writes sent between SIGTERM and exit', `${during.length}: ${byOutcome(during)}`],
      ['acknowledged writes / found afterwards', `${stored.acknowledged} / ${stored.found}`],
      ['writes without an answer / stored anyway', `${stored.unanswered} / ${stored.unansweredStored}`],
      ['half-applied functions (no revision or no tag)', String(stored.halfApplied)],
    ],
  };
}

// ---------------------------------------------------------------------------------------------

function printTable(results: Result[]): void {
  const width = Math.max(...results.flatMap((r) => r.figures.map(([k]) => k.length)));
  const lines = ['', `Faults (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`, ''];
  for (const r of results) {
    lines.push(`${r.pass ? 'PASS' : 'FAIL'}  ${r.fault}`);
    for (const [k, v] of r.figures) lines.push(`      ${k.padEnd(width)}  ${v}`);
    for (const p of r.problems) lines.push(`      ! ${p}`);
    lines.push('');
  }
  const failed = results.filter((r) => !r.pass).length;
  lines.push(`${results.length - failed} passed, ${failed} failed`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  log('starting a private PostgreSQL cluster');
  const cluster = await startCluster();
  let api: Api | undefined;
  const results: Result[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE registry');
    await admin.end();
    log(`cluster on port ${cluster.port}; starting the API (migrations, reference data)`);
    api = await startApi(cluster.url('registry'));
    const holder = (await (
      await fetch(`http://127.0.0.1:${api.port}/graphql`, {
        method: 'POST',
        headers: API_HEADERS,
        body: JSON.stringify({ query: '{ agencies(take: 1) { items { id } } }' }),
      })
    ).json()) as { data: { agencies: { items: { id: string }[] } } };
    const holderId = holder.data.agencies.items[0].id;
    results.push(await restartUnderLoad(cluster, api, 'fast', holderId));
    results.push(await restartUnderLoad(cluster, api, 'immediate', holderId));
    results.push(await sigtermDuringWrites(cluster, api, holderId));
  } catch (err) {
    log(`stopped by an error: ${(err as Error).stack ?? String(err)}`);
    log(`database log:\n${cluster.logTail()}`);
    if (api) log(`API output:\n${api.output.slice(-20).join('\n')}`);
    process.exitCode = 1;
  } finally {
    if (api && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
      await api.exit;
    }
    await cluster.destroy();
  }
  if (results.length) printTable(results);
  if (results.some((r) => !r.pass)) process.exitCode = 1;
}

await main();
