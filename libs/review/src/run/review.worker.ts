// Runs the review engine off the caller's event loop: a review of a national registry computes for
// a minute, and the API must keep answering meanwhile (and the command line storing the findings
// already spooled).
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { reviewIntoSpool } from './finding-spool.js';
import { loadReviewFunctions, RowSource, shareStrings } from './review-records.js';
import type { FromReviewWorker, ReviewWorkerData } from './run-in-worker.js';

const { functions: handed, url, connectTimeoutMs, scope, options, files } = workerData as ReviewWorkerData;
const send = (m: FromReviewWorker) => parentPort!.postMessage(m);
const progress = (message: string) => send({ progress: message });

async function functions() {
  // Handed functions arrive copied string by string, however shared they were.
  if (handed) {
    shareStrings(handed);
    return handed;
  }
  // Two connections: the registry is read in two halves side by side.
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'registry review',
    max: 2,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  // A connection lost while idle is reported by the next query; unheard, it would end the thread.
  pool.on('error', () => undefined);
  try {
    const db: RowSource = {
      query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T,
    };
    return await loadReviewFunctions(db, scope, progress, false);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

const started = performance.now();
const read = await functions();
const load = Math.round(performance.now() - started);
const result = reviewIntoSpool(read, { ...options, progress }, files, undefined, (file, bytes) =>
  send({ flushed: { file, bytes } }),
);
send({ result: { ...result, timings: handed ? result.timings : { load, ...result.timings } } });
