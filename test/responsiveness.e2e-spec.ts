import { ServiceState } from '../libs/core/src/index.js';
import { createTestApp, GqlResponse, ok, TestApp } from './utils/test-app.js';

const PARSE = 'query ($text: String!) { parseLegalText(input: { text: $text }) { drafts { key } } }';
const TEXT = 'Статья 5. Компетенция уполномоченного органа\n1) разрабатывает правила;\n';
let texts = 0;
/** A text never sent before: a repeated read-only request is answered from the response cache, uncounted. */
const fresh = () => `${TEXT}${++texts}) утверждает нормативы;\n`;
const CHEAP = '{ agencies(take: 1) { totalCount } }';
/** A read no earlier request made, so that neither the response cache nor the count cache answers it. */
const uncached = (skip: number) => `{ agencies(skip: ${skip}, take: 1) { items { code } } }`;
const ON_SERVER = !!process.env.REGISTRY_TEST_SERVER;

interface Live {
  status: string;
  draining: boolean;
  eventLoopDelay: { meanMs: number; p99Ms: number; maxMs: number };
  memory: { heapUsedMb: number; heapLimitMb: number; rssMb: number; ceilingMb: number; overloaded: boolean };
}

describe('responsiveness under load', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        HEAVY_RATE_LIMIT: '2',
        HEAVY_RATE_WINDOW_S: '60',
        TRUST_PROXY: 'true',
        DB_STATEMENT_TIMEOUT_MS: '300',
        REQUEST_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(() => t?.close());

  /** A GraphQL request as the client at `ip` (through the trusted proxy's X-Forwarded-For). */
  const gqlAs = async <T>(ip: string, query: string, variables?: Record<string, unknown>) => {
    const res = await t
      .http()
      .post('/graphql')
      .set('x-forwarded-for', ip)
      .set(await t.auth())
      .send({ query, variables });
    return { status: res.status, headers: res.headers, body: res.body as GqlResponse<T> };
  };

  it('limits heavy operations per client, with retryAfter, and leaves other operations and clients alone', async () => {
    for (let i = 0; i < 2; i++) ok((await gqlAs('10.0.0.1', PARSE, { text: fresh() })).body);
    const refused = await gqlAs('10.0.0.1', PARSE, { text: fresh() });
    const error = refused.body.errors?.[0];
    expect(error?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(error?.extensions?.retryAfter).toBeGreaterThan(0);
    expect(error?.extensions?.retryAfter).toBeLessThanOrEqual(60);
    expect(Number(refused.headers['retry-after'])).toBe(error?.extensions?.retryAfter);
    // Ordinary reads are not counted, and another client has a bucket of its own.
    for (let i = 0; i < 5; i++) ok((await gqlAs('10.0.0.1', CHEAP)).body);
    ok((await gqlAs('10.0.0.2', PARSE, { text: fresh() })).body);
  });

  it('counts report downloads in the same bucket and refuses them with 429 and Retry-After', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const get = () => t.http().get(`/reports/campaigns/${id}.xlsx`).set('x-forwarded-for', '10.0.0.3');
    expect((await get()).status).toBe(404);
    ok((await gqlAs('10.0.0.3', PARSE, { text: fresh() })).body);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((refused.body as GqlResponse).errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  (ON_SERVER ? it : it.skip)(
    'answers a statement over the statement timeout as TIMEOUT, not an internal error',
    async () => {
      // Another session holds the table, so the read waits until PostgreSQL cancels it (57014).
      const runner = t.ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query('LOCK TABLE agency IN ACCESS EXCLUSIVE MODE');
        const res = await gqlAs('10.0.0.4', uncached(1));
        expect(res.body.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
        expect(res.body.errors?.[0]?.message).toMatch(/database took too long/);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    },
  );

  (ON_SERVER ? it : it.skip)(
    'keeps liveness instant while the database is saturated, and ends a request at its deadline',
    async () => {
      // Every pooled connection busy for 2.5 s: requests wait for a connection, not in a statement.
      const hold = Array.from({ length: 4 }, () =>
        t.ds.transaction(async (m) => {
          await m.query('SET LOCAL statement_timeout = 0');
          await m.query('SELECT pg_sleep(2.5)');
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        const started = Date.now();
        const live = await t.http().get('/health/live');
        const liveMs = Date.now() - started;
        expect(live.status).toBe(200);
        expect(liveMs).toBeLessThan(200);
        const body = live.body as Live;
        expect(body.memory.heapUsedMb).toBeGreaterThan(0);
        expect(body.memory.ceilingMb).toBeGreaterThan(0);
        expect(body.eventLoopDelay.p99Ms).toBeGreaterThanOrEqual(0);

        const [read, ready] = await Promise.all([
          (async () => {
            const t0 = Date.now();
            const res = await gqlAs('10.0.0.5', uncached(2));
            return { res, ms: Date.now() - t0 };
          })(),
          t.http().get('/health/ready'),
        ]);
        expect(read.res.body.errors?.[0]?.extensions).toMatchObject({ code: 'TIMEOUT', timeoutMs: 1500 });
        expect(read.ms).toBeGreaterThanOrEqual(1400);
        expect(read.ms).toBeLessThan(2300);
        // Readiness gives up on the database after a second.
        expect(ready.status).toBe(503);
      } finally {
        await Promise.all(hold);
      }
      expect((await t.http().get('/health/ready')).status).toBe(200);
    },
  );

  it('reports not ready while draining, and stays live', async () => {
    expect((await t.http().get('/health')).status).toBe(200);
    await t.get(ServiceState).drain(undefined, 0);
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { lifecycle: { status: 'down' } } });
    expect((await t.http().get('/health')).status).toBe(503);
    const live = await t.http().get('/health/live');
    expect(live.status).toBe(200);
    expect((live.body as Live).draining).toBe(true);
  });
});

describe('memory ceiling', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A ceiling below any real heap: the process behaves as it would when short of memory.
    t = await createTestApp({ env: { MEMORY_CEILING_MB: '1', OVERLOAD_MIN_COST: '100' } });
  });
  afterAll(() => t?.close());

  it('refuses heavy and costly operations with SERVICE_OVERLOADED, and keeps cheap reads and health', async () => {
    const parse = await t.gql(PARSE, { text: fresh() });
    expect(parse.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_OVERLOADED', retryAfter: 30 });

    const costly = await t
      .http()
      .post('/graphql')
      .send({ query: '{ stateFunctions(take: 100) { items { code title holder { code level } } } }' });
    expect(costly.status).toBe(503);
    expect((costly.body as GqlResponse).errors?.[0]?.extensions?.code).toBe('SERVICE_OVERLOADED');

    const report = await t.http().get('/reports/campaigns/00000000-0000-4000-8000-000000000000.xlsx');
    expect(report.status).toBe(503);
    expect((report.body as GqlResponse).errors?.[0]?.extensions).toEqual({
      code: 'SERVICE_OVERLOADED',
      retryAfter: 30,
    });
    expect(report.headers['retry-after']).toBe('30');

    ok(await t.gql(CHEAP));
    const live = await t.http().get('/health/live');
    expect(live.status).toBe(200);
    expect((live.body as Live).memory.overloaded).toBe(true);
    expect((await t.http().get('/health/ready')).status).toBe(200);
  });

  it('refuses a bad setting at start-up', async () => {
    const { loadConfig } = await import('../libs/core/src/index.js');
    expect(() => loadConfig({ MEMORY_CEILING_MB: '0', REQUEST_TIMEOUT_MS: '-1', HEAVY_RATE_LIMIT: 'many' })).toThrow(
      /MEMORY_CEILING_MB[\s\S]*REQUEST_TIMEOUT_MS|REQUEST_TIMEOUT_MS[\s\S]*MEMORY_CEILING_MB/,
    );
  });
});
