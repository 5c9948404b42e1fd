/** Numbers as acts write them: «5», «5-3», «24-12». Compared part by part. */
export type ItemNumber = number[];

export function parseNumber(text: string): ItemNumber {
  return text.split('-').map((p) => Number(p));
}

export function compareNumbers(a: ItemNumber, b: ItemNumber): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether `next` may directly follow `prev` in one list: «4» → «5», «4» → «4-1», «4-1» → «4-2»,
 * «4-2» → «5». A list may open with «1» (or «1-1» after a repealed «1» that is not printed).
 */
export function isSuccessor(prev: ItemNumber | null, next: ItemNumber): boolean {
  if (!prev) return next[0] <= 1;
  for (let k = 1; k <= prev.length; k += 1) {
    const candidate = prev.slice(0, k);
    candidate[k - 1] += 1;
    if (compareNumbers(candidate, next) === 0) return true;
  }
  return compareNumbers([...prev, 1], next) === 0;
}
