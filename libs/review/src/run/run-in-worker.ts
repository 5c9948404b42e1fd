import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ControlPileGroup, ReviewOptions } from '../engine/engine.js';
import { ReviewFunction } from '../engine/types.js';
import { reviewIntoSpool, SpooledReview, SpoolFiles } from './finding-spool.js';

/**
 * Runs the engine in a worker thread when the compiled worker is at hand (the built service), and
 * in this thread otherwise (tests run the TypeScript sources, where reviews are small). The worker
 * writes the findings to the spool itself and sends back only the summary and the clusters.
 */
export function reviewInWorker(
  functions: ReviewFunction[],
  options: Partial<ReviewOptions>,
  runId: string,
  files: SpoolFiles,
): Promise<SpooledReview> {
  const url = new URL('./review.worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return Promise.resolve(reviewIntoSpool(functions, options, runId, files));
  const { progress, onPair: _onPair, ...plain } = options;
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { functions, options: plain, runId, files } });
    worker.on('message', (m: { progress?: string; result?: WorkerResult }) => {
      if (m.progress) progress?.(m.progress);
      // Functions travel as indices: this thread already holds them.
      if (m.result) {
        resolve({
          ...m.result,
          clusters: m.result.clusters.map((c) => c.map((i) => functions[i])),
          controlPiles: m.result.controlPiles.map((p) => ({ ...p, functions: p.functions.map((i) => functions[i]) })),
        });
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the review worker stopped with code ${code}`));
    });
  });
}

interface WorkerResult extends Omit<SpooledReview, 'clusters' | 'controlPiles'> {
  clusters: number[][];
  controlPiles: (Omit<ControlPileGroup, 'functions'> & { functions: number[] })[];
}
