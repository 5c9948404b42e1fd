import { normalizeStatement } from '../text/normalize.js';
import { actionProfile, clausesOf, headOf } from '../text/action.js';
import { buildCorpus, Clause, Corpus, MIN_CLAUSE_WORDS, scopeOf, TextNode } from './corpus.js';
import {
  buildPostings,
  DEFAULT_REVIEW_OPTIONS,
  meanIdfOf,
  meetingSpecific,
  MIN_PROBE_DF,
  NodeUnits,
  Postings,
  prefixOf,
  ReviewOptions,
  unitsOf,
  FoundPair,
  inExternalIdOrder,
  SAME_TEXT,
  nodesByAction,
  kept,
  withModel,
  itemsOfOneList,
} from './engine.js';
import { axisOf, territoriesMeet } from './holders.js';
import { scoreClause, scoreScope, scoreTexts, TextVerdict } from './scoring.js';
import { Axis, ReviewFunction, ReviewPair } from './types.js';
import { asPairModel } from '../learn/pair-model.js';

/** Room for the words of a probed statement that the registry has never seen. */
const SCRATCH_WORDS = 4096;

/**
 * The registry held in memory for checks of one statement at a time: as someone types a new
 * function, or for the duplicates of one registered function. Built once from all functions, it
 * answers a check from a few inverted-index look-ups, whatever the size of the registry.
 */
export class ReviewIndex {
  readonly corpus: Corpus;
  private readonly options: ReviewOptions;
  private readonly idf: Float64Array;
  private readonly meanIdf: number;
  private readonly maxDf: number;
  /** Statements by word. */
  private readonly full: Postings;
  /** Statements by the words of their prefix: finds statements a probe contains. */
  private readonly prefixes: Postings;
  /** Statements by the prefix words of their clauses: finds clauses a probe contains. */
  private readonly clausePrefixes: Postings;
  private readonly units = new Map<number, NodeUnits>();
  private readonly byId: Map<string, number>;
  /** Statements by the dictionary forms of their action (for wide and narrow scopes). */
  private readonly byAction: Map<string, number[]>;

  constructor(functions: ReviewFunction[], options: Partial<ReviewOptions> = {}) {
    this.options = withModel({ ...DEFAULT_REVIEW_OPTIONS, ...options });
    this.corpus = buildCorpus(inExternalIdOrder(functions));
    const c = this.corpus;
    const n = c.nodes.length;
    this.maxDf = Math.max(MIN_PROBE_DF, Math.floor(this.options.maxDocumentFrequency * n));
    this.meanIdf = meanIdfOf(c);
    this.idf = new Float64Array(c.vocabulary.length + SCRATCH_WORDS);
    this.idf.set(c.idf);
    this.idf.fill(Math.log(1 + Math.max(n, 1)), c.vocabulary.length);
    const o = this.options;
    this.full = buildPostings(c, (node) => [...node.tokens].filter((t) => c.df[t] <= this.maxDf));
    this.prefixes = buildPostings(c, (node) => prefixOf(node.byRarity, node.weight, c.idf, o.candidateContainment));
    this.clausePrefixes = buildPostings(c, (node) => {
      const words = new Set<number>();
      for (const q of node.clauses)
        for (const t of prefixOf(q.byRarity, q.weight, c.idf, o.overlapContainment)) words.add(t);
      return words;
    });
    this.byId = new Map(this.corpus.functions.map((f, i) => [f.id, i]));
    this.byAction = nodesByAction(c);
  }

  get size(): number {
    return this.corpus.functions.length;
  }

