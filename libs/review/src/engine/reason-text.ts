import { Reason, ReasonParams } from './types.js';

const quoted = (words: string[]) => words.map((w) => `«${w}»`).join(', ');

/** The params each reason of two statements is worded from. */
type StatementReasonParams = {
  SHARED_TERMS: { terms: string[]; percent?: number };
  CONTAINMENT: { percent: number };
  SAME_ACTION: { action: string };
  SAME_DOMAIN: Record<string, never>;
  SHARED_CLAUSE: { clause: string; percent: number };
  SCOPE_CONTAINS: { action: string; terms: string[] };
};

export type StatementReasonCode = keyof StatementReasonParams;

/**
 * How the reasons two statements give are worded, from their params alone. A stored run keeps the
 * params and words them when read: a national run stores three quarters of a million pairs of
 * statements, and their wording was half of what each row held.
 */
const WORDING: { [K in StatementReasonCode]: (p: StatementReasonParams[K]) => string } = {
  SHARED_TERMS: (p) =>
    `share the key terms ${quoted(p.terms)}` +
    (p.percent == null ? '' : ` (${p.percent}% of their weighted vocabulary)`),
  CONTAINMENT: (p) => `${p.percent}% of the narrower statement is contained in the wider one`,
  SAME_ACTION: (p) => `same action «${p.action}»`,
  SAME_DOMAIN: () => 'same domain (в области / в сфере ...)',
  SHARED_CLAUSE: (p) => `the clause «${p.clause}» of one statement is ${p.percent}% contained in the other`,
  SCOPE_CONTAINS: (p) =>
    `one statement does «${p.action}» over the whole area (${quoted(p.terms)}), the other the same within a part of it`,
};

const worded = (code: string): code is StatementReasonCode => Object.hasOwn(WORDING, code);

/** A reason of two statements, worded from its params. */
export function statementReason<K extends StatementReasonCode>(code: K, params: StatementReasonParams[K]): Reason {
  return { code, text: WORDING[code](params), params };
}

/** A reason as a run stores it: without its text when the text is worded from the params. */
export type StoredReason = Pick<Reason, 'code' | 'params'> & { text?: string };

/**
 * A reason of two statements as a run stores it, its params only (`wordedReason` words it as
 * `statementReason` would): a national run stores three quarters of a million pairs of statements,
 * and wording each reason only to leave the wording out took part of a second.
 */
export function reasonOf<K extends StatementReasonCode>(code: K, params: StatementReasonParams[K]): StoredReason {
  return { code, params };
}

export function storedReason(r: Reason): StoredReason {
  return worded(r.code) ? { code: r.code, params: r.params } : r;
}

/** A stored reason worded again (runs stored before the wording was left out keep their text). */
export function wordedReason(r: StoredReason): Reason {
  if (r.text !== undefined) return r as Reason;
  // Stored params are what `statementReason` was given for the same code.
  const word = worded(r.code) ? (WORDING[r.code] as (p: ReasonParams) => string) : undefined;
  return { code: r.code, text: word ? word(r.params ?? {}) : r.code, params: r.params };
}
