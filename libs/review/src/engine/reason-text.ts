import { Reason, ReasonParams } from './types.js';

const one = (value: ReasonParams[string] | undefined) => String(value ?? '');
const quoted = (words: ReasonParams[string] | undefined) =>
  (Array.isArray(words) ? words : []).map((w) => `«${w}»`).join(', ');

/**
 * How the reasons two statements give are worded, from their params alone. A stored run keeps the
 * params and words them when read: a national run stores three quarters of a million pairs of
 * statements, and their wording was half of what each row held.
 */
const WORDING = {
  SHARED_TERMS: (p) =>
    `share the key terms ${quoted(p.terms)}` +
    (p.percent === undefined ? '' : ` (${one(p.percent)}% of their weighted vocabulary)`),
  CONTAINMENT: (p) => `${one(p.percent)}% of the narrower statement is contained in the wider one`,
  SAME_ACTION: (p) => `same action «${one(p.action)}»`,
  SAME_DOMAIN: () => 'same domain (в области / в сфере ...)',
  SHARED_CLAUSE: (p) => `the clause «${one(p.clause)}» of one statement is ${one(p.percent)}% contained in the other`,
  SCOPE_CONTAINS: (p) =>
    `one statement does «${one(p.action)}» over the whole area (${quoted(p.terms)}), the other the same within a part of it`,
} satisfies Record<string, (p: ReasonParams) => string>;

export type StatementReasonCode = keyof typeof WORDING;

const worded = (code: string): code is StatementReasonCode => Object.hasOwn(WORDING, code);

/** A reason of two statements, worded from its params. */
export function statementReason(code: StatementReasonCode, params: ReasonParams): Reason {
  return { code, text: WORDING[code](params), params };
}

/** A reason as a run stores it: without its text when the text is worded from the params. */
export type StoredReason = Pick<Reason, 'code' | 'params'> & { text?: string };

export function storedReason(r: Reason): StoredReason {
  return worded(r.code) ? { code: r.code, params: r.params } : r;
}

/** A stored reason worded again (runs stored before the wording was left out keep their text). */
export function wordedReason(r: StoredReason): Reason {
  if (r.text !== undefined) return r as Reason;
  return { code: r.code, text: worded(r.code) ? WORDING[r.code](r.params ?? {}) : r.code, params: r.params };
}
