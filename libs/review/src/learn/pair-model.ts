import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { Corpus, meanIdfOf, TextNode } from '../engine/corpus.js';
import { TextVerdict } from '../engine/scoring.js';
import { Reason } from '../engine/types.js';
import { FEATURE_NAMES, FEATURE_VERSION, pairFeatures } from './pair-features.js';

/** A pair of statements a reviewer decided: confirmed (the same or overlapping duty) or dismissed. */
export interface LabelledPair {
  features: number[];
  confirmed: boolean;
  /**
   * The two statements decided («3|17»): decisions on the same two statements have the same
   * features, so cross-validation keeps them in one fold (a decision judged by a model that learned
   * its twin is not held out).
   */
  statements?: string;
  /**
   * What the rules do with the pair: report it (the model may drop it), hold it distinct (the model
   * may bring it back), or never find it (the model never sees it). Each line is placed on the
   * decisions it acts on; without this word, on all of them.
   */
  rules?: RulesWord;
}

export type RulesWord = 'REPORTED' | 'HELD_DISTINCT' | 'NOT_FOUND';

/**
 * The rules' word on a pair of statements from their verdicts (`verdictsOf`): within one holder a
 * verdict on a part of a statement is an item of its list, which no model brings back.
 */
export function rulesWordOf(verdicts: TextVerdict[], sameHolder: boolean): RulesWord {
  const usable = verdicts.filter((v) => !(sameHolder && v.partial));
  if (usable.some((v) => !v.veto)) return 'REPORTED';
  return usable.length ? 'HELD_DISTINCT' : 'NOT_FOUND';
}

/** What a trained model keeps: its weights over standardised features, and what it learned from. */
export interface PairModelData {
  /** The stored model's id, once stored. */
  id?: string;
  /** `FEATURE_VERSION` when it was trained. */
  version: number;
  features: readonly string[];
  /** Weight of each standardised feature, then the intercept. */
  weights: number[];
  mean: number[];
  scale: number[];
  confirmed: number;
  dismissed: number;
  /**
   * Where this registry's decisions put the lines (cross-validated, see `calibrate`): a pair the
   * rules report is dropped below `dropBelow`; one the scope rules hold distinct comes back from
   * `restoreAt`. Models stored before these were kept use `DROP_BELOW` and `RESTORE_AT`.
   */
  dropBelow?: number;
  restoreAt?: number;
}

/**
 * The lines a model uses when its decisions cannot place them (and models stored before they were
 * placed): a pair the rules report stays unless a dismissal is likely; a pair the scope rules hold
 * distinct comes back when a confirmation is the likelier.
 */
export const DROP_BELOW = 0.3;
export const RESTORE_AT = 0.5;

/**
 * How the lines are placed from the decisions themselves. Each decision is judged by a model trained
 * without it (`FOLDS`-fold cross-validation). A pair is dropped only where, among such held-out
 * judgements below the line, at most `DROP_MAX_CONFIRMED` of the decisions were confirmations: a
 * review that learns must not lose what its reviewers would confirm. A pair held distinct comes back
 * only where at least `RESTORE_MIN_CONFIRMED` of the decisions at or above the line were
 * confirmations: what comes back must be worth a reviewer's time.
 */
export const FOLDS = 5;
export const DROP_MAX_CONFIRMED = 0.1;
export const RESTORE_MIN_CONFIRMED = 0.5;
/** Fewest held-out judgements a line acts on: one decision says nothing about a share. */
export const MIN_JUDGED = 10;

/** Whether a stored model was trained on the features this version of the engine computes. */
export function sameFeatures(
  data: Pick<PairModelData, 'features' | 'weights' | 'mean' | 'scale' | 'version'>,
): boolean {
  const d = FEATURE_NAMES.length;
  const finite = (xs: unknown, n: number) =>
    Array.isArray(xs) && xs.length === n && xs.every((x) => typeof x === 'number' && Number.isFinite(x));
  return (
    data.version === FEATURE_VERSION &&
    finite(data.weights, d + 1) &&
    finite(data.mean, d) &&
    finite(data.scale, d) &&
    Array.isArray(data.features) &&
    data.features.length === FEATURE_NAMES.length &&
    data.features.every((f, i) => f === FEATURE_NAMES[i]) &&
    data.weights?.length === FEATURE_NAMES.length + 1
  );
}

/** Fewest decisions of each kind a model is trained from: below that it would learn noise. */
export const MIN_DECISIONS_EACH = 20;

/**
 * Logistic regression over the engine's features, trained on reviewers' decisions (the library
 * `ml-logistic-regression` fits it). Its output is a probability that a reviewer would confirm the
 * pair: the engine learns both to drop the look-alikes reviewers dismiss and to keep pairs its scope
 * rules would have held distinct.
 */
