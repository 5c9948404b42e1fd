import { Clause, Corpus, sharedWeight, TextNode, weightOf } from './corpus.js';
import { ruleMakingVersusExecution } from '../text/action.js';
import { familyWords, wordsAmong } from '../text/normalize.js';
import { reasonOf, StoredReason, wordedReason } from './reason-text.js';
import { Band, Reason } from './types.js';
import {
  describeDisjoint,
  disjointQualifiers,
  disjointScopes,
  divisionOfLabour,
  StatementScope,
} from '../text/scope.js';

/** The parts of a statement (or a clause) the scope rules read. */
interface Scoped {
  scope: StatementScope;
  object: Int32Array;
}

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
  /**
   * The same reasons as a run stores them (their params, worded when read), where the verdict has
   * them without wording them first.
   */
  storedReasons?: StoredReason[];
  /** The rarest words the two statements share, as written: what the pair is about. */
  terms: string[];
  /**
   * Why the scope rules hold the pair to be distinct although its words match. Such a verdict is
   * not reported unless a model learned from reviewers' decisions says otherwise.
   */
  veto?: Reason;
  /**
   * Found by a clause or by scope, not by the whole statements: within one holder that is two items
   * of one competence list sharing a part, not one duty stated twice.
   */
  partial?: boolean;
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
  const s = sharedWeight(a.tokens, b.tokens, c.idf);
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
  const veto = scopeVeto(c, a, b, similarity, p);
  let band: Band | undefined;
  if (similarity >= p.duplicateSimilarity) band = 'DUPLICATE';
  else if (containment >= p.overlapContainment) band = 'OVERLAP';
  if (!band) return undefined;
  const score = band === 'DUPLICATE' ? similarity : 0.5 * (similarity + containment);
  return new TextsVerdict(c, band, Math.round(score * 1000) / 1000, similarity, containment, veto, a, b);
}

/**
 * The action a statement over a whole area does within the area of another, and the words of the
 * area the other shares, if it does: what the scope rules then weigh.
 */
export function scopeCover(
  c: Corpus,
  wide: TextNode,
  narrow: TextNode,
): { action: string; shared: number[] } | undefined {
  if (!wide.scope.generic || wide.catchAll || narrow.catchAll || wide.id === narrow.id) return undefined;
  const action = wide.scope.action.find((x) => narrow.scope.action.includes(x));
  if (!action) return undefined;
  const area = wide.sphere.length > 0 ? wide.sphere : wide.object;
  if (area.length === 0) return undefined;
  const shared: number[] = [];
  const inArea = sharedWeight(area, narrow.tokens, c.idf, shared);
  // Two statements each over a whole area of one sector («контроль в области здравоохранения» /
  // «контроль в сфере оказания медицинских услуг»): the registry's sector says the areas meet.
  const sameSector = narrow.scope.generic && sectorOf(c, wide) !== null && sectorOf(c, wide) === sectorOf(c, narrow);
  if (inArea < 0.5 * weightOf(area, c.idf) && !sameSector) return undefined;
  return { action, shared };
}

/**
 * A verdict whose key terms and reasons are written out each time they are read, from the
 * statements it compares, not kept: a national run holds three quarters of a million verdicts while
 * it pairs their functions, and their words written out took about 0.9 GB at a million functions,
 * more than the registry itself. They are read once per pair of statements when a run is stored,
 * and when a finding is shown. (Classes holding references to the statements, not closures or
 * arrays of their own: about 150 bytes a verdict instead of 600.)
 */
abstract class LazyVerdict implements TextVerdict {
  constructor(
    protected readonly c: Corpus,
    readonly band: Band,
    readonly score: number,
    readonly similarity: number,
    readonly containment: number,
    readonly veto: Reason | undefined,
  ) {}

  abstract get terms(): string[];
  abstract get storedReasons(): StoredReason[];

  get reasons(): Reason[] {
    return this.storedReasons.map(wordedReason);
  }
}

/** Two whole statements. */
class TextsVerdict extends LazyVerdict {
  constructor(
    c: Corpus,
    band: Band,
    score: number,
    similarity: number,
    containment: number,
    veto: Reason | undefined,
    private readonly a: TextNode,
    private readonly b: TextNode,
  ) {
    super(c, band, score, similarity, containment, veto);
  }

  get terms(): string[] {
    return keyTerms(this.c, this.a, rarestShared(this.c, this.a.tokens, this.b.tokens));
  }

