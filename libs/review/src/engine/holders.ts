import { Axis, Holder } from './types.js';

/** Territory kinds lying inside a territory of the given kind (interchange format rules). */
const CONTAINS: Record<string, string[]> = {
  REPUBLIC: [
    'OBLAST',
    'CITY_REP',
    'DISTRICT',
    'CITY_OBL',
    'DISTRICT_IN_CITY',
    'CITY_DIST',
    'RURAL_DISTRICT',
    'SETTLEMENT',
  ],
  OBLAST: ['DISTRICT', 'CITY_OBL', 'CITY_DIST', 'RURAL_DISTRICT', 'SETTLEMENT'],
  CITY_REP: ['DISTRICT_IN_CITY'],
  DISTRICT: ['CITY_DIST', 'RURAL_DISTRICT', 'SETTLEMENT'],
  CITY_OBL: ['CITY_DIST', 'RURAL_DISTRICT', 'SETTLEMENT'],
};

const LEVEL_RANK: Record<string, number> = { CENTRAL: 0, REGIONAL: 1, DISTRICT: 2, RURAL: 3 };

/**
 * The prefixes of the territories met so far: a national review asks for them tens of millions of
 * times, of a few thousand codes.
 */
const PREFIXES = new Map<string, string>();

/** The KATO prefix that every territory inside `kato` starts with. */
export function katoPrefix(kato: string): string {
  let prefix = PREFIXES.get(kato);
  if (prefix === undefined) {
    prefix = kato;
    if (/^\d{2}0{7}$/.test(kato)) prefix = kato.slice(0, 2);
    else if (/^\d{4}0{5}$/.test(kato)) prefix = kato.slice(0, 4);
    else if (/^\d{6}000$/.test(kato)) prefix = kato.slice(0, 6);
    // Codes are few; anything else (a malformed code read from a file) is not kept.
    if (PREFIXES.size < 100_000) PREFIXES.set(kato, prefix);
  }
  return prefix;
}

/** The codes of the territories that contain `kato` (region, district, rural district), itself excluded. */
export function katoAncestors(kato: string): string[] {
  const out: string[] = [];
  const p = katoPrefix(kato);
  if (p.length > 2) out.push(`${kato.slice(0, 2)}0000000`);
  if (p.length > 4) out.push(`${kato.slice(0, 4)}00000`);
  if (p.length > 6) out.push(`${kato.slice(0, 6)}000`);
  return out;
}

function kindsMeet(a: string[], b: string[]): boolean {
  return (
    a.some((k) => b.includes(k) || (CONTAINS[k] ?? []).some((inner) => b.includes(inner))) ||
    b.some((k) => (CONTAINS[k] ?? []).some((inner) => a.includes(inner)))
  );
}

function isCentral(h: Holder): boolean {
  return h.level === 'CENTRAL';
}

/** The kind of territory a specific body's own territory is, judged from its level and kinds. */
function ownKinds(h: Holder): string[] {
  return h.territoryKinds.length ? h.territoryKinds : [];
}

export type Meeting = 'NO' | 'YES' | 'TEMPLATE';

/**
 * Whether two holders perform functions over the same territory. Bodies of one kind on different
 * territories never meet (territorial replication). A typical holder and a specific body of its own
 * kind meet as template and instance: the same words there are the template applied, not a duplicate
 * ('TEMPLATE'), while different words are two functions of the same body.
 */
export function territoriesMeet(a: Holder, b: Holder): Meeting {
  if (a.id === b.id) return 'YES';
  if (isCentral(a) || isCentral(b)) return 'YES';
  if (a.territory && b.territory) {
    return b.territory.startsWith(katoPrefix(a.territory)) || a.territory.startsWith(katoPrefix(b.territory))
      ? 'YES'
      : 'NO';
  }
  if (!a.territory !== !b.territory && sameKindOfBody(a, b)) return 'TEMPLATE';
  return kindsMeet(ownKinds(a), ownKinds(b)) ? 'YES' : 'NO';
}

function sameKindOfBody(a: Holder, b: Holder): boolean {
  return a.kind === b.kind && a.level === b.level && a.territoryKinds.some((k) => b.territoryKinds.includes(k));
}

const HEAD_KINDS = new Set(['AKIM', 'MINISTRY', 'AGENCY']);
const COLLEGIAL_KINDS = new Set(['AKIMAT', 'GOVERNMENT']);

/** The axis along which two colliding holders meet (the Concept's four delimitations, and within one body). */
export function axisOf(a: Holder, b: Holder): Axis {
  if (a.id === b.id) return 'WITHIN_AGENCY';
  const selfA = a.kind === 'LOCAL_SELF_GOVERNMENT';
  const selfB = b.kind === 'LOCAL_SELF_GOVERNMENT';
  if (selfA !== selfB) return 'STATE_VS_SELF_GOVERNMENT';
  const collegialA = a.collegial || COLLEGIAL_KINDS.has(a.kind);
  const collegialB = b.collegial || COLLEGIAL_KINDS.has(b.kind);
  if (a.level === b.level && collegialA !== collegialB && HEAD_KINDS.has(collegialA ? b.kind : a.kind))
    return 'COLLEGIAL_VS_HEAD';
  if (LEVEL_RANK[a.level] !== LEVEL_RANK[b.level]) return 'VERTICAL';
  return 'HORIZONTAL';
}

/** Where a holder acts: a territory's code, `typical` for a typical holder, empty for a central body. */
function placeOf(h: Holder): string {
  return h.territory ?? (h.level === 'CENTRAL' ? '' : 'typical');
}

/** The holders of a finding as values, for a reader that words the relation in its own language. */
export function relationParams(a: Holder, b: Holder, axis: Axis): Record<string, string> {
  return {
    axis,
    aCode: a.code,
    aLevel: a.level,
    aPlace: placeOf(a),
    bCode: b.code,
    bLevel: b.level,
    bPlace: placeOf(b),
  };
}

export function describeRelation(a: Holder, b: Holder, axis: Axis): string {
  const name = (h: Holder) =>
    `${h.code} (${h.level.toLowerCase()}${h.territory ? `, ${h.territory}` : h.level === 'CENTRAL' ? '' : ', typical'})`;
  switch (axis) {
    case 'WITHIN_AGENCY':
      return `both held by ${a.code}`;
    case 'VERTICAL':
      return `${name(a)} and ${name(b)} are at different levels over the same territory`;
    case 'HORIZONTAL':
      return `${name(a)} and ${name(b)} are at the same level over the same territory`;
    case 'STATE_VS_SELF_GOVERNMENT':
      return `a state body and a local self-government body over the same territory: ${name(a)}, ${name(b)}`;
    case 'COLLEGIAL_VS_HEAD':
      return `a collegial body and a head over the same territory: ${name(a)}, ${name(b)}`;
  }
}
