/**
 * KATO codes nest by position: 1-2 region, 3-4 district (or city of oblast significance, or
 * district in a city), 5-6 rural district (or town of district significance), 7-9 settlement; a
 * higher-level territory ends in zeros. The prefix of a code is what every territory inside it
 * starts with.
 */
export function katoPrefix(kato: string): string {
  if (/^[0-9]{2}0{7}$/.test(kato)) return kato.slice(0, 2);
  if (/^[0-9]{4}0{5}$/.test(kato)) return kato.slice(0, 4);
  if (/^[0-9]{6}000$/.test(kato)) return kato.slice(0, 6);
  return kato;
}

/** True when territory `inner` lies within (or is) territory `outer`. */
export function katoContains(outer: string, inner: string): boolean {
  return inner.startsWith(katoPrefix(outer));
}

/** Two specific territories overlap only when one contains the other. */
export function katoOverlaps(a: string, b: string): boolean {
  return katoContains(a, b) || katoContains(b, a);
}