  get storedReasons(): StoredReason[] {
    const { a, b, c, similarity, containment } = this;
    const top = this.terms;
    const reasons = [reasonOf('SHARED_TERMS', { terms: top, percent: Math.round(similarity * 100) })];
    if (this.band === 'OVERLAP') reasons.push(reasonOf('CONTAINMENT', { percent: Math.round(containment * 100) }));
    const action = a.lead.split(' ')[0];
    if (action === b.lead.split(' ')[0]) reasons.push(reasonOf('SAME_ACTION', { action }));
    if (a.domain.length > 0 && b.domain.length > 0 && sharedWeight(a.domain, b.domain, c.idf) > 0)
      reasons.push(reasonOf('SAME_DOMAIN', {}));
    return reasons;
  }
}

/** A clause of one statement that the other contains. */
class ClauseVerdict extends LazyVerdict {
  readonly partial = true;

  constructor(
    c: Corpus,
    score: number,
    similarity: number,
    covered: number,
    veto: Reason | undefined,
    private readonly a: TextNode,
    private readonly q: Clause,
    private readonly b: TextNode,
  ) {
    super(c, 'OVERLAP', score, similarity, covered, veto);
  }

  get terms(): string[] {
    return keyTerms(this.c, this.a, rarestShared(this.c, this.q.tokens, this.b.tokens));
  }

  get storedReasons(): StoredReason[] {
    const top = this.terms;
    const percent = Math.round(this.containment * 100);
    return [
      reasonOf('SHARED_CLAUSE', { clause: this.q.text.slice(0, 160), percent }),
      reasonOf('SHARED_TERMS', { terms: top }),
    ];
  }
}

/** A statement over a whole area and one doing the same within a part of it. */
class ScopeVerdict extends LazyVerdict {
  readonly partial = true;

  constructor(
    c: Corpus,
    score: number,
    similarity: number,
    containment: number,
    private readonly wide: TextNode,
    private readonly narrow: TextNode,
    private readonly action: string,
  ) {
    super(c, 'OVERLAP', score, similarity, containment, undefined);
  }

  get terms(): string[] {
    const area = this.wide.sphere.length > 0 ? this.wide.sphere : this.wide.object;
    return keyTerms(this.c, this.narrow, rarestShared(this.c, area, this.narrow.tokens));
  }

  get storedReasons(): StoredReason[] {
    const { action } = this;
    const terms = this.terms;
    return [reasonOf('SCOPE_CONTAINS', { action, terms })];
  }
}

function excludes(a: TextNode, b: TextNode, c: Corpus): boolean {
  if (a.excluded.length === 0) return false;
  const hits = sharedWeight(a.excluded, b.tokens, c.idf);
  return hits > 0 && hits >= 0.5 * weightOf(a.excluded, c.idf);
}

/**
 * Every verdict the scoring gives two statements: as wholes, clause by clause, and by scope (the
 * candidate stage finds each of them; a catch-all statement is never a candidate).
 */
export function verdictsOf(c: Corpus, a: TextNode, b: TextNode, p: ScoringParameters, meanIdf: number): TextVerdict[] {
  if (a.catchAll || b.catchAll) return [];
  return [
    scoreTexts(c, a, b, p, meanIdf),
    ...a.clauses.map((q) => scoreClause(c, a, q, b, p)),
    ...b.clauses.map((q) => scoreClause(c, b, q, a, p)),
    scoreScope(c, a, b, p),
    scoreScope(c, b, a, p),
  ].filter((v): v is TextVerdict => !!v);
}

/** A clause of `a` that `b` contains: the statements share that part of a function (OVERLAP). */
export function scoreClause(
  c: Corpus,
  a: TextNode,
  q: Clause,
  b: TextNode,
  p: ScoringParameters,
): TextVerdict | undefined {
  const s = sharedWeight(q.tokens, b.tokens, c.idf);
  const covered = s / q.weight;
  if (covered < p.overlapContainment) return undefined;
  if (ruleMakingVersusExecution(q.action, b.action)) return undefined;
  if (excludes(b, a, c)) return undefined;
  // Scopes that do not meet do not meet in any clause either (the qualifier may sit in the lead-in).
  const veto =
    (disjointQualifiers(a.scope, b.scope) ? scopeVeto(c, a, b, 0, p) : undefined) ?? scopeVeto(c, q, b, 0, p);
  const total = sharedWeight(a.tokens, b.tokens, c.idf);
  const similarity = total / (a.weight + b.weight - total);
  return new ClauseVerdict(
    c,
    Math.round(0.5 * (similarity + covered) * 1000) / 1000,
    similarity,
    covered,
    veto,
    a,
    q,
    b,
  );
}

