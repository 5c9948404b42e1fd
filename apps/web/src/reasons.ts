import type { TFunction } from 'i18next';

export interface ReasonView {
  code: string;
  text: string;
  /** The JSON object the API sends (a JSONObject scalar, typed unknown). */
  params?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);
const quoted = (words: string[]) => words.map((w) => `«${w}»`).join(', ');

/**
 * A review reason in the reader's language, from the values the API sends with it. The engine's
 * English text stays the answer where a reason carries no values (runs stored before they did) or
 * the page has no wording for it; `localized` tells which the reader got.
 */
export function reasonText(t: TFunction, r: ReasonView): { text: string; localized: boolean } {
  if (!r.params || typeof r.params !== 'object') return { text: r.text, localized: false };
  const p = r.params as Record<string, unknown>;
  const holder = (side: 'a' | 'b') => {
    const level = t(`level.${str(p[`${side}Level`])}`);
    const place = str(p[`${side}Place`]);
    const where = place === 'typical' ? t('function.typical') : place;
    return `${str(p[`${side}Code`])} (${[level, where].filter(Boolean).join(', ')})`;
  };
  const qualifier = (values: string[]) => values.map((v) => t(`qualifierValue.${v}`, { defaultValue: v })).join(', ');
  const values: Record<string, string | number> = {};
  let key = `reasonText.${r.code}`;
  switch (r.code) {
    case 'SHARED_TERMS':
      values.terms = quoted(list(p.terms));
      if (p.percent !== undefined) {
        key = 'reasonText.SHARED_TERMS_share';
        values.percent = str(p.percent);
      }
      break;
    case 'SCOPE_CONTAINS':
      values.action = str(p.action);
      values.terms = quoted(list(p.terms));
      break;
    case 'SCOPE_DISJOINT':
      values.group = t(`qualifierGroup.${str(p.group)}`, { defaultValue: str(p.group) });
      values.a = qualifier(list(p.a));
      values.b = qualifier(list(p.b));
      break;
    case 'DIVISION_OF_LABOUR':
      key = `division.${str(p.classes)}`;
      break;
    case 'HOLDERS':
      key = `reasonText.HOLDERS.${str(p.axis)}`;
      values.a = holder('a');
      values.b = holder('b');
      values.code = str(p.aCode);
      break;
    case 'SHARED_LEGAL_BASIS':
      key = p.provision ? 'reasonText.SHARED_LEGAL_BASIS_provision' : 'reasonText.SHARED_LEGAL_BASIS';
      break;
    case 'REPLICATED':
    case 'STATED_BY_SEVERAL':
      values.count = Number(p.count);
      break;
    case 'LEARNED':
      values.confirmed = str(p.confirmed);
      values.dismissed = str(p.dismissed);
      values.percent = str(p.percent);
      values.line = t(`learnedLine.${str(p.rule)}`, { line: str(p.line) });
      break;
    default:
      for (const [k, v] of Object.entries(p)) values[k] = Array.isArray(v) ? quoted(list(v)) : str(v);
  }
  const text = t(key, { ...values, defaultValue: '' });
  if (!text) return { text: r.text, localized: false };
  return { text: p.overruled ? t('reasonText.overruled', { text }) : text, localized: true };
}
