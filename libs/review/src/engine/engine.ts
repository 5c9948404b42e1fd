import { buildCorpus, Corpus, meanIdfOf, TextNode } from './corpus.js';

export { meanIdfOf } from './corpus.js';
import { axisOf, describeRelation, katoAncestors, relationParams, katoPrefix, territoriesMeet } from './holders.js';
import { DEFAULT_SCORING, scoreClause, scoreScope, scoreTexts, ScoringParameters, TextVerdict } from './scoring.js';
import { Axis, Reason, ReviewFunction, ReviewPair } from './types.js';
import { UnionFind } from './union-find.js';
import { asPairModel, PairModel, PairModelData } from '../learn/pair-model.js';
import { StoredReason, storedReason } from './reason-text.js';

export interface ReviewOptions extends ScoringParameters {
  /** Words in more than this share of statements are not used to find candidates (they still count in scores). */
  maxDocumentFrequency: number;
  /** Report every instance of a replicated finding as a pair of its own (for comparisons). */
  expandReplicas?: boolean;
  /**
   * Receives each finding as it is found; the result then holds none, so a national review needs
   * memory for its registry, not for its millions of findings.
   */
  onPair?: (pair: ReviewPair) => void;
  progress?: (message: string) => void;
  /**
   * A model learned from reviewers' decisions (or its stored data): it decides which pairs of
   * statements are reported. `null`: none.
   */
  model?: PairModel | PairModelData | null;
  /**
   * Pairs of functions (by id) that reviewers dismissed and whose statements have not changed since.
   * A finding whose own pair is one of them is still reported (a reviewer can read it back), but it
   * joins no cluster and no control pile, with every pair it stands for. With `expandReplicas` each
   * instance is a finding of its own, and only the dismissed one is left out.
   */
  dismissed?: readonly (readonly [string, string])[];
}

export const DEFAULT_REVIEW_OPTIONS: ReviewOptions = { ...DEFAULT_SCORING, maxDocumentFrequency: 0.05 };

/** Below this many statements every word may be probed: the index is small anyway. */
export const MIN_PROBE_DF = 500;

/** Two statements this similar say the same words: a typical function and its instance, not a duplicate. */
export const SAME_TEXT = 0.999;

export function inExternalIdOrder(functions: ReviewFunction[]): ReviewFunction[] {
  return [...functions].sort((x, y) => (x.externalId < y.externalId ? -1 : x.externalId > y.externalId ? 1 : 0));
}

export interface ReviewResult {
  pairs: ReviewPair[];
  /** Groups of functions joined by DUPLICATE pairs: one function family held by several holders. */
  clusters: ReviewFunction[][];
  /** Control functions of different holders joined by findings: objects or spheres several holders control. */
  controlPiles: ControlPileGroup[];
  stats: {
    functions: number;
    texts: number;
    catchAll: number;
    candidateTextPairs: number;
    matchedTextPairs: number;
    pairs: number;
    /** Pairs of functions the findings stand for, each replicated finding counting all its instances. */
    instances: number;
    byBand: Record<string, number>;
    byAxis: Record<string, number>;
    clusters: number;
    /** Findings left out of clusters and control piles because reviewers dismissed them. */
    dismissedLeftOut: number;
  };
  timings: Record<string, number>;
}

export interface ControlPileGroup {
  /** The words that most often name what the joined functions share. */
  sphere: string[];
  /** Distinct holders among the functions. */
  holders: number;
  functions: ReviewFunction[];
}

/**
 * A unit of pairing: one function, or the functions of one kind of body that state the same
 * text on different territories (territorial replication), which meet other holders as one.
 */
export interface Unit {
  members: number[];
  /** The member that stands for the unit in reports (lowest external id). */
  rep: number;
  specific: boolean;
  /**
   * The unit's holders in member order, as a number shared by every unit of the same holders
   * (set when first paired): two pairs of units with the same holders pair their members alike.
   */
  holders?: number;
}

export interface NodeUnits {
  units: Unit[];
  /**
   * The statement's holders that are not replicated groups (central bodies, typical holders), as one
   * group: made when first paired, for findings that stand for several of them.
   */
  loose?: Unit;
  /** The parts of `loose` that findings have taken, one array for each: a store writes each part once. */
  looseParts?: Map<number | string, Int32Array>;
  /** Where each function of `loose` stands in it. */
  loosePositions?: Map<number, number>;
  /** Specific functions of the node by KATO code, for territory look-ups. */
  byKato: Map<string, number[]>;
  katos: string[];
}

/**
 * The review: finds pairs of functions that two holders perform over the same territory and that
 * state the same function (DUPLICATE) or substantially overlap (OVERLAP), with reasons.
 *
 * 1. Statements are normalised once per unique text (replicated texts collapse).
 * 2. Candidate text pairs come from an exact prefix-filtered containment join on weighted word
 *    families: only the rarest words of a statement are probed, so stock words never produce work.
 * 3. Each candidate is scored; only then are functions paired, holder by holder, keeping the pairs
 *    whose holders cover the same territory (replication and template instances are never paired).
 */
export function runReview(loaded: ReviewFunction[], options: Partial<ReviewOptions> = {}): ReviewResult {
  const o = withModel({ ...DEFAULT_REVIEW_OPTIONS, ...options });
  // The same registry gives the same findings, whatever order the database returned it in.
  const functions = inExternalIdOrder(loaded);
  const say = o.progress ?? (() => {});
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t0);
    t0 = now;
  };

  const corpus = buildCorpus(functions);
  lap('normalise');
  say(`normalised ${functions.length} functions into ${corpus.nodes.length} distinct statements`);

  const verdicts: (TextPairVerdict | undefined)[] = candidateTextPairs(corpus, o, say);
  const candidateCount = verdicts.length;
  lap('candidates');

  const units = corpus.nodes.map((n) => unitsOf(corpus, n));
  lap('units');

  const sink = new FindingSink(functions, o.onPair, dismissedPairs(functions, o.dismissed));
  const matcher = new GroupMatcher(corpus);
  let matchedTextPairs = 0;
  for (let k = 0; k < verdicts.length; k++) {
    const v = verdicts[k]!;
    // A verdict is done with once its findings are out (a store keeps none): letting each go keeps
    // a national run from holding three quarters of a million of them to the end.
    verdicts[k] = undefined;
    const before = sink.count;
    pairFunctions(
      corpus,
      units[v.a],
      units[v.b],
      v.a === v.b,
      v.verdict.similarity >= SAME_TEXT,
      v.verdict,
      sink,
      !!o.expandReplicas,
      matcher,
    );
    if (sink.count > before) matchedTextPairs++;
  }
  lap('pairs');
  say(`${sink.count} findings (${sink.instances} pairs of functions) from ${matchedTextPairs} pairs of statements`);

  const clusters = sink.clusters(functions);
  const controlPiles = sink.controlPiles(functions);
  lap('clusters');
  if (sink.dismissedLeftOut)
    say(`${sink.dismissedLeftOut} findings dismissed by reviewers left out of clusters and control piles`);

  return {
    pairs: sink.pairs,
    clusters,
    controlPiles,
    stats: {
      functions: functions.length,
      texts: corpus.nodes.length,
      catchAll: corpus.nodes.filter((n) => n.catchAll).length,
      candidateTextPairs: candidateCount,
      matchedTextPairs,
      pairs: sink.count,
      instances: sink.instances,
      byBand: sink.byBand,
      byAxis: sink.byAxis,
      clusters: clusters.length,
      dismissedLeftOut: sink.dismissedLeftOut,
    },
    timings,
  };
}

