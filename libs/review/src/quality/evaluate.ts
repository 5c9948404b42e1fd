import { ReviewPair } from '../engine/types.js';

export interface GoldPair {
  a: string;
  b: string;
  label: 'duplicate' | 'overlap' | 'distinct';
}

export interface Quality {
  goldPositive: number;
  goldDistinct: number;
  /** Labelled duplicate and overlap pairs that were reported (any band). */
  recall: number;
  /** Labelled distinct pairs that were reported anyway. */
  distinctReported: number;
  /** Labelled duplicates reported in the DUPLICATE band. */
  duplicateBandAgreement: number;
  pairsReported: number;
  missed: GoldPair[];
  wronglyReported: GoldPair[];
}

const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Measures reported pairs against labelled ones (labels are not exhaustive: unlabelled pairs are not judged). */
export function evaluate(pairs: Pick<ReviewPair, 'a' | 'b' | 'band'>[] | { a: string; b: string; band: string }[], gold: GoldPair[]): Quality {
  const reported = new Map<string, string>();
  for (const p of pairs) {
    const a = typeof p.a === 'string' ? p.a : p.a.externalId;
    const b = typeof p.b === 'string' ? p.b : p.b.externalId;
    reported.set(key(a, b), p.band);
  }
  const positive = gold.filter((g) => g.label !== 'distinct');
  const distinct = gold.filter((g) => g.label === 'distinct');
  const missed = positive.filter((g) => !reported.has(key(g.a, g.b)));
  const wrong = distinct.filter((g) => reported.has(key(g.a, g.b)));
  const dups = gold.filter((g) => g.label === 'duplicate');
  const dupAgree = dups.filter((g) => reported.get(key(g.a, g.b)) === 'DUPLICATE').length;
  return {
    goldPositive: positive.length,
    goldDistinct: distinct.length,
    recall: positive.length ? (positive.length - missed.length) / positive.length : 1,
    distinctReported: distinct.length ? wrong.length / distinct.length : 0,
    duplicateBandAgreement: dups.length ? dupAgree / dups.length : 1,
    pairsReported: pairs.length,
    missed,
    wronglyReported: wrong,
  };
}
