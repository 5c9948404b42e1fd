/**
 * Pieces shared by the benchmarks that run the API against a generated registry: child processes
 * (servers and one-off commands), a fresh `bench_...` database holding a generated registry, the bare
 * Apollo baseline and autocannon. Every server runs in a child process of its own, so that the
 * process generating load is never the one measured.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig, Role, TokenService } from '../../libs/core/src/index.js';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';

const require = createRequire(import.meta.url);

export interface Stat {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  min: number;
}
export interface CannonResult {
  latency: Stat;
  requests: Stat & { total: number };
  throughput: Stat;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  '2xx': number;
}
// autocannon ships no type declarations; the few fields used are typed above.
export const autocannon = require('autocannon') as (
  opts: Record<string, unknown>,
) => Promise<CannonResult> & { stop?: () => void };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const NODE = process.execPath;
const env = process.env;
export const PG_BASE = (env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');

const t0 = Date.now();
export const elapsedSeconds = () => (Date.now() - t0) / 1000;
export const log = (msg: string) =>
  process.stderr.write(`[bench ${elapsedSeconds().toFixed(1).padStart(6)} s] ${msg}\n`);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The fields of the page the registry benchmark has always measured: holder, legal basis and tags. */
export const PAGE_ITEM_FIELDS = `id code title type sector
      holder { code nameRu level }
      legalBasis { article clause act { title adiletCode } }
      tags { value }`;

/** The page the registry benchmark has always measured: 50 functions with holder, legal basis and tags. */
export const PAGE_QUERY = `query Page($skip: Int!, $take: Int!) {
  stateFunctions(skip: $skip, take: $take) {
    totalCount
    items {
      ${PAGE_ITEM_FIELDS}
    }
  }
}`;

/** What a benchmark's figures depend on beyond the code: the machine and the Node version. */
export function machineFacts() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: process.platform,
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** Every child still running; `stopAll` ends them (on failure, interruption or the end). */
export const children = new Set<ChildProcess>();

export interface Run {
  code: number | null;
  seconds: number;
  stderr: string[];
  stdout: string;
}

/** Runs a node script to completion; stderr lines are echoed with their time since the start. */
export function runNode(args: string[], extraEnv: Record<string, string | undefined>, label: string): Promise<Run> {
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

export interface Server {
  child: ChildProcess;
  port: number;
  startMs: number;
  rssMiB: number | null;
  log: string[];
}

/** Starts a server, waits until `readyPath` answers 200 (or until it dies) and reads its RSS. */
export async function startServer(
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

/**
 * Node's flags for the API, as `npm run start:prod` gives them: a young generation large enough
 * that the objects of requests in flight die young instead of being promoted and collected by the
 * old generation's much dearer passes (under load, about a quarter less CPU a request).
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The key the benchmarks' APIs trust for the tokens the scripts issue themselves. */
export const BENCH_AUTH_SECRET = randomBytes(32).toString('base64url');

/** JSON requests as an administrator: the scripts read and write everything. */
export const API_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  authorization: `Bearer ${await new TokenService(
    loadConfig({ NODE_ENV: 'test', AUTH_LOCAL_SECRET: BENCH_AUTH_SECRET }),
  ).issue({ subject: 'benchmark', roles: [Role.ADMIN], expiresInS: 24 * 3600 })}`,
};

/** The API on a server database, as the benchmarks run it (no seeding, production mode, quiet logs). */
export function startApi(dbUrl: string, extraEnv: Record<string, string | undefined> = {}): Promise<Server> {
  return startServer(
    [...API_NODE_FLAGS, 'dist/apps/api/src/main.js'],
    {
      DATABASE_URL: dbUrl,
      SEED_ON_START: 'none',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      AUTH_LOCAL_SECRET: BENCH_AUTH_SECRET,
      ...extraEnv,
    },
    '/health',
  );
}

/** The baseline: a bare Apollo Server answering `{ hello }` (scripts/bench/bare-apollo.ts). */
export async function startBareApollo(): Promise<{ server: Server; url: string; body: string }> {
  const server = await startServer(
    ['dist/scripts/bench/bare-apollo.js'],
    { NODE_ENV: 'production' },
    '/?query=%7B__typename%7D',
    { headers: { 'apollo-require-preflight': 'true' } },
  );
  const url = `http://127.0.0.1:${server.port}/`;
  const body = JSON.stringify({ query: '{ hello }' });
  const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await probe.json()) as { data?: { hello?: string } };
  if (json.data?.hello !== 'world') throw new Error(`bare Apollo does not answer: ${JSON.stringify(json)}`);
  return { server, url, body };
}

export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is none. */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name; clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export async function stopServer(s: Server | ChildProcess | undefined): Promise<void> {
  const child = s && 'child' in s ? s.child : s;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  for (const c of [...children]) await stopServer(c);
}

/** Ends the children when the benchmark is interrupted. */
export function stopChildrenOnInterrupt(): void {
  const interrupt = () => {
    for (const c of children) c.kill('SIGTERM');
    process.exit(130);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
}

/** A TCP port free on the loopback interface at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolvePromise(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// A fresh database with a generated registry

export interface BenchDatabase {
  name: string;
  url: string;
  /** Terminates its connections and drops it. */
  drop(): Promise<void>;
}

/** Creates `bench_<pid>_<time>` on the server of BENCH_PG_URL. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: `${PG_BASE}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end().catch(() => undefined);
    throw err;
  }
  log(`database ${name} created`);
  return {
    name,
    url: `${PG_BASE}/${name}`,
    async drop() {
      try {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [name],
        );
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        log(`database ${name} dropped`);
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
  };
}

/** Generates `functions` functions (scripts/generate-registry.ts) into `dir`; returns the file and its run. */
export async function generateRegistry(
  dir: string,
  functions: number,
  seed: number,
): Promise<{ file: string; run: Run }> {
  const file = join(dir, 'registry.jsonl');
  const run = await runNode(
    [
      'dist/scripts/generate-registry.js',
      '--functions',
      String(functions),
      '--seed',
      String(seed),
      '--out',
      file,
      '--planted-out',
      join(dir, 'planted.jsonl'),
    ],
    {},
    'generate',
  );
  if (run.code !== 0) throw new Error('the generator failed');
  log(`generated ${functions} functions in ${run.seconds.toFixed(1)} s`);
  return { file, run };
}

/** Imports an interchange file with the CLI, as an operator would. */
export async function importRegistry(dbUrl: string, file: string, label = 'import'): Promise<Run> {
  const run = await runNode(['dist/apps/cli/src/main.js', 'import', file], { DATABASE_URL: dbUrl }, label);
  if (run.code !== 0) throw new Error(`the ${label} failed`);
  return run;
}
