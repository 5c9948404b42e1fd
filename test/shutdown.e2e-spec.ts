import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, openDataSource } from '../libs/core/src/index.js';
import { provisionDatabase, TestDatabase } from './utils/test-database.js';
import { TEST_AUTH_SECRET, testToken } from './utils/test-app.js';

const ROOT = join(import.meta.dirname, '..');
const API = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const AGENCY = 'mutation($input: CreateAgencyInput!) { createAgency(input: $input) { code } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Keep-alive connections, as a load balancer keeps them; destroyed when the test ends. */
const agent = new Agent({ keepAlive: true });

/** One HTTP request; rejects when the connection is refused or cut. */
async function send(url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const authorization = `Bearer ${await testToken()}`;
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method: payload ? 'POST' : 'GET',
        agent,
        headers: payload ? { 'content-type': 'application/json', authorization } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The agencies the writers created, read after the API has stopped. */
async function storedCodes(db: TestDatabase, dataDir: string): Promise<{ code: string }[]> {
  const sql = `SELECT code FROM agency WHERE code LIKE 'STOP-%'`;
  if (db.url) {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query<{ code: string }>(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const ds = await openDataSource(loadConfig({ DATA_DIR: dataDir }).database, []);
  try {
    return await ds.query<{ code: string }[]>(sql);
  } finally {
    await ds.destroy();
  }
}

/**
 * The built API in its own process, stopped with SIGTERM while writes are in flight, as an
 * orchestrator stops a replica: every write it acknowledged must be in the database afterwards, and
 * it must exit with status 0.
 */
describe('graceful shutdown', () => {
  let db: TestDatabase;
  let dir: string;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    if (!existsSync(API)) throw new Error('the API is not built: run `npm run build` (npm test does it first)');
    db = await provisionDatabase();
    dir = mkdtempSync(join(tmpdir(), 'registry-shutdown-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    agent.destroy();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the requests in flight, keeps every acknowledged write and exits with 0 on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'log',
      PORT: String(port),
      DATABASE_URL: db.url ?? '',
      DATA_DIR: join(dir, 'data'),
      SEED_ON_START: 'reference',
      AUTH_LOCAL_SECRET: TEST_AUTH_SECRET,
    };
    const proc = spawn(process.execPath, [API], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ready = await send(`${base}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready === 200) break;
      if (i > 600 || proc.exitCode !== null) throw new Error(`the API did not become ready:\n${output}`);
      await sleep(100);
    }

    let sigtermAt = Infinity;
    const acknowledged: { code: string; afterSigterm: boolean }[] = [];
    let stopped = false;
    let sent = 0;
    const errors: string[] = [];
    const writer = async (w: number) => {
      for (let i = 0; !stopped; i++) {
        const code = `STOP-${w}-${i}`;
        sent++;
        try {
          const res = await send(`${base}/graphql`, {
            query: AGENCY,
            variables: { input: { code, nameRu: `Орган ${code}`, level: 'CENTRAL' } },
          });
          const body = res.body as { data?: { createAgency?: { code: string } } };
          if (res.status === 200 && body.data?.createAgency?.code === code) {
            acknowledged.push({ code, afterSigterm: Date.now() > sigtermAt });
          } else errors.push(`${code} answered ${res.status} ${JSON.stringify(body)}`);
        } catch (e) {
          errors.push(`${code} ${Date.now() - sigtermAt} ms after SIGTERM: ${String(e)}`);
          return; // the server is gone or refused the connection: this writer is done
        }
      }
    };
    const writers = Promise.all(Array.from({ length: 4 }, (_, w) => writer(w)));
    for (let i = 0; acknowledged.length < 8 && i < 200; i++) await sleep(50);

    // On a server, another session holds the table so that the writers' inserts are still running
    // when SIGTERM arrives, and for a second after it.
    const blocker = db.url ? new pg.Client({ connectionString: db.url }) : undefined;
    if (blocker) {
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE agency IN SHARE ROW EXCLUSIVE MODE');
      await sleep(200);
    }
    const beforeSigterm = acknowledged.length;
    sigtermAt = Date.now();
    proc.kill('SIGTERM');
    await sleep(500);
    // Draining: no new connections, while the requests in flight are still being answered.
    expect(await accepts(port)).toBe(false);
    if (blocker) {
      await sleep(500);
      await blocker.query('COMMIT');
      await blocker.end();
    }
    const { code, signal } = await exited;
    stopped = true;
    await writers;

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toMatch(/SIGTERM: draining \d+ requests in flight/);
    const drainedMs = Number(/drained in (\d+) ms; closing the database/.exec(output)?.[1]);
    // On a server the drain waited for the writes the lock held (released a second after SIGTERM).
    if (blocker) expect(drainedMs).toBeGreaterThanOrEqual(500);
    else expect(drainedMs).toBeGreaterThanOrEqual(0);
    expect(beforeSigterm).toBeGreaterThan(0);
    // The writes held by the lock were in flight at SIGTERM and were still answered.
    if (blocker) expect(acknowledged.filter((a) => a.afterSigterm).length).toBeGreaterThanOrEqual(1);

    const stored = new Set((await storedCodes(db, join(dir, 'data'))).map((r) => r.code));
    const missing = acknowledged.filter((a) => !stored.has(a.code));
    expect(missing).toEqual([]);
    // Nor was anything written without an answer: no request was cut off after its commit. (The
    // writes refused after the drain never reached the server: `errors` says how each writer ended.)
    expect({ stored: [...stored].sort(), errors: errors.filter((e) => !/ECONNREFUSED/.test(e)) }).toEqual({
      stored: acknowledged.map((a) => a.code).sort(),
      errors: [],
    });
    console.log(
      `shutdown: drained in ${drainedMs} ms; ${sent} writes sent, ${acknowledged.length} acknowledged (${acknowledged.length - beforeSigterm} after SIGTERM), ${stored.size} stored`,
    );
  });
});
