import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ReviewOptions, ReviewResult, runReview } from '../engine/engine.js';
import { ReviewFunction, ReviewPair } from '../engine/types.js';

/**
 * Runs the engine in a worker thread when the compiled worker is at hand (the built service), and
 * in this thread otherwise (tests run the TypeScript sources, where reviews are small).
 */
export function runReviewInWorker(functions: ReviewFunction[], options: Partial<ReviewOptions>): Promise<ReviewResult> {
  const url = new URL('./review.worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return Promise.resolve(runReview(functions, options));
  const { progress, onPair: _onPair, ...plain } = options;
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { functions, options: plain } });
    worker.on('message', (m: { progress?: string; result?: WorkerResult }) => {
      if (m.progress) progress?.(m.progress);
      if (m.result) {
        resolve({
          ...m.result,
          pairs: m.result.pairs.map((p) => ({ ...p, a: functions[p.a], b: functions[p.b] })),
          clusters: m.result.clusters.map((c) => c.map((i) => functions[i])),
        });
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the review worker stopped with code ${code}`));
    });
  });
}

interface WorkerResult extends Omit<ReviewResult, 'pairs' | 'clusters'> {
  pairs: (Omit<ReviewPair, 'a' | 'b'> & { a: number; b: number })[];
  clusters: number[][];
}
