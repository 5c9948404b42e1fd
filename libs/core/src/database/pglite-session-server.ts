import type { PGlite } from '@electric-sql/pglite';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'
const ERROR_RESPONSE = 0x45; // 'E'

/** A simple-protocol query message. */
function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const msg = Buffer.alloc(5 + text.length);
  msg[0] = 0x51; // 'Q'
  msg.writeInt32BE(4 + text.length, 1);
  text.copy(msg, 5);
  return msg;
}

const ROLLBACK = queryMessage('ROLLBACK');
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]); // 'S'

/** A FATAL ErrorResponse, as PostgreSQL sends before it closes a connection on its own. */
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const msg = Buffer.alloc(5 + fields.length);
  msg[0] = ERROR_RESPONSE;
  msg.writeInt32BE(4 + fields.length, 1);
  fields.copy(msg, 5);
  return msg;
}

/**
 * Follows the backend's replies message by message across the chunks they arrive in, for the two
 * things the server needs: the transaction status of the last ReadyForQuery ('I' idle, 'T' in a
 * transaction, 'E' in a failed one), and whether an error came since.
 */
class ReplyScanner {
  private readonly header = Buffer.alloc(5);
  private headerFill = 0;
  private remaining = 0;
  private type = 0;
  /** Status of the last ReadyForQuery, undefined when none came since `reset`. */
  status?: string;
  failed = false;

  reset(): void {
    this.status = undefined;
    this.failed = false;
  }

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        if (this.type === READY_FOR_QUERY && this.status === '') this.status = String.fromCharCode(chunk[i]);
        const n = Math.min(this.remaining, chunk.length - i);
        i += n;
        this.remaining -= n;
        continue;
      }
      const n = Math.min(5 - this.headerFill, chunk.length - i);
      this.header.set(chunk.subarray(i, i + n), this.headerFill);
      this.headerFill += n;
      i += n;
      if (this.headerFill < 5) break;
      this.headerFill = 0;
      this.type = this.header[0];
      this.remaining = this.header.readInt32BE(1) - 4;
      if (this.type === READY_FOR_QUERY) this.status = '';
      else if (this.type === ERROR_RESPONSE) this.failed = true;
    }
  }
}

export interface SessionServerOptions {
  host?: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  /**
   * How long a connection may hold the database, inside a transaction or a half-sent extended
   * query, without sending anything; it is then rolled back and closed, as PostgreSQL's
   * `idle_in_transaction_session_timeout` would.
   */
  idleInTransactionMs?: number;
}

/**
 * Serves one PGlite to any number of PostgreSQL wire-protocol clients (the `pg` driver's pool).
 *
 * PGlite is a single backend: every connection shares one session. Passing messages through as they
 * come (as @electric-sql/pglite-socket did) lets the Parse of one request meet the Bind of another,
 * and puts one request's statements inside another's transaction. Here a connection gets the
 * database for itself from its first message until the backend is idle again, that is until a
 * ReadyForQuery with status 'I': one statement outside a transaction, or the whole transaction.
 * The others wait in a queue, first come first served. A connection that drops while it holds the
 * database is rolled back; one that holds it idle too long is rolled back and closed.
 */
export class PGliteSessionServer {
  private server?: Server;
  private holder?: Session;
  private readonly queue: { session: Session; granted: (yes: boolean) => void }[] = [];
  private readonly sessions = new Set<Session>();
  readonly idleInTransactionMs: number;

  constructor(
    readonly db: PGlite,
    private readonly options: SessionServerOptions = {},
  ) {
    this.idleInTransactionMs = options.idleInTransactionMs ?? 60_000;
  }

