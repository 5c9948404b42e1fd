import { Clause, Corpus, sharedWeight, TextNode } from './corpus.js';
import { ruleMakingVersusExecution } from '../text/action.js';
import { wordsOfFamilies } from '../text/normalize.js';
import { Band, Reason } from './types.js';

export interface ScoringParameters {
  /** Weighted Jaccard at or above which two statements are the same function. */
  duplicateSimilarity: number;
  /** Share of one statement's weight the other must contain for the two to overlap. */
  overlapContainment: number;
  /**
   * Pairs are only considered when one statement is covered at least this much by the other. No
   * verdict needs less (a duplicate is covered at least `duplicateSimilarity` both ways, an overlap at
   * least `overlapContainment` one way), so the default loses nothing and probes few words.
   */
  candidateContainment: number;
  /** The shared words must weigh at least this many "rare words" (in units of the mean word weight). */
  minSharedSpecificity: number;
}

export const DEFAULT_SCORING: ScoringParameters = {
  duplicateSimilarity: 0.8,
  overlapContainment: 0.85,
  candidateContainment: 0.8,
  minSharedSpecificity: 2,
};

export interface TextVerdict {
  band: Band;
  score: number;
  similarity: number;
  containment: number;
  reasons: Reason[];
  /** The rarest words the two statements share, as written: what the pair is about. */
  terms: string[];
}

/**
 * Compares two statements: weighted overlap of their word families (rare words weigh more, so
 * the stock vocabulary of legal text cannot make a match), with the structure of the statement
 * (its action, its domain, what it excludes) as evidence for and against.
 */
export function scoreTexts(
  c: Corpus,
  a: TextNode,
  b: TextNode,
  p: ScoringParameters,
  meanIdf: number,
): TextVerdict | undefined {
  if (a.catchAll || b.catchAll) return undefined;
  const shared: number[] = [];
  const s = sharedWeight(a.tokens, b.tokens, c.idf, shared);
  if (s === 0) return undefined;
  const similarity = s / (a.weight + b.weight - s);
  const cA = s / a.weight;
  const cB = s / b.weight;
  const containment = Math.max(cA, cB);
  if (s < p.minSharedSpecificity * meanIdf && similarity < 0.999) return undefined;
  // What one statement explicitly leaves out («за исключением ...») cannot be the other's subject.
  if (excludes(a, b, c) || excludes(b, a, c)) return undefined;
  // Making the rules for something and doing it are different functions, however alike the words.
  if (ruleMakingVersusExecution(a.action, b.action)) return undefined;
  let band: Band | undefined;
  if (similarity >= p.duplicateSimilarity) band = 'DUPLICATE';
  else if (containment >= p.overlapContainment) band = 'OVERLAP';
  if (!band) return undefined;
  const score = band === 'DUPLICATE' ? similarity : 0.5 * (similarity + containment);
  const sameAction = a.lead.split(' ')[0] === b.lead.split(' ')[0];
  const sameDomain = a.domain.length > 0 && b.domain.length > 0 && sharedWeight(a.domain, b.domain, c.idf) > 0;

  const top = keyTerms(c, a, shared);
  const reasons: Reason[] = [
    {
      code: 'SHARED_TERMS',
      text: `share the key terms ${top.map((w) => `«${w}»`).join(', ')} (${Math.round(similarity * 100)}% of their weighted vocabulary)`,
    },
  ];
  if (band === 'OVERLAP') {
    reasons.push({
      code: 'CONTAINMENT',
      text: `${Math.round(containment * 100)}% of the narrower statement is contained in the wider one`,
    });
  }
  if (sameAction) reasons.push({ code: 'SAME_ACTION', text: `same action «${a.lead.split(' ')[0]}»` });
  if (sameDomain) reasons.push({ code: 'SAME_DOMAIN', text: 'same domain (в области / в сфере ...)' });
  return { band, score: Math.round(score * 1000) / 1000, similarity, containment, reasons, terms: top };
}

function excludes(a: TextNode, b: TextNode, c: Corpus): boolean {
  if (a.excluded.length === 0) return false;
  const hits = sharedWeight(a.excluded, b.tokens, c.idf);
  return hits > 0 && hits >= 0.5 * sumIdf(a.excluded, c.idf);
}

function sumIdf(tokens: Int32Array, idf: Float64Array): number {
  let w = 0;
  for (const t of tokens) w += idf[t];
  return w;
}

/** A clause of `a` that `b` contains: the statements share that part of a function (OVERLAP). */
export function scoreClause(
  c: Corpus,
  a: TextNode,
  q: Clause,
  b: TextNode,
  p: ScoringParameters,
): TextVerdict | undefined {
  const shared: number[] = [];
  const s = sharedWeight(q.tokens, b.tokens, c.idf, shared);
  const covered = s / q.weight;
  if (covered < p.overlapContainment) return undefined;
  if (ruleMakingVersusExecution(q.action, b.action)) return undefined;
  if (excludes(b, a, c)) return undefined;
  const total = sharedWeight(a.tokens, b.tokens, c.idf);
  const similarity = total / (a.weight + b.weight - total);
  const top = keyTerms(c, a, shared);
  return {
    band: 'OVERLAP',
    score: Math.round(0.5 * (similarity + covered) * 1000) / 1000,
    similarity,
    containment: covered,
    reasons: [
      {
        code: 'SHARED_CLAUSE',
        text: `the clause «${q.text.slice(0, 160)}» of one statement is ${Math.round(covered * 100)}% contained in the other`,
      },
      { code: 'SHARED_TERMS', text: `share the key terms ${top.map((w) => `«${w}»`).join(', ')}` },
    ],
    terms: top,
  };
}

/** The rarest shared words, quoted as the first statement writes them. */
function keyTerms(c: Corpus, a: TextNode, shared: number[]): string[] {
  const rarest = shared.sort((x, y) => c.idf[y] - c.idf[x]).slice(0, 6);
  const first = a.functions.length ? c.functions[a.functions[0]] : undefined;
  const families = new Set(rarest.map((t) => c.vocabulary[t]).filter(Boolean));
  const words = first ? wordsOfFamilies(first.title, families, first.lang) : [];
  return words.length ? words.slice(0, 6) : rarest.map((t) => c.surface[t] ?? c.vocabulary[t]).filter(Boolean);
}
