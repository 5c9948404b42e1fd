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

/** A pair as the review reported it: in memory, or one line of the pairs file `review run --out` writes. */
export type Reported = {
  a: string | { externalId: string };
  b: string | { externalId: string };
  band: string;
  forEachPair?: (fn: (a: { externalId: string }, b: { externalId: string }) => void) => void;
};

const idOf = (x: string | { externalId: string }) => (typeof x === 'string' ? x : x.externalId);

/**
 * Measures reported pairs against labelled ones (labels are not exhaustive: unlabelled pairs are
 * not judged). A finding that stands for replicated instances counts for each of them.
 */
export function evaluate(pairs: Reported[], gold: GoldPair[]): Quality {
  const tally = new QualityTally(gold);
  for (const p of pairs) tally.add(p);
  return tally.result();
}

/** The same measure taken as findings stream past, for reviews too large to keep their findings. */
export class QualityTally {
  private readonly labelled: Set<string>;
  /** Functions named in some label: only their pairs need a key. */
  private readonly named: Set<string>;
  private readonly reported = new Map<string, string>();
  private count = 0;

  constructor(private readonly gold: GoldPair[]) {
    this.labelled = new Set(gold.map((g) => key(g.a, g.b)));
    this.named = new Set(gold.flatMap((g) => [g.a, g.b]));
  }

  add(p: Reported): void {
    this.count++;
    const see = (a: string, b: string) => {
      if (!this.named.has(a) || !this.named.has(b)) return;
      const k = key(a, b);
      if (this.labelled.has(k) && !this.reported.has(k)) this.reported.set(k, p.band);
    };
    if (p.forEachPair) p.forEachPair((a, b) => see(a.externalId, b.externalId));
    else see(idOf(p.a), idOf(p.b));
  }

  result(): Quality {
    const { gold, reported } = this;
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
      pairsReported: this.count,
      missed,
      wronglyReported: wrong,
    };
  }
}
