import pg from 'pg';
import { asNewArrival, serveOldestRequestFirst } from './arrival-order.js';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';

describe('serveOldestRequestFirst', () => {
  let embedded: EmbeddedPostgres;
  let pool: pg.Pool;
  // Waiters of this one give up after half a second (its own test); the other's wait long enough
  // for a busy machine.
  let quick: pg.Pool;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    pool = new pg.Pool({ connectionString: embedded.url, max: 1, connectionTimeoutMillis: 60_000 });
    quick = new pg.Pool({ connectionString: embedded.url, max: 1, connectionTimeoutMillis: 500 });
    expect(serveOldestRequestFirst(pool)).toBe(true);
    expect(serveOldestRequestFirst(quick)).toBe(true);
  });
  afterAll(async () => {
    await pool?.end();
    await quick?.end();
    await embedded?.stop();
  });

  it('gives a freed connection to the statement of the earliest request, keeping one request’s own order', async () => {
    const holder = await pool.connect();
    const order: string[] = [];
    const run = (label: string) => pool.query(`SELECT $1::text AS label`, [label]).then(() => order.push(label));

    // Three requests arrive in turn; the first asks for its second statement only after the
    // others have queued, as a request does when its DataLoaders run after its first page.
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const first = asNewArrival(async () => {
      const one = run('first:1');
      await gate;
      return Promise.all([one, run('first:2')]);
    });
    const second = asNewArrival(() => run('second'));
    const third = asNewArrival(() => Promise.all([run('third:1'), run('third:2')]));
    const outside = run('outside');
    openGate();
    await new Promise((resolve) => setImmediate(resolve));

    holder.release();
    await Promise.all([first, second, third, outside]);
    expect(order).toEqual(['first:1', 'first:2', 'second', 'third:1', 'third:2', 'outside']);
  });

  it('still times a waiter out and serves the rest', async () => {
    const holder = await quick.connect();
    const waiting = asNewArrival(() => quick.query('SELECT 1'));
    const timedOut = expect(waiting).rejects.toThrow(/timeout exceeded when trying to connect/);
    await timedOut;
    const after = asNewArrival(() => quick.query<{ n: number }>('SELECT 2 AS n'));
    holder.release();
    expect((await after).rows).toEqual([{ n: 2 }]);
  });

  it('leaves a pool that is already in use as it is', () => {
    expect(serveOldestRequestFirst({})).toBe(false);
  });
});