export class PairModel {
  private readonly meanIdf = new WeakMap<Corpus, number>();

  constructor(readonly data: PairModelData) {
    if (!sameFeatures(data))
      throw new Error(`the model was trained on other features (${data.features?.length ?? 0}); train it again`);
  }

  static train(examples: LabelledPair[]): PairModel | undefined {
    const fitted = PairModel.fit(examples);
    if (!fitted) return undefined;
    return new PairModel({ ...fitted.data, ...calibrate(examples) });
  }

  /** Logistic regression over the standardised features, with the lines at their defaults. */
  static fit(examples: LabelledPair[], fewest = MIN_DECISIONS_EACH): PairModel | undefined {
    const confirmed = examples.filter((e) => e.confirmed).length;
    const dismissed = examples.length - confirmed;
    if (confirmed < fewest || dismissed < fewest) return undefined;
    const d = FEATURE_NAMES.length;
    const mean = new Array<number>(d).fill(0);
    const scale = new Array<number>(d).fill(0);
    for (const e of examples) e.features.forEach((v, j) => (mean[j] += v / examples.length));
    for (const e of examples) e.features.forEach((v, j) => (scale[j] += (v - mean[j]) ** 2 / examples.length));
    for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]) || 1;
    const x = new Matrix(examples.map((e) => [...standardise(e.features, mean, scale), 1]));
    // Class 0 is "dismissed": the library's first one-vs-rest classifier then scores "confirmed".
    const y = Matrix.columnVector(examples.map((e) => (e.confirmed ? 1 : 0)));
    const lr = new LogisticRegression({ numSteps: 3000, learningRate: 0.5 / examples.length });
    lr.train(x, y);
    const weights = lr.classifiers[0].weights.to1DArray();
    return new PairModel({
      version: FEATURE_VERSION,
      features: FEATURE_NAMES,
      weights,
      mean,
      scale,
      confirmed,
      dismissed,
    });
  }

  /** The line that applied to a pair, in words. */
  private lines(heldDistinct: boolean): string {
    if (heldDistinct) return `pairs the scope rules hold distinct come back from ${pct(this.restoreAt)}`;
    return this.dropBelow > 0
      ? `pairs below ${pct(this.dropBelow)} are dropped`
      : 'no pair the rules report is dropped';
  }

  /** A line as stored, or the default for a model stored before lines were placed (or a broken one). */
  get dropBelow(): number {
    return validLine(this.data.dropBelow, DROP_BELOW);
  }

  /** 1: nothing the scope rules hold distinct comes back. */
  get restoreAt(): number {
    return validLine(this.data.restoreAt, RESTORE_AT);
  }

  /** How likely a reviewer is to confirm a pair with these features. */
  probability(features: number[]): number {
    const { weights, mean, scale } = this.data;
    const z = standardise(features, mean, scale).reduce(
      (sum, v, j) => sum + v * weights[j],
      weights[weights.length - 1],
    );
    return 1 / (1 + Math.exp(-z));
  }

  /** The pair as the model judges it: kept with its probability as score, or dropped. */
  judge(c: Corpus, a: TextNode, b: TextNode, verdict: TextVerdict): TextVerdict | undefined {
    let meanIdf = this.meanIdf.get(c);
    if (meanIdf === undefined) this.meanIdf.set(c, (meanIdf = meanIdfOf(c)));
    const p = this.probability(pairFeatures(c, a, b, meanIdf));
    if (!Number.isFinite(p)) throw new Error('the review model gave no probability for a pair: train it again');
    if (verdict.veto ? this.restoreAt >= 1 || p < this.restoreAt : p < this.dropBelow) return undefined;
    return new LearnedVerdict(verdict, Math.round(p * 1000) / 1000, p, this);
  }

  /** What the model adds to the reasons of a pair it judged (with `p`, its chance of a confirmation). */
  reasonsFor(verdict: TextVerdict, p: number): Reason[] {
    const { confirmed, dismissed } = this.data;
    const heldDistinct = !!verdict.veto;
    const rule = heldDistinct ? 'restore' : this.dropBelow > 0 ? 'drop' : 'keep';
    const line = heldDistinct ? this.restoreAt : this.dropBelow;
    return [
      ...(verdict.veto
        ? [
            {
              code: verdict.veto.code,
              text: `the scope rules would hold it distinct: ${verdict.veto.text}`,
              params: { ...verdict.veto.params, overruled: 1 },
            },
          ]
        : []),
      {
        code: 'LEARNED',
        text: `reviewers' decisions (${confirmed} confirmed, ${dismissed} dismissed) put the chance of confirming it at ${Math.round(p * 100)}% (${this.lines(heldDistinct)})`,
        params: { confirmed, dismissed, percent: Math.round(p * 100), rule, line: Math.round(line * 100) },
      },
    ];
  }
}

