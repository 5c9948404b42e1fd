import { PGlite } from '@electric-sql/pglite';
import { connect } from 'node:net';
import pg from 'pg';
import { PGliteSessionServer } from './pglite-session-server.js';

const IDLE_LIMIT_MS = 300;

/** A typed frontend message: type byte, length, body. */
function frame(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'ascii');
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');
const int16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describe('PGliteSessionServer', () => {
  let db: PGlite;
  let server: PGliteSessionServer;
  let url: string;
  const clients: pg.Client[] = [];

  const client = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => undefined);
    clients.push(c);
    await c.connect();
    return c;
  };
  const count = async (c: pg.Client) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM item`)).rows[0].n;

  beforeAll(async () => {
    db = await PGlite.create();
    server = new PGliteSessionServer(db, { idleInTransactionMs: IDLE_LIMIT_MS });
    await server.start();
    url = `postgres://postgres:postgres@${server.address}/postgres?sslmode=disable`;
    await db.exec(`CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL)`);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    await db.exec(`TRUNCATE item`);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('keeps the parameters of concurrent extended-protocol queries apart', async () => {
    const cs = await Promise.all(Array.from({ length: 8 }, () => client()));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        cs[i % cs.length].query<{ v: string }>(`SELECT $1::text || '/' || $2::text AS v`, [`a${i}`, `b${i}`]),
      ),
    );
    results.forEach((r, i) => expect(r.rows).toEqual([{ v: `a${i}/b${i}` }]));
  });

  it('holds the database for a whole transaction and serves the waiting connections first come, first served', async () => {
    const [a, b, c] = await Promise.all([client(), client(), client()]);
    await a.query('BEGIN');
    await a.query(`INSERT INTO item (name) VALUES ('a')`);
    const order: string[] = [];
    const bDone = b.query(`INSERT INTO item (name) VALUES ('b')`).then(() => order.push('b'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cDone = count(c).then((n) => {
      order.push('c');
      return n;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    expect(server.waiting).toBe(2);
    // Inside its transaction `a` sees only its own row: `b` has not run in the middle of it.
    expect(await count(a)).toBe(1);
    await a.query('COMMIT');
    await bDone;
    // `c` queued after `b`, so it sees both rows.
    expect(await cDone).toBe(2);
    expect(order).toEqual(['b', 'c']);
  });

  it('rolls back the transaction of a connection that ends or drops', async () => {
    const [a, b, c] = await Promise.all([client(), client(), client()]);
    await a.query('BEGIN');
    await a.query(`INSERT INTO item (name) VALUES ('ended')`);
    await b.query('BEGIN');
    const bInserted = b.query(`INSERT INTO item (name) VALUES ('dropped')`);
    await a.end();
    await bInserted;
    // No Terminate message: the socket just goes away.
    (b as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await count(c)).toBe(0);
    // `c` is outside any transaction: its row is committed at once, and survives its connection.
    await c.query(`INSERT INTO item (name) VALUES ('kept')`);
    await c.end();
    expect((await db.query(`SELECT name FROM item`)).rows).toEqual([{ name: 'kept' }]);
  });

  it('rolls back an extended query the connection dropped before its Sync', async () => {
    const socket = connect(Number(server.address.split(':')[1]), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const startup = Buffer.concat([
      int32(3 << 16),
      cstr('user'),
      cstr('postgres'),
      cstr('database'),
      cstr('postgres'),
      cstr(''),
    ]);
    socket.write(Buffer.concat([int32(startup.length + 4), startup]));
    const replies: Buffer[] = [];
    socket.on('data', (d: Buffer) => replies.push(d));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write(
      Buffer.concat([
        frame('P', cstr(''), cstr(`INSERT INTO item (name) VALUES ('half')`), int16(0)),
        frame('B', cstr(''), cstr(''), int16(0), int16(0), int16(0)),
        frame('E', cstr(''), int32(0)),
      ]),
    );
    // The insert ran: CommandComplete came back, with no ReadyForQuery as there was no Sync yet.
    for (let i = 0; i < 50 && !Buffer.concat(replies).includes('INSERT 0 1'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(Buffer.concat(replies).toString('latin1')).toContain('INSERT 0 1');
    socket.destroy();
    const other = await client();
    expect(await count(other)).toBe(0);
  });

  it('rolls back and closes a connection idle in a transaction past the limit, then serves the others', async () => {
    const [a, b] = await Promise.all([client(), client()]);
    const lost = new Promise<Error>((resolve) => a.on('error', resolve));
    await a.query('BEGIN');
    await a.query(`INSERT INTO item (name) VALUES ('idle')`);
    const started = Date.now();
    expect(await count(b)).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_LIMIT_MS - 50);
    expect((await lost).message).toMatch(/idle-in-transaction timeout/);
    await expect(a.query('SELECT 1')).rejects.toThrow();
  });
});
