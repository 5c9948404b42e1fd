// Runs the review engine off the API's event loop: a review of a national registry computes for
// minutes, and the API must keep answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import type { ReviewFunction } from '../engine/types.js';
import { reviewIntoSpool, SpoolFiles } from './finding-spool.js';
import { shareStrings } from './review-records.js';

const { functions, options, runId, files } = workerData as {
  functions: ReviewFunction[];
  options: Record<string, unknown>;
  runId: string;
  files: SpoolFiles;
};
shareStrings(functions);
const index = new Map(functions.map((f, i) => [f, i]));
const result = reviewIntoSpool(
  functions,
  { ...options, progress: (message) => parentPort!.postMessage({ progress: message }) },
  runId,
  files,
);
parentPort!.postMessage({
  result: {
    ...result,
    clusters: result.clusters.map((c) => c.map((f) => index.get(f)!)),
    controlPiles: result.controlPiles.map((p) => ({ ...p, functions: p.functions.map((f) => index.get(f)!) })),
  },
});
