import { buildCorpus, Corpus, meanIdfOf, sharedWeight, TextNode } from '../engine/corpus.js';
import { DEFAULT_REVIEW_OPTIONS, inExternalIdOrder } from '../engine/engine.js';
import { scopeCover, verdictsOf } from '../engine/scoring.js';
import { ReviewFunction } from '../engine/types.js';
import { disjointQualifiers, divisionOfLabour } from '../text/scope.js';

/**
 * Where a labelled pair the review did not report was lost, stage by stage. It tells which part of
 * the method a better result has to come from: a pair whose statements share too few words is never
 * compared, so neither the scope rules nor a model learned from decisions can bring it back.
 */
export type MissedAt =
  | 'catch-all statement'
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
    if (A.catchAll || B.catchAll) return 'catch-all statement';
    const verdicts = verdictsOf(this.c, A, B, o, this.meanIdf);
    if (verdicts.length === 0) {
      const scope = this.scopeRule(A, B) ?? this.scopeRule(B, A);
      if (scope) return scope;
      return this.wordsMatch(A, B) ? 'rule-making against execution, or an exclusion' : 'too few shared words';
    }
    const sameHolder = this.functions[ia].holder.id === this.functions[ib].holder.id;
    if (verdicts.some((v) => !v.veto && !(sameHolder && v.partial))) return 'holders or candidate stage';
    if (verdicts.some((v) => !v.veto)) return 'list of one holder';
    return `scope rule ${verdicts.find((v) => v.veto)!.veto!.code}`;
  }

  /**
   * A statement over a whole area against one doing the same within it, which a scope rule held
   * distinct (the scope path gives no verdict then, only nothing).
   */
  private scopeRule(wide: TextNode, narrow: TextNode): MissedAt | undefined {
    if (!scopeCover(this.c, wide, narrow)) return undefined;
    if (disjointQualifiers(wide.scope, narrow.scope)) return 'scope rule SCOPE_DISJOINT';
    if (divisionOfLabour(wide.scope.actionClass, narrow.scope.actionClass)) return 'scope rule DIVISION_OF_LABOUR';
    return undefined;
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
