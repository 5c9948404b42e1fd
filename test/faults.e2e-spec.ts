import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { createTestApp, GqlResponse, ok, TestApp } from './utils/test-app.js';

const POOL = 2;
const ACQUIRE_MS = 500;

const PAGE = `query ($skip: Int!) { stateFunctions(skip: $skip, take: 1) { items { id } } }`;
const CREATE = `mutation ($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { id } }`;

/**
 * Faults of the database connection, on a server: a pool with every connection taken, and a
 * connection the server ends in the middle of a mutation's transaction. What a client must see is
 * a catalogued, retryable error, soon, and a service that carries on afterwards with nothing
 * half-written. (The embedded database has one session and no pool timeouts: it is not run there.)
 */
const server = !!process.env.REGISTRY_TEST_SERVER && process.env.TEST_EMBEDDED !== '1';
(server ? describe : describe.skip)('database faults', () => {
  let t: TestApp;
  let holderId: string;
  // TypeORM's postgres driver keeps its pg Pool as `master`.
  const pool = () => (t.ds.driver as unknown as { master: pg.Pool }).master;
  // A page nobody asked for before, so the response cache cannot answer it.
  let pages = 0;
  const freshPage = () => t.gql<{ stateFunctions: { items: { id: string }[] } }>(PAGE, { skip: ++pages });
  const registryBackends = async () =>
    (
      await t.ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'registry'`,
      )
    )[0].n;
  const countOf = async (sql: string, params: unknown[] = []) =>
    (await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0].n;

  beforeAll(async () => {
    t = await createTestApp({ env: { DB_POOL_SIZE: String(POOL), DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_MS) } });
    holderId = ok(await t.gql<{ agencies: { items: { id: string }[] } }>(`{ agencies(take: 1) { items { id } } }`))
      .agencies.items[0].id;
  });
  afterAll(() => t?.close());

  it('answers SERVICE_BUSY after DB_ACQUIRE_TIMEOUT_MS when every connection is taken, then recovers', async () => {
    // Take every connection of the API's own pool, as long-running requests would.
    const held: QueryRunner[] = [];
    for (let i = 0; i < POOL; i++) {
      const runner = t.ds.createQueryRunner();
      await runner.connect();
      held.push(runner);
    }
    expect(pool().totalCount).toBe(POOL);
    try {
      const started = Date.now();
      const [read, write] = await Promise.all([
        freshPage(),
        t.gql<{ createStateFunction: { id: string } }>(CREATE, {
          input: { holderId, titleRu: 'функция, записанная при занятом пуле', sector: 'faults' },
        }),
      ]);
      const waited = Date.now() - started;
      for (const res of [read, write] as GqlResponse[]) {
        expect(res.errors).toHaveLength(1);
        const [error] = res.errors!;
        expect(error.extensions).toMatchObject({ code: 'SERVICE_BUSY', retryable: true });
        expect(error.message).toMatch(/busy/);
        expect(JSON.stringify(error)).not.toMatch(/stacktrace|\.js:\d+|timeout exceeded/);
      }
      // Fast: the configured wait and a little, never the pool's default of waiting for ever.
      expect(waited).toBeGreaterThanOrEqual(ACQUIRE_MS - 50);
      expect(waited).toBeLessThan(ACQUIRE_MS + 1500);
      process.stdout.write(`pool of ${POOL} taken: answered SERVICE_BUSY in ${waited} ms (limit ${ACQUIRE_MS} ms)\n`);
    } finally {
      for (const runner of held) await runner.release();
    }

    // The very next requests are served, and nothing of the refused write was stored.
    ok(await freshPage());
    expect(await countOf(`SELECT 1 FROM state_function WHERE sector = 'faults'`)).toBe(0);
    expect(pool().waitingCount).toBe(0);
    expect(pool().totalCount).toBeLessThanOrEqual(POOL);
    expect(await registryBackends()).toBeLessThanOrEqual(POOL);
  });

  it('rolls back a mutation whose connection the server ends mid-transaction, answers retryably, and carries on', async () => {
    const title = 'функция, чья транзакция прервана сервером';
    const input = {
      holderId,
      externalId: 'faults-1',
      titleRu: title,
      sector: 'faults',
      tags: [{ value: 'прерванная' }],
    };
    const revisionsBefore = await countOf(`SELECT 1 FROM function_revision`);
    // Hold the tag links so the mutation stops half-way: its function row is written, its tags wait.
    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    let answer: GqlResponse<{ createStateFunction: { id: string } }>;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE function_tag IN SHARE ROW EXCLUSIVE MODE');
      const pending = t.gql<{ createStateFunction: { id: string } }>(CREATE, { input });
      let pid: number | undefined;
      for (let i = 0; i < 100 && !pid; i++) {
        const rows = await blocker.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'registry' AND wait_event_type = 'Lock'`,
        );
        pid = rows.rows[0]?.pid;
        if (!pid) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pid).toBeDefined();
      // The mutation has written its function in the transaction the server is about to end.
      await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
      answer = await pending;
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }

    expect(answer.data?.createStateFunction ?? null).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(JSON.stringify(answer.errors)).not.toMatch(/stacktrace|\.js:\d+|terminating connection/);
    // Rolled back: neither the function nor its revision row.
    expect(await countOf(`SELECT 1 FROM state_function WHERE title_ru = $1`, [title])).toBe(0);
    expect(await countOf(`SELECT 1 FROM function_revision`)).toBe(revisionsBefore);

    // The broken connection left the pool: every following request is served, and the retry writes once.
    for (let i = 0; i < 2 * POOL + 1; i++) ok(await freshPage());
    const retried = ok(await t.gql<{ createStateFunction: { id: string } }>(CREATE, { input }));
    expect(retried.createStateFunction.id).toBeDefined();
    expect(await countOf(`SELECT 1 FROM state_function WHERE title_ru = $1`, [title])).toBe(1);
    expect(await countOf(`SELECT 1 FROM function_revision`)).toBe(revisionsBefore + 1);
    // A client that cannot tell whether its retry landed sends it again: the externalId says it did.
    const again = await t.gql(CREATE, { input });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'externalId' });
    expect(pool().totalCount).toBeLessThanOrEqual(POOL);
    expect(await registryBackends()).toBeLessThanOrEqual(POOL);
  });
});
