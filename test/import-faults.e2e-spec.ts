import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import pg from 'pg';
import { provisionDatabase, TestDatabase } from './utils/test-database.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const GENERATOR = join(ROOT, 'dist', 'scripts', 'generate-registry.js');
const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');
const FUNCTIONS = 5_000;

/** What an import writes; a failed one must leave every figure as it was. */
const TABLES = [
  'state_function',
  'legal_basis',
  'function_revision',
  'agency',
  'legal_act',
  'function_tag',
  'function_co_executor',
  'function_title',
];
type Counts = Record<string, number>;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Seconds from the start of the process to the fault. */
  faultAt?: number;
  seconds: number;
}

/**
 * A bulk import cut off half-way, on a server: the command line killed with SIGKILL, and its
 * database session ended by the server. The import is one transaction, so nothing of it may be
 * left, and running it again imports every function once.
 */
const server = !!process.env.REGISTRY_TEST_SERVER && process.env.TEST_EMBEDDED !== '1';
(server ? describe : describe.skip)('a bulk import cut off half-way', () => {
  let db: TestDatabase;
  let dir: string;
  let file: string;
  let env: NodeJS.ProcessEnv;
  let admin: pg.Client;
  let before: Counts;
  let killedAt = 0;

  const counts = async (): Promise<Counts> => {
    const sql = TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ');
    return (await admin.query<Counts>(`SELECT ${sql}`)).rows[0];
  };

  /** Runs `import FILE`, calling `fault` once on the first progress line that matches `when`. */
  const importWithFault = (when: RegExp, fault: (child: ChildProcess) => Promise<void>): Promise<Outcome> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, [CLI, 'import', file], { env, cwd: ROOT });
      let stderr = '';
      let faultAt: number | undefined;
      let triggered = false;
      createInterface({ input: child.stderr }).on('line', (line) => {
        stderr += `${line}\n`;
        if (!triggered && when.test(line)) {
          triggered = true;
          fault(child)
            .then(() => (faultAt = (Date.now() - started) / 1000))
            .catch(reject);
        }
      });
      child.on('error', reject);
      child.on('close', (code, signal) =>
        resolve({ code, signal, stderr, faultAt, seconds: (Date.now() - started) / 1000 }),
      );
    });

  beforeAll(async () => {
    for (const built of [CLI, GENERATOR])
      if (!existsSync(built)) throw new Error(`${built} is not built: run \`npm run build\` (npm test does it first)`);
    db = await provisionDatabase();
    dir = mkdtempSync(join(tmpdir(), 'registry-import-faults-'));
    env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url };
    file = join(dir, 'registry.jsonl');
    await run(process.execPath, [GENERATOR, '--functions', String(FUNCTIONS), '--out', file, '--seed', '7']);
    // A registry that already holds something, so "left as it was" is not merely "empty".
    await run(process.execPath, [CLI, 'import', DEV_SET], { env, cwd: ROOT });
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    before = await counts();
    expect(before.state_function).toBe(237);
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves nothing when the command line is killed (SIGKILL) half-way, while it inserts the functions', async () => {
    const out = await importWithFault(/^legal acts: \d+ new/, async (child) => {
      await untilImportRuns('INSERT INTO state_function');
      child.kill('SIGKILL');
    });
    expect(out.signal).toBe('SIGKILL');
    expect(out.stderr).not.toMatch(/imported \d+ functions/);
    // The server notices the dropped connection and rolls the transaction back.
    await waitForNoImportSession();
    expect(await counts()).toEqual(before);
    killedAt = out.faultAt!;
  });

  it('leaves nothing when the server ends the import session with the functions written, and says to run it again', async () => {
    // "functions: N new" comes after the functions are inserted and before their legal bases:
    // thousands of rows written, none committed.
    const out = await importWithFault(/^functions: \d+ new/, async () => {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'registry'`,
      );
    });
    // With what the command said, should it end otherwise.
    expect({ code: out.code, said: out.code === 75 ? '' : out.stderr.slice(-1500) }).toEqual({ code: 75, said: '' });
    expect(out.stderr).toMatch(/error: The database is not available at the moment; try again\./);
    expect(out.stderr).not.toMatch(/\s+at \S+\.js:\d+/);
    await waitForNoImportSession();
    expect(await counts()).toEqual(before);
  });

  it('imports every function once when run again', async () => {
    const started = Date.now();
    const { stderr } = await run(process.execPath, [CLI, 'import', file], { env, cwd: ROOT });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `import of ${FUNCTIONS} functions: killed at ${killedAt.toFixed(1)} s, nothing left; a whole run takes ${seconds.toFixed(1)} s\n`,
    );
    expect(stderr).toMatch(new RegExp(`imported ${FUNCTIONS} functions in [\\d.]+ s .*${FUNCTIONS} new, 0 updated`));
    const after = await counts();
    expect(after.state_function).toBe(before.state_function + FUNCTIONS);
    // One revision per new function: nothing of the failed attempts was kept alongside.
    expect(after.function_revision).toBe(before.function_revision + FUNCTIONS);
  });

  /** Waits until the import's session runs a statement that contains `sql`. */
  async function untilImportRuns(sql: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { rows } = await admin.query(
        `SELECT 1 FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = 'registry' AND state = 'active'
           AND position($1 in query) > 0`,
        [sql],
      );
      if (rows.length) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`the import never ran ${sql}`);
  }

  /** The server rolls back a dead client's transaction when it sees the connection gone; wait for that. */
  async function waitForNoImportSession(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'registry'`,
      );
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the killed import still has a session');
  }
});
