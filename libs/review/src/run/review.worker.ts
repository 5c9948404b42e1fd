// Runs the review engine off the API's event loop: a review of a national registry computes for
// minutes, and the API must keep answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { runReview } from '../engine/engine.js';
import type { ReviewFunction } from '../engine/types.js';

const { functions, options } = workerData as { functions: ReviewFunction[]; options: Record<string, unknown> };
const index = new Map(functions.map((f, i) => [f, i]));
const result = runReview(functions, { ...options, progress: (message) => parentPort!.postMessage({ progress: message }) });
parentPort!.postMessage({
  result: {
    ...result,
    // Functions travel as indices: the parent already holds them.
    pairs: result.pairs.map((p) => ({ band: p.band, axis: p.axis, score: p.score, reasons: p.reasons, alsoReplicatedBy: p.alsoReplicatedBy, a: index.get(p.a)!, b: index.get(p.b)! })),
    clusters: result.clusters.map((c) => c.map((f) => index.get(f)!)),
  },
});
