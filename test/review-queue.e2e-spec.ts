import { join } from 'node:path';
import pg from 'pg';
import { ImportService } from '../libs/registry/src/index.js';
import { REVIEW_LOCK_CLASS, ReviewQueue, ReviewRunService, runPartition } from '../libs/review/src/index.js';

const PARENTS = ['review_pair', 'review_text_pair', 'review_group_member'] as const;
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

const START = `mutation($input: StartReviewRunInput) { startReviewRun(input: $input) { id status queuePosition } }`;
const RUNS = `{ reviewRuns(take: 100) { items { id status queuePosition error } } }`;
const RUN = `query($id: ID!) { reviewRun(id: $id) { id status queuePosition error } }`;

interface Run {
  id: string;
  status: string;
  queuePosition: number | null;
  error?: string | null;
}

const MAX_QUEUED = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The review queue on a PostgreSQL server shared by two replicas of the API: at most
 * REVIEW_MAX_RUNNING runs compute at once, in the order they were asked for, a full queue refuses
 * more, and a run whose process died is failed and cleaned up by whichever process looks next.
 */
// Two replicas on one database, and sessions of other processes: a PostgreSQL server's setting.
const server = !!process.env.REGISTRY_TEST_SERVER && process.env.TEST_EMBEDDED !== '1';