  async start(): Promise<AddressInfo> {
    await this.db.waitReady;
    const server = createServer((socket) => {
      const session = new Session(this, socket);
      this.sessions.add(session);
      socket.once('close', () => this.sessions.delete(session));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  /** host:port of the listening socket. */
  get address(): string {
    const a = this.server?.address() as AddressInfo | null | undefined;
    if (!a) throw new Error('the session server is not listening');
    return `${a.address}:${a.port}`;
  }

  /** Connections waiting for the database. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Closes every connection (rolling back what they hold) and stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closing = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    await Promise.all([...this.sessions].map((s) => s.close()));
    await closing;
  }

  /** Resolves to true when `session` has the database to itself, to false if it closed while waiting. */
  acquire(session: Session): Promise<boolean> {
    if (!this.holder) {
      this.holder = session;
      return Promise.resolve(true);
    }
    return new Promise((granted) => this.queue.push({ session, granted }));
  }

  release(session: Session): void {
    if (this.holder !== session) return;
    const next = this.queue.shift();
    this.holder = next?.session;
    next?.granted(true);
  }

  /** Takes a session that closed while it waited out of the queue. */
  forget(session: Session): void {
    const i = this.queue.findIndex((w) => w.session === session);
    if (i >= 0) this.queue.splice(i, 1)[0].granted(false);
  }
}

/** One client connection. */
class Session {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes needed to complete the message that began in `chunks`. */
  private wanted = 0;
  private readonly pending: Buffer[] = [];
  private started = false;
  private pumping = false;
  private closed = false;
  private closing?: Promise<void>;
  private holding = false;
  /** Messages were sent since the last ReadyForQuery: an extended query is half-way. */
  private midQuery = false;
  /** An error came in the half-way extended query: the backend ignores everything up to Sync. */
  private failedInQuery = false;
  private status = 'I';
  private idleTimer?: NodeJS.Timeout;
  private readonly replies = new ReplyScanner();
  private finished!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.finished = resolve));

  constructor(
    private readonly server: PGliteSessionServer,
    private readonly socket: Socket,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', () => void this.close());
    socket.on('close', () => void this.close());
  }

  private receive(data: Buffer): void {
    if (this.closed) return;
    // A large message comes in many chunks: they are joined once it is complete, not chunk by chunk.
    this.chunks.push(data);
    this.buffered += data.length;
    if (this.buffered < this.wanted) return;
    let input = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    this.wanted = 0;
    while (input.length >= 8 || (this.started && input.length >= 5)) {
      // Messages before the startup one have no type byte: just a length and a code.
      const length = this.started ? input.readInt32BE(1) + 1 : input.readInt32BE(0);
      if (length < (this.started ? 5 : 8)) return void this.close();
      if (input.length < length) {
        this.wanted = length;
        break;
      }
      // A copy: the message may wait in the queue longer than the chunk it came in is kept.
      const message = Buffer.from(input.subarray(0, length));
      input = input.subarray(length);
      if (!this.started) {
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write('N');
          continue;
        }
        // PGlite has no backend to signal: a cancel request is dropped, as its connection is.
        if (code === CANCEL_REQUEST || code !== PROTOCOL_3) return void this.close();
        this.started = true;
      }
      this.pending.push(message);
    }
    if (input.length) {
      this.chunks.push(input);
      this.buffered = input.length;
    }
    void this.pump();
  }

  /** Runs the received messages in order, holding the database from the first to the end of the transaction. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.pending.length && !this.closed) {
        const message = this.pending.shift()!;
        if (message[0] === TERMINATE) {
          void this.close();
          break;
        }
        clearTimeout(this.idleTimer);
        if (!this.holding) {
          this.holding = await this.server.acquire(this);
          // Granted just as the connection closed: `cleanUp` hands the database on.
          if (!this.holding || this.closed) break;
        }
        this.replies.reset();
        await this.exec(message, (data) => {
          if (!this.socket.writable) return;
          this.socket.write(Buffer.from(data));
        });
        if (this.replies.status) {
          this.status = this.replies.status;
          this.midQuery = false;
          this.failedInQuery = false;
        } else {
          this.midQuery = true;
          this.failedInQuery ||= this.replies.failed;
        }
        if (this.status === 'I' && !this.midQuery) this.releaseDatabase();
      }
    } catch {
      // PGlite itself failed (not an SQL error, which is a reply): this connection cannot go on.
      this.pending.length = 0;
      this.socket.destroy();
    } finally {
      this.pumping = false;
    }
    if (this.closed) await this.cleanUp();
    else if (this.holding && !this.pending.length) this.startIdleTimer();
  }

  private exec(message: Uint8Array, onData?: (data: Uint8Array) => void): Promise<void> {
    return this.server.db.execProtocolRawStream(message, {
      onRawData: (data) => {
        this.replies.feed(data);
        onData?.(data);
      },
    });
  }

  private startIdleTimer(): void {
    clearTimeout(this.idleTimer);
    const ms = this.server.idleInTransactionMs;
    if (ms <= 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.socket.writable) {
        this.socket.write(fatal('25P03', 'terminating connection due to idle-in-transaction timeout'));
      }
      void this.close();
    }, ms);
    this.idleTimer.unref();
  }

  private releaseDatabase(): void {
    if (!this.holding) return;
    this.holding = false;
    this.server.release(this);
  }

  /** Ends the connection; whatever it holds is rolled back before the next connection gets the database. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      clearTimeout(this.idleTimer);
      this.pending.length = 0;
      this.socket.destroy();
      this.server.forget(this);
      // A message under way finishes first; `pump` cleans up after it.
      if (!this.pumping) void this.cleanUp();
      this.closing = this.done;
    }
    return this.closing;
  }

  private async cleanUp(): Promise<void> {
    try {
      if (this.holding && (this.midQuery || this.status !== 'I')) {
        this.replies.reset();
        // A half-sent extended query runs in a transaction of its own that Sync would commit:
        // ROLLBACK aborts it first, unless an error already did (the backend then waits for Sync).
        if (this.midQuery && !this.failedInQuery) await this.exec(ROLLBACK);
        if (this.midQuery) await this.exec(SYNC);
        if ((this.midQuery ? this.replies.status : this.status) !== 'I') await this.exec(ROLLBACK);
      }
    } catch {
      // The database is gone (it is being closed): nothing left to roll back.
    } finally {
      this.releaseDatabase();
      this.finished();
    }
  }
}
