import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ReviewIndex } from '../engine/review-index.js';
import { ReviewFunction, ReviewPair } from '../engine/types.js';

/** One snapshot of the registry that answers live checks. */
export interface LiveIndex {
  readonly size: number;
  check(probe: ReviewFunction, limit: number): Promise<ReviewPair[]>;
  /** Lets checks under way finish, then frees the snapshot. */
  retire(): void;
  /** Frees the snapshot at once; checks under way fail with IndexGone. */
  close(): Promise<void>;
}

/** A snapshot with the registry mark it was read at and what building it took. */
export interface BuiltIndex {
  index: LiveIndex;
  mark: string;
  loadMs: number;
  buildMs: number;
  where: 'worker thread' | 'main thread';
  /** The worker's heap once its index is built: what one snapshot costs. */
  heapMb?: number;
}

/** A check sent to a snapshot that went away before it answered; the check may be sent again. */
export class IndexGone extends Error {}

export interface IndexWorkerData {
  /** The database the worker reads the registry from, on a connection of its own. */
  url: string;
}

export type ToIndexWorker = { id: number; probe: ReviewFunction; limit: number };
export type FromIndexWorker =
  | { ready: { size: number; mark: string; loadMs: number; buildMs: number; heapMb: number } }
  | { failed: string }
  | { id: number; pairs: ReviewPair[] }
  | { id: number; error: string };

/** A pair as plain data, to cross threads (the engine's pairs compute their fields when read). */
export function plainPair(p: ReviewPair): ReviewPair {
  return {
    a: p.a,
    b: p.b,
    band: p.band,
    axis: p.axis,
    score: p.score,
    reasons: p.reasons,
    statementReasons: p.statementReasons,
    statement: {},
    alsoReplicatedBy: p.alsoReplicatedBy,
  };
}

/** The compiled worker, when at hand: the built service has it, tests running TypeScript sources do not. */
export function indexWorkerUrl(): URL | undefined {
  const url = new URL('./review-index.worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/** A snapshot built and queried in this thread (tests, and the fallback when the worker is not at hand). */
export class InThreadIndex implements LiveIndex {
  constructor(private readonly index: ReviewIndex) {}

  get size(): number {
    return this.index.size;
  }

  check(probe: ReviewFunction, limit: number): Promise<ReviewPair[]> {
    return Promise.resolve(this.index.check(probe, limit));
  }

  retire(): void {}

  async close(): Promise<void> {}
}

/**
 * A snapshot held by a worker thread, which reads the registry and builds the index itself. Checks
 * are messages of plain data: the probe goes in, plain pairs come back.
 */
export class WorkerIndex implements LiveIndex {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (p: ReviewPair[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private retiring = false;
  private ended = false;
  size = 0;

  /**
   * Starts a worker; `built` settles once its index is ready or building failed. `onExit` hears of
   * a worker that ended, whether retired or dead.
   */
  static start(url: URL, data: IndexWorkerData, onExit: (w: WorkerIndex, why?: string) => void): WorkerIndex {
    return new WorkerIndex(url, data, onExit);
  }

  readonly built: Promise<BuiltIndex>;

  private constructor(url: URL, data: IndexWorkerData, onExit: (w: WorkerIndex, why?: string) => void) {
    this.worker = new Worker(url, { workerData: data });
    // The HTTP server keeps the process alive; a snapshot alone must not.
    this.worker.unref();
    let failure: string | undefined;
    this.built = new Promise<BuiltIndex>((resolve, reject) => {
      this.worker.on('message', (m: FromIndexWorker) => {
        if ('ready' in m) {
          this.size = m.ready.size;
          resolve({
            index: this,
            mark: m.ready.mark,
            loadMs: m.ready.loadMs,
            buildMs: m.ready.buildMs,
            where: 'worker thread',
            heapMb: m.ready.heapMb,
          });
        } else if ('failed' in m) {
          failure = m.failed;
        } else {
          const waiting = this.pending.get(m.id);
          if (!waiting) return;
          this.pending.delete(m.id);
          if ('pairs' in m) waiting.resolve(m.pairs);
          else waiting.reject(new Error(m.error));
          if (this.retiring && this.pending.size === 0) void this.close();
        }
      });
      this.worker.on('error', (err) => (failure ??= err.message));
      this.worker.on('exit', (code) => {
        this.ended = true;
        const why = failure ?? (this.retiring ? undefined : `the index worker stopped with code ${code}`);
        reject(new Error(why ?? 'the index worker was closed before its index was ready'));
        for (const waiting of this.pending.values()) waiting.reject(new IndexGone(why ?? 'the index was closed'));
        this.pending.clear();
        onExit(this, why);
      });
    });
    // A failed build is reported through `built`; nobody else need handle it.
    this.built.catch(() => undefined);
  }

  check(probe: ReviewFunction, limit: number): Promise<ReviewPair[]> {
    if (this.ended) return Promise.reject(new IndexGone('the index worker has ended'));
    const id = ++this.nextId;
    return new Promise<ReviewPair[]>((resolve, reject) => {
      this.pending.set(id, {
        // The probe stays this thread's object: only the registered side comes back as a copy.
        resolve: (pairs) => resolve(pairs.map((p) => ({ ...p, a: probe }))),
        reject,
      });
      this.worker.postMessage({ id, probe, limit } satisfies ToIndexWorker);
    });
  }

  retire(): void {
    this.retiring = true;
    if (this.pending.size === 0) void this.close();
  }

  async close(): Promise<void> {
    this.retiring = true;
    // Refused here and now: an answer the worker sends while it is being stopped could otherwise
    // arrive first, and a check under way would succeed or fail by a race.
    for (const waiting of this.pending.values()) waiting.reject(new IndexGone('the index was closed'));
    this.pending.clear();
    if (!this.ended) await this.worker.terminate();
  }
}