/** The dismissed pairs among `functions`, as pair keys of their indices (none: null). */
function dismissedPairs(
  functions: readonly ReviewFunction[],
  dismissed: ReviewOptions['dismissed'],
): Set<number> | null {
  if (!dismissed?.length) return null;
  // Only the decided functions are looked up: a map of a national registry's ids would cost more
  // memory than the run can spare.
  const index = new Map<string, number>(dismissed.flat().map((id) => [id, -1]));
  for (let i = 0; i < functions.length; i++) if (index.has(functions[i].id)) index.set(functions[i].id, i);
  const keys = new Set<number>();
  for (const [a, b] of dismissed) {
    const i = index.get(a)!;
    const j = index.get(b)!;
    // A decision on a function outside a scoped run's registry has nothing to act on.
    if (i >= 0 && j >= 0 && i !== j) keys.add(pairKey(i, j, functions.length));
  }
  return keys;
}

interface TextPairVerdict {
  a: number;
  b: number;
  verdict: TextVerdict;
}

/** An inverted index in CSR layout (one flat array): the statements listed for each word. */
export interface Postings {
  starts: Int32Array;
  list: Int32Array;
}

export function buildPostings(c: Corpus, wordsOf: (node: TextNode) => Iterable<number>): Postings {
  const starts = new Int32Array(c.vocabulary.length + 1);
  for (const node of c.nodes) for (const t of wordsOf(node)) starts[t + 1]++;
  for (let t = 0; t < c.vocabulary.length; t++) starts[t + 1] += starts[t];
  const list = new Int32Array(starts[c.vocabulary.length]);
  const fill = starts.slice(0, c.vocabulary.length);
  for (const node of c.nodes) for (const t of wordsOf(node)) list[fill[t]++] = node.id;
  return { starts, list };
}

/** The rarest words of a statement (or clause) without which it could not be covered to `threshold`. */
export function* prefixOf(
  byRarity: Int32Array,
  weight: number,
  idf: Float64Array,
  threshold: number,
): Generator<number> {
  let rest = weight;
  // Once the words left weigh less than `threshold` of the whole, a statement sharing none of the
  // words taken so far cannot be covered to the threshold.
  const limit = threshold * weight - 1e-9;
  for (const t of byRarity) {
    if (rest < limit) return;
    rest -= idf[t];
    yield t;
  }
}

function candidateTextPairs(c: Corpus, o: ReviewOptions, say: (m: string) => void): TextPairVerdict[] {
  const nodes = c.nodes;
  const n = nodes.length;
  const maxDf = Math.max(MIN_PROBE_DF, Math.floor(o.maxDocumentFrequency * n));
  const meanIdf = meanIdfOf(c);
  // Every word rare enough to probe with.
  const { starts, list: postings } = buildPostings(c, (node) => [...node.tokens].filter((t) => c.df[t] <= maxDf));

  const out: TextPairVerdict[] = [];
  const found = new Map<number, TextPairVerdict>();
  const seen = new Int32Array(n).fill(-1);
  const clauseSeen = new Int32Array(n).fill(-1);
  let clauseStamp = 0;
  const acc = new Float64Array(n);
  // The statements' words (sorted), weights and catch-all marks in flat arrays: the join tests tens
  // of millions of statements it meets, and reaching each through its node cost more than the tests.
  const wordsAt = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) wordsAt[i + 1] = wordsAt[i] + nodes[i].tokens.length;
  const words = new Int32Array(wordsAt[n]);
  const weights = new Float64Array(n);
  const catchAll = new Uint8Array(n);
  for (const node of nodes) {
    words.set(node.tokens, wordsAt[node.id]);
    weights[node.id] = node.weight;
    catchAll[node.id] = node.catchAll ? 1 : 0;
  }
  // The weight of each word of the statement being probed (zero for the others): what it shares with
  // a statement met is then a sum over the other's words, in the same order as merging the two lists
  // would add them, without the merge's branches (30 million of them at a million functions).
  const inA = new Float64Array(c.vocabulary.length);
  const met: number[] = [];
  let candidates = 0;
  for (const a of nodes) {
    if (a.catchAll) continue;
    if (a.functions.length > 1) {
      const v = scoreTexts(c, a, a, o, meanIdf);
      if (kept(v, o)) out.push({ a: a.id, b: a.id, verdict: v });
    }
    for (const t of a.tokens) inA[t] = c.idf[t];
    // Prefix: the rarest words of `a` without which `a` could not be covered to the threshold.
    // Walking it, each statement met gathers the weight it shares with `a` so far; one that cannot
    // reach the threshold even if it shared every word of `a` not yet walked is never compared.
    let rest = a.weight;
    const limit = o.candidateContainment * a.weight - 1e-9;
    met.length = 0;
    let walked = 0;
    let probed = 0;
    for (const t of a.byRarity) {
      if (rest < limit) break;
      walked++;
      rest -= c.idf[t];
      if (c.df[t] > maxDf) continue;
      probed += c.idf[t];
      for (let k = starts[t]; k < starts[t + 1]; k++) {
        const bId = postings[k];
        if (bId === a.id) continue;
        if (seen[bId] !== a.id) {
          seen[bId] = a.id;
          acc[bId] = 0;
          met.push(bId);
        }
        acc[bId] += c.idf[t];
      }
    }
    for (const bId of met) {
      if (catchAll[bId] || acc[bId] + rest < limit || weights[bId] < limit) continue;
      candidates++;
      const from = wordsAt[bId];
      const to = wordsAt[bId + 1];
      if (!canCover(c, maxDf, a.byRarity, walked, words, from, to, probed - acc[bId], a.weight - limit)) continue;
      let s = 0;
      for (let k = from; k < to; k++) s += inA[words[k]];
      const cA = s / a.weight;
      const cB = s / weights[bId];
      // Each pair once: from the statement it covers, or from the lower id when each covers the other.
      if (cA < o.candidateContainment) continue;
      if (cB >= o.candidateContainment && bId < a.id) continue;
      const v = scoreTexts(c, a, nodes[bId], o, meanIdf);
      const key = pairKey(a.id, bId, n);
      if (kept(v, o) && !(v.veto && found.has(key))) found.set(key, { a: a.id, b: bId, verdict: v });
    }
    for (const t of a.tokens) inA[t] = 0;
    // A clause of `a` contained in another statement: the two share part of a function.
    for (const q of a.clauses) {
      if (q.weight < o.minSharedSpecificity * meanIdf) continue;
      let restQ = q.weight;
      const limitQ = o.overlapContainment * q.weight - 1e-9;
      const stamp = ++clauseStamp;
      met.length = 0;
      let walkedQ = 0;
      let probedQ = 0;
      for (const t of q.byRarity) {
        if (restQ < limitQ) break;
        walkedQ++;
        restQ -= c.idf[t];
        if (c.df[t] > maxDf) continue;
        probedQ += c.idf[t];
        for (let k = starts[t]; k < starts[t + 1]; k++) {
          const bId = postings[k];
          if (bId === a.id) continue;
          if (clauseSeen[bId] !== stamp) {
            clauseSeen[bId] = stamp;
            acc[bId] = 0;
            met.push(bId);
          }
          acc[bId] += c.idf[t];
        }
      }
      for (const bId of met) {
        if (catchAll[bId] || acc[bId] + restQ < limitQ) continue;
        const from = wordsAt[bId];
        const to = wordsAt[bId + 1];
        if (!canCover(c, maxDf, q.byRarity, walkedQ, words, from, to, probedQ - acc[bId], q.weight - limitQ)) continue;
        const b = nodes[bId];
        const key = pairKey(a.id, bId, n);
        if (decided(found.get(key))) continue;
        const v = scoreClause(c, a, q, b, o);
        if (kept(v, o) && !(v.veto && found.has(key))) found.set(key, { a: a.id, b: bId, verdict: v });
      }
    }
  }
  // A statement over a whole area against the statements doing the same thing within it: they share
  // the action and the area's words, rarely enough of the rest to be found above.
  const byAction = nodesByAction(c);
  for (const a of nodes) {
    if (!a.scope.generic || a.catchAll) continue;
    for (const lemma of a.scope.action)
      for (const bId of byAction.get(lemma) ?? []) {
        const key = pairKey(a.id, bId, n);
        if (bId === a.id || decided(found.get(key))) continue;
        candidates++;
        const v = scoreScope(c, a, nodes[bId], o);
        if (v) found.set(key, { a: a.id, b: bId, verdict: v });
      }
  }
  for (const v of found.values()) out.push(v);
  say(`${candidates} candidate pairs of statements checked, ${out.length} similar`);
  const model = asPairModel(o.model);
  return model ? decideByModel(c, out, model) : out;
}

