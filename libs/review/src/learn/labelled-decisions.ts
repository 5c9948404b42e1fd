import { buildCorpus, meanIdfOf } from '../engine/corpus.js';
import { DEFAULT_REVIEW_OPTIONS, inExternalIdOrder } from '../engine/engine.js';
import { verdictsOf } from '../engine/scoring.js';
import { ReviewFunction } from '../engine/types.js';
import { GoldPair } from '../quality/evaluate.js';
import { pairFeatures } from './pair-features.js';
import { LabelledPair, rulesWordOf } from './pair-model.js';

/**
 * Labelled pairs as the decisions a review team would have made on them (a labelled duplicate or
 * overlap confirmed, a distinct pair dismissed), with what the model trains on: for measuring what
 * the review learns (`learning.js`) and what a learned run costs (`review-engine-run.js --model-from`).
 */
export function decisionsFromLabels(loaded: ReviewFunction[], labels: GoldPair[]): LabelledPair[] {
  const functions = inExternalIdOrder(loaded);
  const corpus = buildCorpus(functions);
  const meanIdf = meanIdfOf(corpus);
  const index = new Map(functions.map((f, i) => [f.externalId, i]));
  const at = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`a labelled pair names ${id}, which is not among the functions`);
    return i;
  };
  return labels.map((g) => {
    const [ia, ib] = [at(g.a), at(g.b)];
    const [a, b] = [corpus.nodes[corpus.nodeOf[ia]], corpus.nodes[corpus.nodeOf[ib]]];
    return {
      features: pairFeatures(corpus, a, b, meanIdf),
      confirmed: g.label !== 'distinct',
      statements: [a.id, b.id].sort((x, y) => x - y).join('|'),
      rules: rulesWordOf(
        verdictsOf(corpus, a, b, DEFAULT_REVIEW_OPTIONS, meanIdf),
        functions[ia].holder.id === functions[ib].holder.id,
      ),
    };
  });
}
