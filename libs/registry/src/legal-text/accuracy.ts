import { cleanItemText, LegalTextDraft } from './parse-legal-text.js';

/** A statement known to be in the text: its key (article.clause.subclause) and its words. */
export interface ExpectedItem {
  key: string;
  title: string;
}

export interface DraftAccuracy {
  expected: number;
  /** Drafts other than repealed items. */
  drafts: number;
  /** Expected items found under the right key. */
  found: number;
  recall: number;
  precision: number;
  /** Found items whose title equals the statement (whitespace and the final «;» aside). */
  exactText: number;
  /** Found items whose title holds the statement with more words around it (a clause that names its body first). */
  containedText: number;
  missing: string[];
  extra: string[];
  wrongText: { key: string; expected: string; got: string }[];
}

/**
 * How well drafts recover known statements: an item counts as found when a draft has its key, and
 * its text as exact when the titles match once whitespace and the final «;» are set aside.
 */
export function measureDrafts(drafts: LegalTextDraft[], expected: ExpectedItem[]): DraftAccuracy {
  const kept = drafts.filter((d) => !d.flags.includes('EXCLUDED'));
  const byKey = new Map(kept.map((d) => [d.key, d]));
  const keys = new Set(expected.map((e) => e.key));
  let found = 0;
  let exactText = 0;
  let containedText = 0;
  const missing: string[] = [];
  const wrongText: DraftAccuracy['wrongText'] = [];
  for (const e of expected) {
    const d = byKey.get(e.key);
    if (!d) {
      missing.push(e.key);
      continue;
    }
    found += 1;
    const want = cleanItemText(e.title);
    if (d.title === want) exactText += 1;
    else if (d.title.includes(want)) containedText += 1;
    else wrongText.push({ key: e.key, expected: want, got: d.title });
  }
  const extra = kept.filter((d) => !keys.has(d.key)).map((d) => d.key);
  return {
    expected: expected.length,
    drafts: kept.length,
    found,
    recall: expected.length ? found / expected.length : 1,
    precision: kept.length ? (kept.length - extra.length) / kept.length : 1,
    exactText,
    containedText,
    missing,
    extra,
    wrongText,
  };
}
