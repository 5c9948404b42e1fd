import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { Corpus, meanIdfOf, TextNode } from '../engine/corpus.js';
import { TextVerdict } from '../engine/scoring.js';
import { FEATURE_NAMES, FEATURE_VERSION, pairFeatures } from './pair-features.js';

/** A pair of statements a reviewer decided: confirmed (the same or overlapping duty) or dismissed. */
export interface LabelledPair {
  features: number[];
  confirmed: boolean;
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
}

/**
 * A pair the rules report stays unless reviewers' decisions make a dismissal likely; a pair the
 * scope rules hold distinct comes back when a confirmation is the likelier. Measured on the
 * development sets (scripts/review/learning.ts): dropping the rules' pairs at one half lost more
 * true pairs than it saved look-alikes.
 */
export const DROP_BELOW = 0.3;
export const RESTORE_AT = 0.5;

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
    const confirmed = examples.filter((e) => e.confirmed).length;
    const dismissed = examples.length - confirmed;
    if (confirmed < MIN_DECISIONS_EACH || dismissed < MIN_DECISIONS_EACH) return undefined;
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
    if (p < (verdict.veto ? RESTORE_AT : DROP_BELOW)) return undefined;
    const { confirmed, dismissed } = this.data;
    const reasons = [
      ...verdict.reasons,
      ...(verdict.veto
        ? [{ code: verdict.veto.code, text: `the scope rules would hold it distinct: ${verdict.veto.text}` }]
        : []),
      {
        code: 'LEARNED',
        text: `reviewers' decisions (${confirmed} confirmed, ${dismissed} dismissed) put the chance of confirming it at ${Math.round(p * 100)}%`,
      },
    ];
    return { ...verdict, veto: undefined, score: Math.round(p * 1000) / 1000, reasons };
  }
}

/** A model as the engine's options carry it: itself, or its stored data (which crosses to worker threads). */
export function asPairModel(m: PairModel | PairModelData | null | undefined): PairModel | undefined {
  if (!m) return undefined;
  return m instanceof PairModel ? m : new PairModel(m);
}

function standardise(features: number[], mean: number[], scale: number[]): number[] {
  return features.map((v, j) => (v - mean[j]) / scale[j]);
}
