import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ReviewOptions } from '../engine/engine.js';
import { ReviewFunction, ReviewPair } from '../engine/types.js';
import { reviewIntoSpool, SpooledReview, SpoolFiles, SpoolFlushed } from './finding-spool.js';
import { ReviewScope } from './review-records.js';

/** Where a run's functions come from. */
export interface FunctionSource {
  scope: ReviewScope;
  /** Reads the functions in the caller's thread. */
  load(): Promise<ReviewFunction[]>;
  /**
   * The PostgreSQL server they are in, when they are in one: a worker thread then reads them itself,
   * so that a national registry is not held twice (once to hand over, once in the worker).
   */
  url?: string;
  /** How long the worker waits for a connection to open. */
  connectTimeoutMs?: number;
}

/**
 * Runs the engine over a run's functions, its findings going to the spool files (`flushed` hears
 * of them as they grow). One that writes findings with their reasons on the way (`review run
 * --out`) says `withLegalBasis`, and the functions are read with their legal bases; a stored
 * finding's reasons are completed when read.
 */
export type ReviewEngine = ((
  source: FunctionSource,
  options: Partial<ReviewOptions>,
  files: SpoolFiles,
  flushed?: SpoolFlushed,
) => Promise<SpooledReview>) & { withLegalBasis?: boolean };

/** The engine in the caller's thread; `onFinding` hears of each finding too (say, to write it to a file). */
export function reviewHere(onFinding?: (p: ReviewPair) => void): ReviewEngine {
  return async (source, options, files, flushed) => {
    const started = performance.now();
    const functions = await source.load();
    const load = Math.round(performance.now() - started);
    const result = reviewIntoSpool(functions, options, files, onFinding, flushed);
    return { ...result, timings: { load, ...result.timings } };
  };
}

export const inThisThread: ReviewEngine = reviewHere();

/**
 * The young generation of the engine's thread. A national review makes hundreds of millions of
 * short-lived objects; with V8's default (16 MiB semi-spaces) the collector took a tenth of a national
 * run, and three 64 MiB semi-spaces (the API's `--max-semi-space-size=64`) take about 100 MiB more.
 */
const YOUNG_GENERATION_MB = 192;

export interface ReviewWorkerData {
  /** The functions, when the caller read them; otherwise the worker reads them from `url`. */
  functions?: ReviewFunction[];
  url?: string;
  connectTimeoutMs?: number;
  scope: ReviewScope;
  options: Partial<ReviewOptions>;
  files: SpoolFiles;
}

export type FromReviewWorker =
  { progress: string } | { flushed: { file: keyof SpoolFiles; bytes: number } } | { result: SpooledReview };

/**
 * Runs the engine in a worker thread when the compiled worker is at hand (the built service and
 * command line), and in this thread otherwise (tests run the TypeScript sources, where reviews are
 * small). The worker reads the functions itself from a PostgreSQL server and writes the findings to
 * the spool; only the summary comes back.
 */
export const reviewInWorker: ReviewEngine = async (source, options, files, flushed) => {
  const url = new URL('./review.worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return inThisThread(source, options, files, flushed);
  const { progress, onPair: _onPair, ...plain } = options;
  const data: ReviewWorkerData = { scope: source.scope, options: plain, files };
  let load = 0;
  if (source.url) {
    data.url = source.url;
    data.connectTimeoutMs = source.connectTimeoutMs;
  } else {
    const started = performance.now();
    data.functions = await source.load();
    load = Math.round(performance.now() - started);
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // The worker holds the only copy once it has them.
    delete data.functions;
    worker.on('message', (m: FromReviewWorker) => {
      if ('progress' in m) progress?.(m.progress);
      else if ('flushed' in m) flushed?.(m.flushed.file, m.flushed.bytes);
      else resolve(load ? { ...m.result, timings: { load, ...m.result.timings } } : m.result);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the review worker stopped with code ${code}`));
    });
  });
};
