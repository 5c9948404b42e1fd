import { Corpus, sharedWeight, TextNode, weightOf } from '../engine/corpus.js';
import { ruleMakingVersusExecution } from '../text/action.js';
import { disjointQualifiers, divisionOfLabour } from '../text/scope.js';

/**
 * Version of what the features mean: raised whenever the features or the scope model that reads
 * them change, so that a model trained on the old meaning is not applied to the new.
 */
export const FEATURE_VERSION = 2;

/** The names of the features, in order: what a model's weights are reported against. */
export const FEATURE_NAMES = [
  'similarity',
  'containment of the narrower',
  'containment of the wider',
  'shared weight (rare words)',
  'same action',
  'same object head',
  'object overlap',
  'a statement over a whole area',
  'division of labour',
  'scopes do not meet',
  'rule-making vs execution',
  'shared lead-in',
  'same area named',
  'best clause contained',
  'same holder',
  'holders at different levels',
  'a representative body (maslikhat) and another',
] as const;

/**
 * What the engine knows about a pair of statements, as numbers: the evidence of their words and of
 * their scopes. Computed for any pair, found by the engine or not, so that every decision a
 * reviewer made can be learned from.
 */
export function pairFeatures(c: Corpus, a: TextNode, b: TextNode, meanIdf: number): number[] {
  const s = sharedWeight(a.tokens, b.tokens, c.idf);
  const union = a.weight + b.weight - s;
  const cA = a.weight > 0 ? s / a.weight : 0;
  const cB = b.weight > 0 ? s / b.weight : 0;
  const sa = a.scope;
  const sb = b.scope;
  const objA = weightOf(a.object, c.idf);
  const objB = weightOf(b.object, c.idf);
  const objShared = sharedWeight(a.object, b.object, c.idf);
  let bestClause = 0;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const)
    for (const q of x.clauses)
      if (q.weight > 0) bestClause = Math.max(bestClause, sharedWeight(q.tokens, y.tokens, c.idf) / q.weight);
  return [
    union > 0 ? s / union : 0,
    Math.max(cA, cB),
    Math.min(cA, cB),
    Math.min(s / Math.max(meanIdf, 1e-9), 20) / 10,
    sa.action.some((x) => sb.action.includes(x)) ? 1 : 0,
    sa.objectHead !== null && sa.objectHead === sb.objectHead ? 1 : 0,
    Math.min(objA, objB) > 0 ? objShared / Math.min(objA, objB) : 0,
    sa.generic || sb.generic ? 1 : 0,
    divisionOfLabour(sa.actionClass, sb.actionClass) ? 1 : 0,
    disjointQualifiers(sa, sb) ? 1 : 0,
    ruleMakingVersusExecution(a.action, b.action) ? 1 : 0,
    sharedLeadIn(a, b),
    a.sphere.length > 0 && b.sphere.length > 0 && sharedWeight(a.sphere, b.sphere, c.idf) > 0 ? 1 : 0,
    bestClause,
    ...holderFeatures(c, a, b),
  ];
}

/**
 * How the holders stand to each other, read from the first function stating each text (a text is
 * mostly one holder's, or one kind's replicated over territories).
 */
function holderFeatures(c: Corpus, a: TextNode, b: TextNode): number[] {
  const fa = c.functions[a.functions[0]]?.holder;
  const fb = c.functions[b.functions[0]]?.holder;
  if (!fa || !fb) return [0, 0, 0];
  return [
    fa.code === fb.code ? 1 : 0,
    fa.level !== fb.level ? 1 : 0,
    (fa.kind === 'MASLIKHAT') !== (fb.kind === 'MASLIKHAT') ? 1 : 0,
  ];
}

/** The share of the shorter statement's first words that the two have in common, in order. */
function sharedLeadIn(a: TextNode, b: TextNode): number {
  const x = a.byPosition;
  const y = b.byPosition;
  let k = 0;
  while (k < x.length && k < y.length && x[k] === y[k]) k++;
  return Math.min(x.length, y.length) > 0 ? k / Math.min(x.length, y.length) : 0;
}