/** The rarest words (at most six) two sorted lists of token ids share. */
function rarestShared(c: Corpus, x: Int32Array, y: Int32Array): number[] {
  const shared: number[] = [];
  sharedWeight(x, y, c.idf, shared);
  return shared.sort((p, q) => c.idf[q] - c.idf[p]).slice(0, 6);
}

/** The rarest shared words, quoted as the first statement writes them. */
function keyTerms(c: Corpus, a: TextNode, rarest: number[]): string[] {
  const first = a.functions.length ? c.functions[a.functions[0]] : undefined;
  const families = new Set([...rarest].map((t) => c.vocabulary[t]).filter(Boolean));
  // A statement is quoted for every pair it is in (dozens in a national run): read its words once.
  const read = first ? ((c.familyWords ??= [])[a.id] ??= familyWords(first.title, first.lang)) : undefined;
  const words = read ? wordsAmong(read, families) : [];
  return words.length ? words.slice(0, 6) : [...rarest].map((t) => c.surface[t] ?? c.vocabulary[t]).filter(Boolean);
}

/**
 * Why two statements that share words are still not one duty: their scopes do not meet (a road of
 * republican against one of district significance), they split a duty between bodies (one approves,
 * the other carries out), or they act on different objects and share only the words around them
 * (the lead-in of one competence list, a list of bodies, a funding formula).
 */
export function scopeVeto(
  c: Corpus,
  a: Scoped,
  b: Scoped,
  similarity: number,
  p: ScoringParameters,
): Reason | undefined {
  const disjoint = disjointScopes(a.scope, b.scope);
  if (disjoint)
    return {
      code: 'SCOPE_DISJOINT',
      text: `their scopes do not meet (${describeDisjoint(disjoint)})`,
      params: { group: disjoint.group, a: disjoint.a, b: disjoint.b },
    };
  if (similarity >= p.duplicateSimilarity) return undefined;
  const division = divisionOfLabour(a.scope.actionClass, b.scope.actionClass);
  if (division)
    return {
      code: 'DIVISION_OF_LABOUR',
      text: division,
      params: { classes: [a.scope.actionClass, b.scope.actionClass].sort().join('/') },
    };
  const sameAction = a.scope.action.some((x) => b.scope.action.includes(x));
  if (sameAction && a.object.length > 0 && b.object.length > 0 && !a.scope.generic && !b.scope.generic) {
    const shared =
      sharedWeight(a.object, b.object, c.idf) / Math.min(weightOf(a.object, c.idf), weightOf(b.object, c.idf));
    const heads = a.scope.objectHead !== null && b.scope.objectHead !== null;
    if (shared < 0.5 || (heads && a.scope.objectHead !== b.scope.objectHead && shared < 0.8))
      return {
        code: 'DIFFERENT_OBJECTS',
        text: `they act on different objects («${a.scope.objectHead ?? ''}» / «${b.scope.objectHead ?? ''}») and share only the words around them`,
        params: { a: a.scope.objectHead ?? '', b: b.scope.objectHead ?? '' },
      };
  }
  return undefined;
}

function sectorOf(c: Corpus, n: TextNode): string | null {
  return c.functions[n.functions[0]]?.sector ?? null;
}

/**
 * A statement that names a whole area («осуществляет государственный контроль в области
 * здравоохранения») and one that does the same thing to a part of it («... контроль за
 * деятельностью субъектов здравоохранения»): the wide one covers the narrow one (OVERLAP), however
 * few words they share.
 */
export function scoreScope(c: Corpus, wide: TextNode, narrow: TextNode, p: ScoringParameters): TextVerdict | undefined {
  const cover = scopeCover(c, wide, narrow);
  if (!cover) return undefined;
  if (excludes(wide, narrow, c) || excludes(narrow, wide, c)) return undefined;
  if (ruleMakingVersusExecution(wide.action, narrow.action)) return undefined;
  if (disjointQualifiers(wide.scope, narrow.scope)) return undefined;
  if (divisionOfLabour(wide.scope.actionClass, narrow.scope.actionClass)) return undefined;
  const total = sharedWeight(wide.tokens, narrow.tokens, c.idf);
  const similarity = total / (wide.weight + narrow.weight - total);
  const containment = total / wide.weight;
  return new ScopeVerdict(
    c,
    Math.round(0.5 * (similarity + p.overlapContainment) * 1000) / 1000,
    similarity,
    containment,
    wide,
    narrow,
    cover.action,
  );
}