(server ? describe : describe.skip)('review queue', () => {
  let t: TestApp;
  let replica: TestApp;
  const env = { REVIEW_MAX_RUNNING: '1', REVIEW_MAX_QUEUED: String(MAX_QUEUED), REVIEW_QUEUE_POLL_MS: '60000' };

  beforeAll(async () => {
    t = await createTestApp({ env });
    await t.get(ImportService).importFile(DEV_SET);
    replica = await createTestApp({ env, database: t.db, seed: 'none' });
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  const runs = () => t.get(ReviewRunService);
  const allRuns = async () => ok(await t.gql<{ reviewRuns: { items: Run[] } }>(RUNS)).reviewRuns.items;
  const waitFor = async (ids: string[], seen?: (runs: Run[]) => void) => {
    for (let i = 0; i < 600; i++) {
      const now = (await allRuns()).filter((r) => ids.includes(r.id));
      seen?.(now);
      if (now.every((r) => r.status === 'SUCCEEDED' || r.status === 'FAILED')) return now;
      await sleep(25);
    }
    throw new Error('the runs did not finish');
  };

  it('runs parallel requests to both replicas one at a time, in order, with their places in the queue', async () => {
    const n = 6;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => (i % 2 ? replica : t).gql<{ startReviewRun: Run }>(START)),
    );
    const started = answers.map((a) => ok(a).startReviewRun);
    expect(started.every((r) => ['QUEUED', 'RUNNING'].includes(r.status))).toBe(true);
    expect(started.filter((r) => r.status === 'RUNNING').length).toBeLessThanOrEqual(1);
    for (const r of started) expect(r.queuePosition === null).toBe(r.status !== 'QUEUED');

    const ids = started.map((r) => r.id);
    const positions = new Map<string, number[]>();
    let mostRunning = 0;
    let sawQueue: number[] = [];
    const finished = await waitFor(ids, (now) => {
      mostRunning = Math.max(mostRunning, now.filter((r) => r.status === 'RUNNING').length);
      const queued = now.filter((r) => r.status === 'QUEUED').map((r) => r.queuePosition!);
      // The places of the queued runs are 1..k, whatever the moment.
      expect([...queued].sort((a, b) => a - b)).toEqual(queued.map((_, i) => i + 1));
      if (queued.length > sawQueue.length) sawQueue = queued;
      for (const r of now)
        if (r.queuePosition !== null) positions.set(r.id, [...(positions.get(r.id) ?? []), r.queuePosition]);
    });
    expect(finished.map((r) => ({ status: r.status, error: r.error ?? null }))).toEqual(
      ids.map(() => ({ status: 'SUCCEEDED', error: null })),
    );
    expect(mostRunning).toBeLessThanOrEqual(1);
    expect(sawQueue.length).toBeGreaterThanOrEqual(2);
    // A run only moves up the queue.
    for (const seen of positions.values()) expect(seen).toEqual([...seen].sort((a, b) => b - a));

    // Exactly, from what the runs stored: no two computed at the same time, and they began in the order asked for.
    const times = await t.ds.query<{ seq: number; started: Date; finished: Date }[]>(
      `SELECT seq, started_at AS started, finished_at AS finished FROM review_run WHERE id = ANY($1) ORDER BY started_at`,
      [ids],
    );
    expect(times.map((r) => r.seq)).toEqual([...times.map((r) => r.seq)].sort((a, b) => a - b));
    for (let i = 1; i < times.length; i++)
      expect(times[i].started.getTime()).toBeGreaterThanOrEqual(times[i - 1].finished.getTime());
  }, 50_000);

  it('refuses a run with QUEUE_FULL when REVIEW_MAX_QUEUED runs already wait', async () => {
    // Runs the command line asked for but does not wait on yet: they hold places without running
    // (the first as if it were about to take the free place).
    const held = [];
    for (let i = 0; i <= MAX_QUEUED; i++) held.push(await runs().start({}, {}, 'cli'));
    const res = await t.gql(START);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'QUEUE_FULL',
      limit: 'REVIEW_MAX_QUEUED',
      max: MAX_QUEUED,
    });
    expect(res.errors?.[0].message).toMatch(/6 review runs are already waiting/);
    await expect(runs().start({}, {}, 'cli')).rejects.toMatchObject({ extensions: { code: 'QUEUE_FULL' } });
    const positions = await Promise.all(
      held.map(async (r) => ok(await t.gql<{ reviewRun: Run }>(RUN, { id: r.id })).reviewRun.queuePosition),
    );
    expect(positions).toEqual(held.map((_, i) => i + 1));
    await t.ds.query(`UPDATE review_run SET status = 'FAILED', finished_at = now() WHERE id = ANY($1)`, [
      held.map((r) => r.id),
    ]);
  });

  it('fails a RUNNING run whose process died and drops what it left, but not one whose process lives', async () => {
    const make = async () => {
      const [row] = await t.ds.query<{ id: string; seq: number }[]>(
        `INSERT INTO review_run (status, runner, scope, parameters, started_at, heartbeat_at)
         VALUES ('RUNNING', 'QUEUE', '{}', '{}', now(), now()) RETURNING id, seq`,
      );
      // What a process stopped in the middle of storing leaves: the run's tables, not yet attached.
      for (const parent of PARENTS)
        await t.ds.query(`CREATE TABLE ${runPartition(parent, row.id)} (LIKE ${parent} INCLUDING DEFAULTS)`);
      await t.ds.query(
        `INSERT INTO ${runPartition('review_text_pair', row.id)} (run_id, no, band, score, reasons) VALUES ($1, 1, 'DUPLICATE', 0.9, '[]')`,
        [row.id],
      );
      return row;
    };
    const state = async (id: string) => {
      const [row] = await t.ds.query<{ status: string; error: string | null; tables: number }[]>(
        `SELECT status, error, (SELECT count(*)::int FROM pg_class WHERE relname = ANY($2)) AS tables
           FROM review_run WHERE id = $1`,
        [id, PARENTS.map((parent) => runPartition(parent, id))],
      );
      return row;
    };
    const dead = await make();
    const alive = await make();
    // Another process computing `alive`: a session that holds the run's lock.
    const other = new pg.Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock($1, $2)`, [REVIEW_LOCK_CLASS, alive.seq]);

      await t.get(ReviewQueue).poll();
      expect(await state(dead.id)).toEqual({
        status: 'FAILED',
        error: 'the process running the review stopped',
        tables: 0,
      });
      expect(await state(alive.id)).toEqual({ status: 'RUNNING', error: null, tables: PARENTS.length });
      // While it computes, nothing else starts: the cap counts runs of every process.
      const waiting = ok(await t.gql<{ startReviewRun: Run }>(START)).startReviewRun;
      expect(waiting).toMatchObject({ status: 'QUEUED', queuePosition: 1 });
    } finally {
      await other.end();
    }
    // Its process is gone: the next replica to start fails it at once, and the queue moves on.
    const third = await createTestApp({ env, database: t.db, seed: 'none' });
    try {
      // The run is marked failed first, and its table dropped just after, outside that transaction.
      const settled = async () => {
        const now = await state(alive.id);
        return now.status !== 'RUNNING' && now.tables === 0;
      };
      for (let i = 0; i < 150 && !(await settled()); i++) await sleep(20);
      expect(await state(alive.id)).toEqual({
        status: 'FAILED',
        error: 'the process running the review stopped',
        tables: 0,
      });
      const [queued] = await t.ds.query<{ id: string }[]>(
        `SELECT id FROM review_run WHERE status IN ('QUEUED', 'RUNNING')`,
      );
      expect((await waitFor([queued.id]))[0]).toMatchObject({ status: 'SUCCEEDED' });
    } finally {
      await third.close();
    }
  }, 30_000);

  it('starts at the next poll a run queued by a process that died before starting it', async () => {
    const [row] = await t.ds.query<{ id: string }[]>(
      `INSERT INTO review_run (status, runner, scope, parameters, started_at, heartbeat_at)
       VALUES ('QUEUED', 'QUEUE', '{}', '{}', now(), now()) RETURNING id`,
    );
    await replica.get(ReviewQueue).poll();
    expect((await waitFor([row.id]))[0]).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('lets the command line fail dead runs and compute the runs queued ahead of its own', async () => {
    const [dead] = await t.ds.query<{ id: string }[]>(
      `INSERT INTO review_run (status, runner, scope, parameters, started_at, heartbeat_at)
       VALUES ('RUNNING', 'REQUESTER', '{}', '{}', now(), now()) RETURNING id`,
    );
    // Queued through an API process that stopped before starting it, with no other replica polling.
    const [ahead] = await t.ds.query<{ id: string }[]>(
      `INSERT INTO review_run (status, runner, scope, parameters, started_at, heartbeat_at)
       VALUES ('QUEUED', 'QUEUE', '{"sectors": ["education"]}', '{}', now(), now()) RETURNING id`,
    );
    const mine = await runs().start({}, {}, 'cli');
    const said: string[] = [];
    const done = await runs().execute(mine, (m) => said.push(m));
    expect(done?.run).toMatchObject({ id: mine.id, status: 'SUCCEEDED' });
    expect(said).toContain(`review ${mine.id} waits for review ${ahead.id}, queued before it, which runs here`);
    const rows = await t.ds.query<{ id: string; status: string }[]>(
      `SELECT id, status FROM review_run WHERE id = ANY($1) ORDER BY seq`,
      [[dead.id, ahead.id, mine.id]],
    );
    expect(rows).toEqual([
      { id: dead.id, status: 'FAILED' },
      { id: ahead.id, status: 'SUCCEEDED' },
      { id: mine.id, status: 'SUCCEEDED' },
    ]);
    // A run not waiting for its requester is refused.
    await expect(runs().execute(done!.run)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  });

  it('refuses a bad scope and queues nothing', async () => {
    const before = await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM review_run`);
    const malformed = await t.gql(START, { input: { scope: { agencyIds: ['not-an-id'] } } });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const missing = await t.gql(START, {
      input: { scope: { agencyIds: ['00000000-0000-4000-8000-000000000000'], levels: ['CENTRAL'] } },
    });
    expect(missing.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'agencyIds', messages: ['no agency has id 00000000-0000-4000-8000-000000000000'] }],
    });
    const level = await t.gql(START, { input: { scope: { levels: ['GALACTIC'] } } });
    expect(level.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM review_run`)).toEqual(before);
    // A run's place is asked for by id.
    const wrong = await t.gql(RUN, { id: '00000000-0000-4000-8000-000000000000' });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