  /** The registered function with this id, as the index knows it. */
  function(id: string): ReviewFunction | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.corpus.functions[i];
  }

  /**
   * The registry's functions that duplicate or overlap `probe` (registered or only proposed) and
   * whose holders collide with its holder, best first.
   */
  check(probe: ReviewFunction, limit = 20): ReviewPair[] {
    const c: Corpus = { ...this.corpus, idf: this.idf };
    const p = this.probeNode(probe);
    if (p.catchAll || p.tokens.length === 0) return [];
    const candidates = new Set<number>();
    const visit = (postings: Postings, words: Iterable<number>) => {
      for (const t of words) {
        if (t >= this.corpus.vocabulary.length) continue;
        for (let k = postings.starts[t]; k < postings.starts[t + 1]; k++) candidates.add(postings.list[k]);
      }
    };
    visit(this.full, prefixOf(p.byRarity, p.weight, this.idf, this.options.candidateContainment));
    visit(this.prefixes, p.tokens);
    for (const q of p.clauses)
      visit(this.full, prefixOf(q.byRarity, q.weight, this.idf, this.options.overlapContainment));
    visit(this.clausePrefixes, p.tokens);
    // Statements with the probe's action: the probe may cover them, or they the probe.
    for (const lemma of p.scope.action)
      for (const id of this.byAction.get(lemma) ?? [])
        if (p.scope.generic || c.nodes[id].scope.generic) candidates.add(id);

    const out: ReviewPair[] = [];
    for (const id of candidates) {
      const b = c.nodes[id];
      if (b.catchAll) continue;
      const verdict = this.verdict(c, p, b);
      if (!verdict) continue;
      this.pairWith(probe, id, verdict.similarity >= SAME_TEXT, verdict, out);
    }
    return out.sort((x, y) => y.score - x.score).slice(0, limit);
  }

  private verdict(c: Corpus, p: TextNode, b: TextNode): TextVerdict | undefined {
    const v = this.candidate(c, p, b);
    const model = asPairModel(this.options.model);
    return v && model ? model.judge(c, p, b, v) : v;
  }

  private candidate(c: Corpus, p: TextNode, b: TextNode): TextVerdict | undefined {
    const o = this.options;
    const direct = scoreTexts(c, p, b, o, this.meanIdf);
    if (kept(direct, o)) return direct;
    for (const q of p.clauses) {
      if (q.weight < o.minSharedSpecificity * this.meanIdf) continue;
      const v = scoreClause(c, p, q, b, o);
      if (kept(v, o)) return v;
    }
    for (const q of b.clauses) {
      if (q.weight < o.minSharedSpecificity * this.meanIdf) continue;
      const v = scoreClause(c, b, q, p, o);
      if (kept(v, o)) return v;
    }
    return scoreScope(c, p, b, o) ?? scoreScope(c, b, p, o);
  }

  private pairWith(
    probe: ReviewFunction,
    nodeId: number,
    sameText: boolean,
    verdict: TextVerdict,
    out: ReviewPair[],
  ): void {
    const c = this.corpus;
    let units = this.units.get(nodeId);
    if (!units) this.units.set(nodeId, (units = unitsOf(c, c.nodes[nodeId])));
    const collector = new ProbeCollector(probe, c.functions, verdict, sameText, out);
    const specific = probe.holder.territory && probe.holder.level !== 'CENTRAL' ? probe.holder.territory : null;
    for (const u of units.units) {
      if (!u.specific || !specific) for (const j of u.members) collector.add(j);
      else {
        const inUnit = new Set(u.members);
        for (const j of meetingSpecific(units, specific)) if (inUnit.has(j)) collector.add(j);
      }
      collector.flush();
    }
  }

  /** The probe's statement as a text node over the index's vocabulary (unknown words get scratch ids). */
  private probeNode(probe: ReviewFunction): TextNode {
    const c = this.corpus;
    const ids = new Map<string, number>();
    let scratch = c.vocabulary.length;
    const id = (t: string) => {
      let v = ids.get(t);
      if (v === undefined) {
        v = this.tokenId(t) ?? (scratch < this.idf.length ? scratch++ : this.idf.length - 1);
        ids.set(t, v);
      }
      return v;
    };
    const norm = normalizeStatement(probe.title, probe.lang);
    const tokens = [...new Set(norm.tokens.map(id))];
    const df = (t: number) => (t < c.df.length ? c.df[t] : 0);
    const toClause = (text: string): Clause | undefined => {
      const words = [...new Set(normalizeStatement(text, norm.lang).tokens.map(id))];
      if (words.length < MIN_CLAUSE_WORDS) return undefined;
      let weight = 0;
      for (const t of words) weight += this.idf[t];
      return {
        text,
        tokens: Int32Array.from(words).sort(),
        byRarity: Int32Array.from(words).sort((x, y) => df(x) - df(y) || x - y),
        weight,
        action: actionProfile(text),
        ...scopeOf(text, norm.lang, id),
      };
    };
    const clauses = clausesOf(norm.folded);
    const head = headOf(norm.folded);
    const parts = clauses.length > 1 ? clauses : [];
    if (head && !parts.includes(head) && head.split(' ').length < norm.folded.split(' ').length) parts.push(head);
    let weight = 0;
    for (const t of tokens) weight += this.idf[t];
    return {
      id: -1,
      tokens: Int32Array.from(tokens).sort(),
      byRarity: Int32Array.from(tokens).sort((x, y) => df(x) - df(y) || x - y),
      byPosition: Int32Array.from(tokens),
      excluded: Int32Array.from(norm.excluded.map(id)).sort(),
      weight,
      catchAll: norm.catchAll,
      functions: [],
      lead: (norm.folded.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 2).join(' '),
      domain: new Int32Array(0),
      action: norm.action,
      clauses: parts.map(toClause).filter((q): q is Clause => !!q),
      ...scopeOf(norm.folded, norm.lang, id),
    };
  }

  private vocabularyIndex?: Map<string, number>;

  private tokenId(t: string): number | undefined {
    if (!this.vocabularyIndex) this.vocabularyIndex = new Map(this.corpus.vocabulary.map((w, i) => [w, i]));
    return this.vocabularyIndex.get(t);
  }
}