/**
 * Whether a statement met by the join (its words `words[from..to)`, sorted) may still hold enough
 * of the probe's words (`byRarity`, of which the first `walked` were its prefix). The prefix's own
 * test lets through nearly every statement sharing one rare word (30 million at a million
 * functions, a fortieth of which hold enough); here the probe's other words are looked up in it,
 * rarest first, until the weight it lacks exceeds what the threshold allows, and most fail on their
 * first or second word without a sum over all of theirs. `lacking` is what it lacks of the prefix's
 * probed words (their postings told); the prefix's words too common to probe are looked up like the
 * rest. Only statements that cannot reach the threshold are turned away (with a margin for
 * rounding): the pairs scored, their sums and the findings are what they were.
 */
function canCover(
  c: Corpus,
  maxDf: number,
  byRarity: Int32Array,
  walked: number,
  words: Int32Array,
  from: number,
  to: number,
  lacking: number,
  allowed: number,
): boolean {
  const most = allowed + 1e-6;
  for (let k = 0; k < byRarity.length; k++) {
    const t = byRarity[k];
    if (k < walked && c.df[t] <= maxDf) continue;
    if (!sortedHas(words, from, to, t) && (lacking += c.idf[t]) > most) return false;
  }
  return true;
}

/** Whether `list[from..to)`, sorted, holds `x`. */
function sortedHas(list: Int32Array, from: number, to: number, x: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const y = list[mid];
    if (y === x) return true;
    if (y < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Turns the stored data of a model into the model (options cross to worker threads as data). */
export function withModel<T extends ReviewOptions>(options: T): T {
  return options.model ? { ...options, model: asPairModel(options.model) } : options;
}

/**
 * A verdict the review goes on with: one the scope rules let stand, or any, when a model learned
 * from reviewers' decisions will decide instead of them.
 */
export function kept(v: TextVerdict | undefined, o: { model?: unknown }): v is TextVerdict {
  return !!v && (!v.veto || !!o.model);
}

/**
 * A pair of statements already has the rules' word: a verdict they let stand. One the scope rules
 * held distinct (kept only for a model to judge) gives way to a later one that stands (a clause of
 * one statement contained in the other), so that a run with a model sees every pair the rules report.
 */
function decided(found: TextPairVerdict | undefined): boolean {
  return !!found && !found.verdict.veto;
}

/** The model's word on each pair of statements: kept or dropped, with its probability as the score. */
export function decideByModel(c: Corpus, verdicts: TextPairVerdict[], model: PairModel): TextPairVerdict[] {
  const out: TextPairVerdict[] = [];
  for (const v of verdicts) {
    const learned = model.judge(c, c.nodes[v.a], c.nodes[v.b], v.verdict);
    if (learned) out.push({ ...v, verdict: learned });
  }
  return out;
}

/**
 * Lists of one holder: two statements of the same body that share only a clause, or of which one
 * spans an area the other works in, are items of its competence list, not one duty stated twice.
 * Within one agency only whole statements that coincide or contain one another are reported.
 */
export function itemsOfOneList(axis: Axis, v: TextVerdict): boolean {
  return axis === 'WITHIN_AGENCY' && !!v.partial;
}

/** Statements by the dictionary forms of their action. */
export function nodesByAction(c: Corpus): Map<string, number[]> {
  const byAction = new Map<string, number[]>();
  for (const node of c.nodes)
    for (const lemma of node.scope.action) {
      const list = byAction.get(lemma);
      if (list) list.push(node.id);
      else byAction.set(lemma, [node.id]);
    }
  return byAction;
}

function pairKey(a: number, b: number, n: number): number {
  return a < b ? a * n + b : b * n + a;
}

/**
 * Whether a finding stands for other holders of its statements (central bodies or typical holders,
 * `STATED_BY_SEVERAL`), not only for bodies of one kind on other territories (`REPLICATED`): both
 * its holders are of the first sort, or the one of them that is has a group.
 */
export function standsForSeveral(
  a: Pick<ReviewFunction['holder'], 'territory' | 'level'>,
  b: Pick<ReviewFunction['holder'], 'territory' | 'level'>,
  groupA: unknown,
  groupB: unknown,
): boolean {
  if (!specificBody(a) && !specificBody(b)) return true;
  return specificBody(a) ? !specificBody(b) && groupB != null : groupA != null;
}

/** A body on a territory of its own, one of a kind replicated over territories (not a central body or a typical holder). */
export function specificBody(h: Pick<ReviewFunction['holder'], 'territory' | 'level'>): boolean {
  return !!h.territory && h.level !== 'CENTRAL';
}

export function unitsOf(c: Corpus, node: TextNode): NodeUnits {
  const units: Unit[] = [];
  const groups = new Map<string, number[]>();
  const byKato = new Map<string, number[]>();
  for (const i of node.functions) {
    const h = c.functions[i].holder;
    if (!specificBody(h)) {
      units.push({ members: [i], rep: i, specific: false });
      continue;
    }
    // Everything the axis of a pair reads (collegial too), so that a holder meets every member of a
    // unit on one axis, as the unit's first member.
    const key = `${h.kind}|${h.level}|${h.collegial}|${[...h.territoryKinds].sort().join(',')}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
    const kato = h.territory!;
    const k = byKato.get(kato);
    if (k) k.push(i);
    else byKato.set(kato, [i]);
  }
  for (const members of groups.values()) {
    members.sort((x, y) => (c.functions[x].externalId < c.functions[y].externalId ? -1 : 1));
    units.push({ members, rep: members[0], specific: true });
  }
  return { units, byKato, katos: [...byKato.keys()].sort() };
}

/** Specific functions of `into` whose territory contains, equals or lies inside `kato`. */
export function meetingSpecific(into: NodeUnits, kato: string): number[] {
  const out: number[] = [];
  for (const anc of katoAncestors(kato)) out.push(...(into.byKato.get(anc) ?? []));
  const prefix = katoPrefix(kato);
  let lo = 0;
  let hi = into.katos.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (into.katos[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < into.katos.length && into.katos[i].startsWith(prefix); i++)
    out.push(...into.byKato.get(into.katos[i])!);
  return out;
}

/**
 * Gathers the function pairs one pair of statements yields between two units of holders. Pairs of
 * one axis that repeat the same two statements over many territories (every district's akimat and
 * its department, say) are one finding: they are reported once, with the other instances attached.
 */
export class PairCollector {
  private readonly byAxis = new Map<Axis, number[]>();
  /** Pairs of holders that are not replicated groups, by axis, gathered over the whole pair of statements. */
  private readonly looseByAxis = new Map<Axis, number[]>();
  /** The central bodies and typical holders meeting each group, by axis, and the node they state. */
  private readonly singlesByGroup = new Map<Unit, { singles: NodeUnits; byAxis: Map<Axis, number[]> }>();

  constructor(
    private readonly c: Corpus,
    private readonly verdict: TextVerdict,
    private readonly sameText: boolean,
    private readonly sink: FindingSink,
    private readonly expand: boolean,
  ) {}

  add = (i: number, j: number, into = this.byAxis): void => {
    if (i === j) return;
    const a = this.c.functions[i];
    const b = this.c.functions[j];
    const meeting = territoriesMeet(a.holder, b.holder);
    if (meeting === 'NO' || (meeting === 'TEMPLATE' && this.sameText)) return;
    const axis = axisOf(a.holder, b.holder);
    if (itemsOfOneList(axis, this.verdict)) return;
    const list = into.get(axis);
    if (list) list.push(i, j);
    else into.set(axis, [i, j]);
  };

  /** A central body or typical holder against another: gathered until the pair of statements is done. */
  addLoose(i: number, j: number): void {
    this.add(i, j, this.looseByAxis);
  }

  /**
   * The findings gathered over the whole pair of statements (`x`, `y`). Several central bodies or
   * typical holders stating one statement against several stating the other: every pair of them on
   * one axis is one finding, whose instances are the pairs of the two groups of holders that meet on
   * that axis (a pair of statements that four ministries and their committees state would otherwise
   * be dozens of findings saying one thing); and all of them meeting one group of replicated bodies
   * on one axis are one finding with it.
   */
  finish(x: NodeUnits, y: NodeUnits): void {
    const f = this.c.functions;
    // Several holders of one statement meeting one group alike are one finding, as one holder is.
    for (const [group, { singles, byAxis }] of this.singlesByGroup)
      for (const [axis, list] of byAxis) {
        const replicas =
          list.length === 1
            ? new SingleAgainstGroup(list[0], group)
            : new LooseAgainstGroup(Int32Array.from(list), looseSide(singles, Int32Array.from(list), 0, 1), group);
        this.emit(list[0], group.members[0], axis, replicas);
      }
    this.singlesByGroup.clear();
    for (const [axis, list] of this.looseByAxis) {
      if (list.length === 2) {
        this.sink.found(FoundPair.of(f, list[0], list[1], this.verdict, axis, null), list[0], list[1], this.verdict);
        continue;
      }
      const pairs = Int32Array.from(list);
      this.emit(
        pairs[0],
        pairs[1],
        axis,
        new LooseAgainstLoose(pairs, looseSide(x, pairs, 0, 2), looseSide(y, pairs, 1, 2)),
      );
    }
    this.looseByAxis.clear();
  }

  /**
   * One holder against bodies of one kind replicating a text: the bodies differ only in territory,
   * which a central or typical holder meets alike, so one check stands for all, and one finding
   * stands for every body of the group without listing them (the group's members are its instances).
   */
  addGroup(i: number, group: Unit, singles: NodeUnits): void {
    const a = this.c.functions[i];
    const rep = this.c.functions[group.members[0]];
    const meeting = territoriesMeet(a.holder, rep.holder);
    if (meeting === 'NO' || (meeting === 'TEMPLATE' && this.sameText)) return;
    const axis = axisOf(a.holder, rep.holder);
    if (itemsOfOneList(axis, this.verdict)) return;
    let against = this.singlesByGroup.get(group);
    if (!against) this.singlesByGroup.set(group, (against = { singles, byAxis: new Map<Axis, number[]>() }));
    const list = against.byAxis.get(axis);
    if (list) list.push(i);
    else against.byAxis.set(axis, [i]);
  }

  /** Two groups of specific bodies, paired by territory as `matches` (the same for the same holders) says. */
  addGroups(small: Unit, large: Unit, matches: GroupMatches): void {
    for (const match of matches) {
      const { axis, positions } = match;
      if (itemsOfOneList(axis, this.verdict)) continue;
      const replicas = new GroupAgainstGroup(small, large, match);
      this.emit(small.members[positions[0]], large.members[positions[1]], axis, replicas);
    }
  }

  /** One finding standing for its instances, or (expanded) each instance a finding of its own. */
  private emit(i: number, j: number, axis: Axis, replicas: Replicas): void {
    const f = this.c.functions;
    if (this.expand)
      replicas.forEach((x, y) => this.sink.found(FoundPair.of(f, x, y, this.verdict, axis, null), x, y, this.verdict));
    else this.sink.found(FoundPair.of(f, i, j, this.verdict, axis, replicas), i, j, this.verdict);
  }

  flush(): void {
    const f = this.c.functions;
    // Pairs listed one by one (the same holder twice, bodies of one group on nested territories)
    // have no structure a stored run could derive them from: each is a finding of its own.
    for (const [axis, list] of this.byAxis) {
      for (let k = 0; k < list.length; k += 2) {
        this.sink.found(
          FoundPair.of(f, list[k], list[k + 1], this.verdict, axis, null),
          list[k],
          list[k + 1],
          this.verdict,
        );
      }
    }
    this.byAxis.clear();
  }
}

/**
 * Which bodies of one group meet which of the other, by axis: pairs of positions into the two
 * groups' members, and the positions that take part on each side (null when every member does).
 */
export interface GroupMatch {
  axis: Axis;
  positions: Int32Array;
  smallPart: Int32Array | null;
  largePart: Int32Array | null;
}
export type GroupMatches = GroupMatch[];

/**
 * The territory matches of two groups of specific bodies, worked out once for each pair of holder
 * lists: a text replicated over 2,300 rural districts meets hundreds of other replicated texts
 * through the same districts, and walking the territories again for each would dominate the review.
 */
export class GroupMatcher {
  private readonly holderNo = new Map<string, number>();
  private readonly listNo = new Map<string, number>();
  private readonly cache = new Map<number, GroupMatches>();
  /**
   * Where each function stands in its unit's members, set for a unit when it is first matched: a
   * function is in one unit only, so one array serves every unit (a map per match was built over
   * fifteen million members at a million functions).
   */
  private readonly position: Int32Array;
  private readonly placed = new WeakSet<Unit>();
  /** Each function's holder by number (set with its unit's holders). */
  private readonly holderAt: Int32Array;
  /**
   * How two holders meet (their axis, or null where they do not), by pair of holder numbers: the
   * same bodies meet again and again across texts, and reading each time through the functions to
   * their holders went to memory for every pair.
   */
  private readonly meetings = new Map<number, Axis | null>();

  constructor(private readonly c: Corpus) {
    this.position = new Int32Array(c.functions.length);
    this.holderAt = new Int32Array(c.functions.length);
  }

  holdersOf(u: Unit): number {
    if (u.holders === undefined) {
      const ids: number[] = [];
      for (const i of u.members) {
        const id = this.c.functions[i].holder.id;
        let no = this.holderNo.get(id);
        if (no === undefined) this.holderNo.set(id, (no = this.holderNo.size));
        ids.push(no);
        this.holderAt[i] = no;
      }
      const key = ids.join(',');
      let no = this.listNo.get(key);
      if (no === undefined) this.listNo.set(key, (no = this.listNo.size));
      u.holders = no;
    }
    return u.holders;
  }

  /** Which members of `small` meet which of `large` (the node of `large` is `largeUnits`). */
  matches(small: Unit, large: Unit, largeUnits: NodeUnits): GroupMatches {
    const key = this.holdersOf(small) * 2 ** 26 + this.holdersOf(large);
    let m = this.cache.get(key);
    if (m) return m;
    const f = this.c.functions;
    const position = this.position;
    const members = large.members;
    if (!this.placed.has(large)) {
      this.placed.add(large);
      for (let k = 0; k < members.length; k++) position[members[k]] = k;
    }
    const byAxis = new Map<Axis, number[]>();
    const holderAt = this.holderAt;
    small.members.forEach((i, p) => {
      const pairOf = holderAt[i] * 2 ** 26;
      for (const j of meetingSpecific(largeUnits, f[i].holder.territory!)) {
        // Functions of the node's other units are met too; theirs is another unit's position.
        const q = position[j];
        if (members[q] !== j) continue;
        const key = pairOf + holderAt[j];
        let axis = this.meetings.get(key);
        if (axis === undefined) {
          // Two specific bodies meet as their territories do (never as template and instance).
          const meet = territoriesMeet(f[i].holder, f[j].holder) !== 'NO';
          this.meetings.set(key, (axis = meet ? axisOf(f[i].holder, f[j].holder) : null));
        }
        if (axis === null) continue;
        const list = byAxis.get(axis);
        if (list) list.push(p, q);
        else byAxis.set(axis, [p, q]);
      }
    });
    const part = (list: number[], from: number, size: number) => {
      const seen = new Uint8Array(size);
      for (let k = from; k < list.length; k += 2) seen[list[k]] = 1;
      const taking: number[] = [];
      seen.forEach((x, k) => x && taking.push(k));
      return taking.length === size ? null : Int32Array.from(taking);
    };
    m = [...byAxis].map(([axis, list]) => ({
      axis,
      positions: Int32Array.from(list),
      smallPart: part(list, 0, small.members.length),
      largePart: part(list, 1, large.members.length),
    }));
    this.cache.set(key, m);
    return m;
  }
}

/**
 * The further instances of a replicated finding, kept as structure and walked when someone asks:
 * a national review's findings stand for two hundred million pairs of functions.
 */
export interface Replicas {
  /** Instances beyond the finding's own pair. */
  readonly count: number;
  /** Every pair of function indices the finding stands for, its own pair first. */
  forEach(fn: (i: number, j: number) => void): void;
  /** The bodies of a group on the side of function `i` of the finding's own pair that take part, if any. */
  groupOf(i: number): GroupSide | null;
}

/**
 * Members of a group of replicated bodies that a finding stands for: the whole unit, or the
 * positions in it that take part (`part`) when some members meet nobody on the other side.
 */
export interface GroupSide {
  unit: Unit;
  part: Int32Array | null;
}

/** The function indices of a group side. */
export function sideMembers(side: GroupSide): number[] {
  return side.part ? Array.from(side.part, (k) => side.unit.members[k]) : side.unit.members;
}

/** A central or typical holder's function against every body of a group (the finding's pair is the first). */
export class SingleAgainstGroup implements Replicas {
  constructor(
    readonly single: number,
    readonly group: Unit,
  ) {}

  get count(): number {
    return this.group.members.length - 1;
  }

  forEach(fn: (i: number, j: number) => void): void {
    for (const j of this.group.members) fn(this.single, j);
  }

  groupOf(i: number): GroupSide | null {
    return i === this.single ? null : { unit: this.group, part: null };
  }
}

/**
 * Several central bodies or typical holders stating one statement against every body of a group
 * stating the other: each of them meets the whole group alike, on the finding's axis.
 */
export class LooseAgainstGroup implements Replicas {
  constructor(
    readonly singles: Int32Array,
    private readonly side: GroupSide,
    readonly group: Unit,
  ) {}

  get count(): number {
    return this.singles.length * this.group.members.length - 1;
  }

  forEach(fn: (i: number, j: number) => void): void {
    for (const i of this.singles) for (const j of this.group.members) fn(i, j);
  }

  groupOf(i: number): GroupSide | null {
    return i === this.singles[0] ? this.side : { unit: this.group, part: null };
  }
}

/** Two groups of specific bodies, paired where their territories meet (on one axis). */
export class GroupAgainstGroup implements Replicas {
  /** Positions into `small.members` and `large.members`, a pair at a time. */
  private readonly positions: Int32Array;

  constructor(
    readonly small: Unit,
    readonly large: Unit,
    private readonly match: GroupMatch,
  ) {
    this.positions = match.positions;
  }

  get count(): number {
    return this.positions.length / 2 - 1;
  }

  forEach(fn: (i: number, j: number) => void): void {
    const p = this.positions;
    for (let k = 0; k < p.length; k += 2) fn(this.small.members[p[k]], this.large.members[p[k + 1]]);
  }

  groupOf(i: number): GroupSide | null {
    return i === this.small.members[this.positions[0]]
      ? { unit: this.small, part: this.match.smallPart }
      : { unit: this.large, part: this.match.largePart };
  }
}

/**
 * Central bodies or typical holders stating one statement against those stating the other, on one
 * axis: the pairs are listed (a few dozen at most), and each side is the group of holders that take
 * part, from which a stored run derives the same pairs (every two of them that meet on the axis).
 */
export class LooseAgainstLoose implements Replicas {
  constructor(
    private readonly pairs: Int32Array,
    private readonly first: GroupSide,
    private readonly second: GroupSide,
  ) {}

  get count(): number {
    return this.pairs.length / 2 - 1;
  }

  forEach(fn: (i: number, j: number) => void): void {
    const p = this.pairs;
    for (let k = 0; k < p.length; k += 2) fn(p[k], p[k + 1]);
  }

  groupOf(i: number): GroupSide | null {
    const side = i === this.pairs[0] ? this.first : this.second;
    // One holder on a side meets every holder of the other on the finding's axis: no group needed.
    return (side.part ? side.part.length : side.unit.members.length) > 1 ? side : null;
  }
}

function pairFunctions(
  c: Corpus,
  x: NodeUnits,
  y: NodeUnits,
  sameNode: boolean,
  sameText: boolean,
  verdict: TextVerdict,
  sink: FindingSink,
  expand: boolean,
  matcher: GroupMatcher,
): void {
  const collector = new PairCollector(c, verdict, sameText, sink, expand);
  for (let ui = 0; ui < x.units.length; ui++) {
    const u = x.units[ui];
    // A statement against itself: each two of its units once.
    for (let vi = sameNode ? ui : 0; vi < y.units.length; vi++) {
      const v = y.units[vi];
      if (sameNode && v === u) {
        // Functions of one unit with the same text: the same holder twice, or bodies on nested territories.
        pairWithinUnit(c, u, x, collector.add);
      } else if (!u.specific && !v.specific) {
        collector.addLoose(u.rep, v.rep);
        continue;
      } else if (!u.specific || !v.specific) {
        // A single holder against bodies replicating a text: all meet or none (same kind, same rule).
        const [single, group, singles] = u.specific ? [v, u, y] : [u, v, x];
        collector.addGroup(single.rep, group, singles);
      } else {
        // Two groups of specific bodies: each body meets those on its own territory or nested in it.
        const [small, large, largeUnits] = u.members.length <= v.members.length ? [u, v, y] : [v, u, x];
        collector.addGroups(small, large, matcher.matches(small, large, largeUnits));
      }
      collector.flush();
    }
  }
  collector.finish(x, y);
}

/** The loose holders of a node that take part in a finding: every `step`-th entry of `list` from `from`. */
function looseSide(node: NodeUnits, list: Int32Array, from: number, step: number): GroupSide {
  const unit = (node.loose ??= looseUnit(node));
  const position = (node.loosePositions ??= new Map(unit.members.map((i, k) => [i, k])));
  const size = unit.members.length;
  const taking = new Uint8Array(size);
  let count = 0;
  for (let k = from; k < list.length; k += step) {
    const at = position.get(list[k])!;
    if (!taking[at]) count++;
    taking[at] = 1;
  }
  if (count === size) return { unit, part: null };
  const part = new Int32Array(count);
  for (let at = 0, w = 0; at < size; at++) if (taking[at]) part[w++] = at;
  // One array for each part, found by the positions it takes (as the bits of a number where they fit).
  const parts = (node.looseParts ??= new Map<number | string, Int32Array>());
  const key = size <= 52 ? part.reduce((bits, at) => bits + 2 ** at, 0) : part.join(',');
  const same = parts.get(key);
  if (same) return { unit, part: same };
  parts.set(key, part);
  return { unit, part };
}

function looseUnit(node: NodeUnits): Unit {
  const members = node.units.filter((u) => !u.specific).map((u) => u.rep);
  return { members, rep: members[0], specific: false };
}

function pairWithinUnit(c: Corpus, u: Unit, node: NodeUnits, add: (i: number, j: number) => void): void {
  const byHolder = new Map<string, number[]>();
  for (const i of u.members) {
    const id = c.functions[i].holder.id;
    const list = byHolder.get(id);
    if (list) list.push(i);
    else byHolder.set(id, [i]);
  }
  // The same holder stating the same text twice (say, in two laws).
  for (const list of byHolder.values())
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) add(list[x], list[y]);
  if (!u.specific) return;
  // Different bodies of one kind stating the same text meet only on the same or nested territories.
  const inUnit = new Set(u.members);
  for (const i of u.members) {
    const h = c.functions[i].holder;
    for (const j of meetingSpecific(node, h.territory!)) {
      if (j > i && inUnit.has(j) && c.functions[j].holder.id !== h.id) add(i, j);
    }
  }
}

/** A pair of functions the review reports; its reasons are written out when someone reads them. */
export class FoundPair implements ReviewPair {
  constructor(
    readonly a: ReviewFunction,
    readonly b: ReviewFunction,
    private readonly verdict: TextVerdict,
    readonly axis: Axis,
    /** Further instances of the same finding, as structure over indices into `all`. */
    readonly replicas: Replicas | null = null,
    protected readonly all: ReviewFunction[] = [],
    /** The indices of `a` and `b` in `all`. */
    readonly ia = -1,
    readonly ib = -1,
  ) {}

  static of(
    all: ReviewFunction[],
    i: number,
    j: number,
    verdict: TextVerdict,
    axis: Axis,
    replicas: Replicas | null,
  ): FoundPair {
    return all[i].externalId <= all[j].externalId
      ? new FoundPair(all[i], all[j], verdict, axis, replicas, all, i, j)
      : new FoundPair(all[j], all[i], verdict, axis, replicas, all, j, i);
  }

  get band() {
    return this.verdict.band;
  }

  get score() {
    return this.verdict.score;
  }

  /** How many more pairs of functions, on other territories, this finding stands for. */
  get alsoReplicatedBy(): number {
    return this.replicas ? this.replicas.count : 0;
  }

  /** The functions the finding's indices point into. */
  get functions(): readonly ReviewFunction[] {
    return this.all;
  }

  /** The group of replicated bodies whose instances stand on the side of `a` (or `b`), if any. */
  get groupA(): GroupSide | null {
    return this.replicas?.groupOf(this.ia) ?? null;
  }

  get groupB(): GroupSide | null {
    return this.replicas?.groupOf(this.ib) ?? null;
  }

  /** Calls `fn` for every pair of functions the finding stands for, this one first (no allocation). */
  forEachPair(fn: (a: ReviewFunction, b: ReviewFunction) => void): void {
    if (!this.replicas) return fn(this.a, this.b);
    this.replicas.forEach((i, j) => fn(this.all[i], this.all[j]));
  }

  /** Every pair of functions the finding stands for, this one first. */
  pairs(): [ReviewFunction, ReviewFunction][] {
    const out: [ReviewFunction, ReviewFunction][] = [];
    this.forEachPair((a, b) => out.push([a, b]));
    return out;
  }

  get statementReasons(): Reason[] {
    return this.verdict.reasons;
  }

  /** The same, as a run stores them. */
  get storedStatementReasons(): StoredReason[] {
    return this.verdict.storedReasons ?? this.verdict.reasons.map(storedReason);
  }

  get statement(): object {
    return this.verdict;
  }

  get reasons(): Reason[] {
    return findingReasons(
      this.verdict.reasons,
      this.a,
      this.b,
      this.axis,
      this.alsoReplicatedBy,
      standsForSeveral(this.a.holder, this.b.holder, this.groupA, this.groupB),
    );
  }

  toJSON() {
    return {
      a: this.a,
      b: this.b,
      band: this.band,
      axis: this.axis,
      score: this.score,
      reasons: this.reasons,
      alsoReplicatedBy: this.alsoReplicatedBy,
    };
  }
}

/**
 * A finding's reasons: what its two statements give, then what its holders, their legal bases and
 * its replicas add. A stored finding keeps only the first part and is completed when read.
 */
export function findingReasons(
  statementReasons: Reason[],
  a: Pick<ReviewFunction, 'holder' | 'legalBasis'>,
  b: Pick<ReviewFunction, 'holder' | 'legalBasis'>,
  axis: Axis,
  alsoReplicated: number,
  /** The finding stands for other holders of its statements, not only for bodies of one kind on other territories. */
  several = false,
): Reason[] {
  const reasons: Reason[] = [
    ...statementReasons,
    {
      code: 'HOLDERS',
      text: describeRelation(a.holder, b.holder, axis),
      params: relationParams(a.holder, b.holder, axis),
    },
  ];
  const basis = sharedBasis(a, b);
  if (basis) reasons.push(basis);
  if (alsoReplicated > 0 && several) {
    reasons.push({
      code: 'STATED_BY_SEVERAL',
      text: `the same two statements are held by several bodies: the finding stands for ${alsoReplicated} more pair${alsoReplicated === 1 ? '' : 's'} of them on the same axis`,
      params: { count: alsoReplicated },
    });
  } else if (alsoReplicated > 0) {
    reasons.push({
      code: 'REPLICATED',
      text: `the same finding recurs for ${alsoReplicated} more pair${alsoReplicated === 1 ? '' : 's'} of holders of the same kinds on other territories`,
      params: { count: alsoReplicated },
    });
  }
  return reasons;
}

export function sharedBasis(
  a: Pick<ReviewFunction, 'legalBasis'>,
  b: Pick<ReviewFunction, 'legalBasis'>,
): Reason | undefined {
  if (!a.legalBasis?.length || !b.legalBasis?.length) return undefined;
  const acts = (f: Pick<ReviewFunction, 'legalBasis'>) => new Set(f.legalBasis!.map((x) => x.split(':')[0]));
  const same = [...acts(a)].filter((x) => acts(b).has(x));
  if (!same.length) return undefined;
  const provision = a.legalBasis.some((x) => x.includes(':') && b.legalBasis!.includes(x));
  return {
    code: 'SHARED_LEGAL_BASIS',
    text: provision ? 'rest on the same provision of the same act' : 'rest on the same legal act',
    params: { provision: provision ? 1 : 0 },
  };
}

/** What gives a finding's key terms: its verdict, whose terms are written out each time they are read. */
type Terms = Pick<TextVerdict, 'terms'>;
const NO_TERMS: Terms = { terms: [] };

/** Where findings go: counted, joined into clusters and control piles, and kept or handed on as they come. */
export class FindingSink {
  readonly pairs: ReviewPair[] = [];
  count = 0;
  instances = 0;
  readonly byBand: Record<string, number> = {};
  readonly byAxis: Record<string, number> = {};
  private readonly duplicates: Families;
  private readonly control: Families;
  // Control findings, as the first function of each and the key terms its statements share; the
  // words are tallied per pile at the end (a national review has millions of control findings).
  private controlFirst = new Int32Array(1024);
  private controlTerms = new Int32Array(1024);
  private controlCount = 0;
  private readonly termLists: string[][] = [];
  /**
   * The pair of statements whose control findings are being tallied and the number of its key
   * terms: its findings come one after another, and verdicts write their terms out when read.
   */
  private currentTerms: { of: Terms; no: number } | null = null;

  /** The members of each group that make a control finding with the single holders meeting it. */
  private readonly controlMembers = new WeakMap<Unit, number[]>();

  /** Findings that joined no cluster or pile because reviewers dismissed them. */
  dismissedLeftOut = 0;

  constructor(
    private readonly functions: ReviewFunction[],
    private readonly onPair?: (pair: ReviewPair) => void,
    /** Pair keys of the function pairs reviewers dismissed. */
    private readonly dismissed: Set<number> | null = null,
  ) {
    this.duplicates = new Families(functions.length);
    this.control = new Families(functions.length);
  }

  found(pair: ReviewPair, i: number, j: number, terms: Terms = NO_TERMS): void {
    this.count++;
    this.instances += 1 + pair.alsoReplicatedBy;
    this.byBand[pair.band] = (this.byBand[pair.band] ?? 0) + 1;
    this.byAxis[pair.axis] = (this.byAxis[pair.axis] ?? 0) + 1;
    const replicas = pair instanceof FoundPair ? pair.replicas : null;
    // The reviewer saw the finding as its own pair and judged the two statements of its holders:
    // the judgement holds for every pair the finding stands for.
    if (this.dismissed?.has(pairKey(i, j, this.functions.length))) this.dismissedLeftOut++;
    else if (replicas) this.foundReplicated(pair, replicas, terms);
    else {
      if (pair.band === 'DUPLICATE') this.duplicates.join(i, j);
      if (pair.a.type === 'CONTROL' && pair.b.type === 'CONTROL' && pair.a.holder.id !== pair.b.holder.id)
        this.controlFinding(i, j, terms);
    }
    if (this.onPair) this.onPair(pair);
    else this.pairs.push(pair);
  }

  /**
   * Clusters and control piles cover every instance of a replicated finding. A group of bodies met
   * by one holder is joined once, whatever number of findings meet it, and the holder to its first.
   */
  private foundReplicated(pair: ReviewPair, replicas: Replicas, terms: Terms): void {
    const f = this.functions;
    const control = (x: number, y: number) =>
      f[x].type === 'CONTROL' && f[y].type === 'CONTROL' && f[x].holder.id !== f[y].holder.id;
    const againstGroup = (single: number, group: Unit) => {
      if (pair.band === 'DUPLICATE') this.duplicates.joinGroup(single, group.members);
      if (f[single].type === 'CONTROL') {
        let members = this.controlMembers.get(group);
        if (!members) this.controlMembers.set(group, (members = group.members.filter((j) => control(single, j))));
        if (members.length) {
          this.control.joinGroup(single, members);
          this.controlFinding(single, members[0], terms);
        }
      }
    };
    if (replicas instanceof SingleAgainstGroup) return againstGroup(replicas.single, replicas.group);
    if (replicas instanceof LooseAgainstGroup) {
      for (const single of replicas.singles) againstGroup(single, replicas.group);
      return;
    }
    let tallied = false;
    replicas.forEach((x, y) => {
      if (pair.band === 'DUPLICATE') this.duplicates.join(x, y);
      if (control(x, y)) {
        this.controlFinding(x, y, terms, !tallied);
        tallied = true;
      }
    });
  }

  private controlFinding(i: number, j: number, terms: Terms, tally = true): void {
    this.control.join(i, j);
    if (!tally) return;
    if (this.currentTerms?.of !== terms) this.currentTerms = { of: terms, no: this.termLists.push(terms.terms) - 1 };
    const no = this.currentTerms.no;
    if (this.controlCount === this.controlFirst.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.controlFirst = grow(this.controlFirst);
      this.controlTerms = grow(this.controlTerms);
    }
    this.controlFirst[this.controlCount] = i;
    this.controlTerms[this.controlCount++] = no;
  }

  /** Functions joined by DUPLICATE findings, largest group first. */
  clusters(functions: ReviewFunction[]): ReviewFunction[][] {
    return this.duplicates
      .groups()
      .map((g) => g.map((i) => functions[i]))
      .sort((x, y) => y.length - x.length);
  }

  /**
   * Control functions of different holders joined by findings of either band: each group is one
   * object or sphere that several holders control (the Concept's excessive control-supervisory
   * functions), named by the key terms its findings share most often.
   */
  controlPiles(functions: ReviewFunction[]): ControlPileGroup[] {
    // How many findings of each pile share each list of terms, then the words of each pile.
    const lists = this.termLists.length;
    const weight = new Map<number, number>();
    for (let k = 0; k < this.controlCount; k++) {
      const key = this.control.root(this.controlFirst[k]) * lists + this.controlTerms[k];
      weight.set(key, (weight.get(key) ?? 0) + 1);
    }
    const words = new Map<number, Map<string, number>>();
    for (const [key, w] of weight) {
      const root = Math.floor(key / lists);
      let tally = words.get(root);
      if (!tally) words.set(root, (tally = new Map<string, number>()));
      for (const word of this.termLists[key % lists]) tally.set(word, (tally.get(word) ?? 0) + w);
    }
    return this.control
      .groups()
      .map((g) => {
        const members = g.map((i) => functions[i]).sort((x, y) => (x.id < y.id ? -1 : 1));
        const tally = words.get(this.control.root(g[0])) ?? new Map<string, number>();
        const sphere = [...tally.entries()]
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
          .slice(0, 5)
          .map(([w]) => w);
        return { sphere, holders: new Set(members.map((f) => f.holder.id)).size, functions: members };
      })
      .filter((p) => p.holders > 1)
      .sort((x, y) => y.holders - x.holders || y.functions.length - x.functions.length);
  }
}

/** Functions joined into groups by findings. */
class Families {
  private readonly uf: UnionFind;
  private readonly touched: Uint8Array;
  private readonly chained = new WeakSet<number[]>();

  constructor(n: number) {
    this.uf = new UnionFind(n);
    this.touched = new Uint8Array(n);
  }

  join(i: number, j: number): void {
    this.uf.union(i, j);
    this.touched[i] = 1;
    this.touched[j] = 1;
  }

  root(i: number): number {
    return this.uf.find(i);
  }

  /** Joins `i` to every one of `members`; a list already joined (the same array) is joined by its first. */
  joinGroup(i: number, members: number[]): void {
    if (!this.chained.has(members)) {
      this.chained.add(members);
      for (let k = 1; k < members.length; k++) this.join(members[0], members[k]);
    }
    this.join(i, members[0]);
  }

  /** Groups of two or more functions. */
  groups(): number[][] {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.touched.length; i++) {
      if (!this.touched[i]) continue;
      const r = this.uf.find(i);
      const g = groups.get(r);
      if (g) g.push(i);
      else groups.set(r, [i]);
    }
    return [...groups.values()].filter((g) => g.length > 1);
  }
}
