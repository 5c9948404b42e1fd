import { buildCorpus, Corpus, meanIdfOf, sharedWeight, TextNode } from '../engine/corpus.js';
import { DEFAULT_REVIEW_OPTIONS, inExternalIdOrder } from '../engine/engine.js';
import { scoreClause, scoreScope, scoreTexts, TextVerdict } from '../engine/scoring.js';
import { ReviewFunction } from '../engine/types.js';

/**
 * Where a labelled pair the review did not report was lost, stage by stage. It tells which part of
 * the method a better result has to come from: a pair whose statements share too few words is never
 * compared, so neither the scope rules nor a model learned from decisions can bring it back.
 */
export type MissedAt =
  | 'too few shared words'
  | 'rule-making against execution, or an exclusion'
  | `scope rule ${string}`
  | 'list of one holder'
  | 'holders or candidate stage';

export class MissedPairs {
  private readonly c: Corpus;
  private readonly meanIdf: number;
  private readonly index: Map<string, number>;
  private readonly functions: ReviewFunction[];

  constructor(loaded: ReviewFunction[]) {
    this.functions = inExternalIdOrder(loaded);
    this.c = buildCorpus(this.functions);
    this.meanIdf = meanIdfOf(this.c);
    this.index = new Map(this.functions.map((f, i) => [f.externalId, i]));
  }

  /** Why the pair of external ids `a`, `b` (known to be unreported) was not reported. */
  at(a: string, b: string): MissedAt {
    const ia = this.index.get(a);
    const ib = this.index.get(b);
    if (ia === undefined || ib === undefined) throw new Error(`no function ${ia === undefined ? a : b}`);
    const A = this.c.nodes[this.c.nodeOf[ia]];
    const B = this.c.nodes[this.c.nodeOf[ib]];
    const o = DEFAULT_REVIEW_OPTIONS;
    const verdicts = [
      scoreTexts(this.c, A, B, o, this.meanIdf),
      ...A.clauses.map((q) => scoreClause(this.c, A, q, B, o)),
      ...B.clauses.map((q) => scoreClause(this.c, B, q, A, o)),
      scoreScope(this.c, A, B, o),
      scoreScope(this.c, B, A, o),
    ].filter((v): v is TextVerdict => !!v);
    if (verdicts.length === 0)
      return this.wordsMatch(A, B) ? 'rule-making against execution, or an exclusion' : 'too few shared words';
    const sameHolder = this.functions[ia].holder.id === this.functions[ib].holder.id;
    if (verdicts.some((v) => !v.veto && !(sameHolder && v.partial))) return 'holders or candidate stage';
    if (verdicts.some((v) => !v.veto)) return 'list of one holder';
    return `scope rule ${verdicts.find((v) => v.veto)!.veto!.code}`;
  }

  /** Whether the words alone would make a finding (the whole statements or a clause). */
  private wordsMatch(A: TextNode, B: TextNode): boolean {
    const o = DEFAULT_REVIEW_OPTIONS;
    const s = sharedWeight(A.tokens, B.tokens, this.c.idf);
    const similarity = s / (A.weight + B.weight - s);
    const whole =
      (s >= o.minSharedSpecificity * this.meanIdf || similarity >= 0.999) &&
      (similarity >= o.duplicateSimilarity || s / Math.min(A.weight, B.weight) >= o.overlapContainment);
    const clause = (X: TextNode, Y: TextNode) =>
      X.clauses.some((q) => sharedWeight(q.tokens, Y.tokens, this.c.idf) >= o.overlapContainment * q.weight);
    return whole || clause(A, B) || clause(B, A);
  }
}