/** The findings of one probe against one unit of holders, one per axis (see PairCollector). */
class ProbeCollector {
  private readonly byAxis = new Map<Axis, number[]>();

  constructor(
    private readonly probe: ReviewFunction,
    private readonly functions: ReviewFunction[],
    private readonly verdict: TextVerdict,
    private readonly sameText: boolean,
    private readonly out: ReviewPair[],
  ) {}

  add(j: number): void {
    const b = this.functions[j];
    if (b.id === this.probe.id) return;
    const meeting = territoriesMeet(this.probe.holder, b.holder);
    if (meeting === 'NO' || (meeting === 'TEMPLATE' && this.sameText)) return;
    const axis = axisOf(this.probe.holder, b.holder);
    if (itemsOfOneList(axis, this.verdict)) return;
    const list = this.byAxis.get(axis);
    if (list) list.push(j);
    else this.byAxis.set(axis, [j]);
  }

  flush(): void {
    for (const [axis, list] of this.byAxis) {
      this.out.push(
        new ProbePair(this.probe, this.functions[list[0]], this.verdict, axis, list.slice(1), this.functions),
      );
    }
    this.byAxis.clear();
  }
}

/**
 * A finding of a live check: `a` is the checked function (maybe not registered, so not among the
 * registry's functions), `b` a registered one, and `others` further registered functions it meets alike.
 */
class ProbePair extends FoundPair {
  constructor(
    probe: ReviewFunction,
    b: ReviewFunction,
    verdict: TextVerdict,
    axis: Axis,
    private readonly others: number[],
    all: ReviewFunction[],
  ) {
    super(probe, b, verdict, axis, null, all);
  }

  override get alsoReplicatedBy(): number {
    return this.others.length;
  }

  override forEachPair(fn: (a: ReviewFunction, b: ReviewFunction) => void): void {
    fn(this.a, this.b);
    for (const j of this.others) fn(this.a, this.all[j]);
  }
}