/**
 * A verdict as a learned model judged it: the rules' verdict with the model's chance as score and
 * its reasons added, written out when read like the rules' own (a copy holding them, or a closure
 * over them, would take back the memory a national run saves by not keeping them).
 */
class LearnedVerdict implements TextVerdict {
  constructor(
    private readonly base: TextVerdict,
    readonly score: number,
    private readonly chance: number,
    private readonly model: PairModel,
  ) {}

  get band(): TextVerdict['band'] {
    return this.base.band;
  }

  get similarity(): number {
    return this.base.similarity;
  }

  get containment(): number {
    return this.base.containment;
  }

  get partial(): boolean | undefined {
    return this.base.partial;
  }

  get terms(): string[] {
    return this.base.terms;
  }

  get reasons(): Reason[] {
    return [...this.base.reasons, ...this.model.reasonsFor(this.base, this.chance)];
  }
}

/** A model as the engine's options carry it: itself, or its stored data (which crosses to worker threads). */
export function asPairModel(m: PairModel | PairModelData | null | undefined): PairModel | undefined {
  if (!m) return undefined;
  return m instanceof PairModel ? m : new PairModel(m);
}

const validLine = (x: number | undefined, fallback: number) =>
  typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1 ? x : fallback;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Places the lines from held-out judgements of the decisions (see `FOLDS`). Folds are dealt in turn
 * (decision i to fold i mod FOLDS), so training the same decisions twice gives the same lines. A
 * fold whose training part has too few decisions of either kind leaves its decisions unjudged; with
 * too few judged the defaults stand.
 */
export function calibrate(examples: LabelledPair[]): { dropBelow: number; restoreAt: number } {
  const fold = foldsOf(examples);
  const judged: Judged[] = [];
  for (let f = 0; f < FOLDS; f++) {
    // A fold trains on four fifths of the decisions: the smallest model the registry may train has
    // fewer than the minimum in some folds, which still judge well enough to place a line.
    const model = PairModel.fit(
      examples.filter((_, i) => fold[i] !== f),
      Math.ceil(MIN_DECISIONS_EACH / 2),
    );
    if (!model) continue;
    examples.forEach((e, i) => {
      if (fold[i] === f) judged.push({ p: model.probability(e.features), confirmed: e.confirmed, rules: e.rules });
    });
  }
  if (judged.length < examples.length / 2) return { dropBelow: DROP_BELOW, restoreAt: RESTORE_AT };
  return placeLines(judged);
}

/** The lines that held-out judgements (a chance of confirming, and what the reviewers decided) place. */
export function placeLines(judged: Judged[]): { dropBelow: number; restoreAt: number } {
  // Lines on the scale findings show their score (thousandths), each judged on exactly the
  // judgements it would drop or bring back.
  const share = (xs: { confirmed: boolean }[]) => xs.filter((x) => x.confirmed).length / xs.length;
  const lines = [...new Set(judged.map((j) => Math.floor(j.p * 1000) / 1000)), DROP_BELOW].sort((x, y) => x - y);
  const reported = judged.filter((j) => j.rules === undefined || j.rules === 'REPORTED');
  const heldDistinct = judged.filter((j) => j.rules === undefined || j.rules === 'HELD_DISTINCT');
  let dropBelow = 0;
  for (const line of lines) {
    if (line > DROP_BELOW) break;
    const below = reported.filter((j) => j.p < line);
    if (below.length >= MIN_JUDGED && share(below) <= DROP_MAX_CONFIRMED) dropBelow = line;
  }
  // Nothing comes back (1) unless a line at or above the default brings back mostly confirmations.
  let restoreAt = 1;
  for (const line of [...lines].reverse()) {
    if (line < RESTORE_AT) break;
    const above = heldDistinct.filter((j) => j.p >= line);
    if (above.length >= MIN_JUDGED && share(above) >= RESTORE_MIN_CONFIRMED) restoreAt = line;
  }
  return { dropBelow, restoreAt };
}

/** A decision judged by a model that did not learn from it. */
interface Judged {
  p: number;
  confirmed: boolean;
  rules?: RulesWord;
}

/** Each decision's fold: decisions on the same two statements share one, dealt in turn. */
function foldsOf(examples: LabelledPair[]): number[] {
  const groups = new Map<string, number>();
  return examples.map((e, i) => {
    if (e.statements === undefined) return i % FOLDS;
    let g = groups.get(e.statements);
    if (g === undefined) groups.set(e.statements, (g = groups.size));
    return g % FOLDS;
  });
}

function standardise(features: number[], mean: number[], scale: number[]): number[] {
  return features.map((v, j) => (v - mean[j]) / scale[j]);
}
