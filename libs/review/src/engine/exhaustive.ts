import { buildCorpus, Corpus, TextNode } from './corpus.js';
import {
  DEFAULT_REVIEW_OPTIONS,
  FoundPair,
  kept,
  inExternalIdOrder,
  meanIdfOf,
  ReviewOptions,
  SAME_TEXT,
  itemsOfOneList,
} from './engine.js';
import { axisOf, territoriesMeet } from './holders.js';
import { scoreClause, scoreScope, scoreTexts, TextVerdict } from './scoring.js';
import { ReviewPair } from './types.js';
import type { ReviewFunction } from './types.js';

/**
 * The baseline the engine is measured against: every pair of functions compared, with no
 * candidate generation and no pruning of replicated statements, each replicated body a pair of its
 * own. Quadratic: for samples of about ten thousand functions.
 */
export function exhaustiveReview(loaded: ReviewFunction[], options: Partial<ReviewOptions> = {}): ReviewPair[] {
  const functions = inExternalIdOrder(loaded);
  // The baseline of the rules: a learned model is the engine's own business.
  const o: ReviewOptions = { ...DEFAULT_REVIEW_OPTIONS, ...options, model: undefined };
  // The corpus only supplies each statement's normalised words and their weights.
  const c = buildCorpus(functions);
  const meanIdf = meanIdfOf(c);
  const out: ReviewPair[] = [];
  for (let i = 0; i < functions.length; i++) {
    const f = functions[i];
    const a = c.nodes[c.nodeOf[i]];
    for (let j = i + 1; j < functions.length; j++) {
      const g = functions[j];
      const b = c.nodes[c.nodeOf[j]];
      const verdict = compare(c, a, b, o, meanIdf);
      if (!verdict) continue;
      const meeting = territoriesMeet(f.holder, g.holder);
      if (meeting === 'NO' || (meeting === 'TEMPLATE' && verdict.similarity >= SAME_TEXT)) continue;
      const axis = axisOf(f.holder, g.holder);
      if (itemsOfOneList(axis, verdict)) continue;
      out.push(FoundPair.of(functions, i, j, verdict, axis, null));
    }
  }
  return out;
}

function compare(c: Corpus, a: TextNode, b: TextNode, o: ReviewOptions, meanIdf: number): TextVerdict | undefined {
  if (a.catchAll || b.catchAll) return undefined;
  const direct = scoreTexts(c, a, b, o, meanIdf);
  if (kept(direct, o)) return direct;
  if (a === b) return undefined;
  const gate = o.minSharedSpecificity * meanIdf;
  for (const q of a.clauses)
    if (q.weight >= gate) {
      const v = scoreClause(c, a, q, b, o);
      if (kept(v, o)) return v;
    }
  for (const q of b.clauses)
    if (q.weight >= gate) {
      const v = scoreClause(c, b, q, a, o);
      if (kept(v, o)) return v;
    }
  // The engine tries the statement with the lower id as the wide one first.
  const [x, y] = a.id < b.id ? [a, b] : [b, a];
  return scoreScope(c, x, y, o) ?? scoreScope(c, y, x, o);
}
