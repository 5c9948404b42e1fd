// Holds one snapshot of the live-check index off the API's event loop: building the index of a
// national registry computes for seconds, and the API must keep answering meanwhile. The worker
// reads the registry itself, on a connection of its own, so that no function crosses threads.
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { ReviewIndex } from '../engine/review-index.js';
import { plainPair, type FromIndexWorker, type IndexWorkerData, type ToIndexWorker } from './index-worker.js';
import { loadReviewFunctions, REGISTRY_MARK_SQL, RowSource } from './review-records.js';

const { url } = workerData as IndexWorkerData;
const port = parentPort!;
const send = (m: FromIndexWorker) => port.postMessage(m);

async function build(): Promise<ReviewIndex> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url, application_name: 'registry review index' });
  await client.connect();
  let mark: string;
  let functions;
  try {
    const db: RowSource = {
      query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T,
    };
    // The mark is read before the functions: a change made while they load moves it, and the
    // next check then builds again rather than trusting a snapshot that may have missed it.
    [{ mark }] = await db.query<{ mark: string }[]>(REGISTRY_MARK_SQL);
    functions = await loadReviewFunctions(db, {});
  } finally {
    await client.end().catch(() => undefined);
  }
  const loaded = performance.now();
  const index = new ReviewIndex(functions);
  send({
    ready: {
      size: index.size,
      mark,
      loadMs: Math.round(loaded - started),
      buildMs: Math.round(performance.now() - loaded),
      heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    },
  });
  return index;
}

build().then(
  (index) =>
    port.on('message', (m: ToIndexWorker) => {
      try {
        send({ id: m.id, pairs: index.check(m.probe, m.limit).map((p) => plainPair(p)) });
      } catch (err) {
        send({ id: m.id, error: err instanceof Error ? err.message : String(err) });
      }
    }),
  (err: unknown) => {
    send({ failed: err instanceof Error ? err.message : String(err) });
    // With the port closed the thread has nothing left to do and ends.
    port.close();
  },
);
