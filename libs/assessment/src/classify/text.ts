import { fold, normalizeStatement } from '#review';

/** One token of a statement as the classifier reads it. */
export interface Word {
  /** Folded form: lower case, ё → е. */
  text: string;
  /** As written in the statement, so that reasons quote the statement's own words. */
  raw: string;
  /**
   * Word families (the review's Snowball stems cut to a common length, so that «утверждает» and
   * «утверждение» meet), one per part of a hyphenated word; empty for function words and punctuation.
   */
  fams: string[];
  punct: boolean;
}

export interface ReadStatement {
  lang: 'ru' | 'kk';
  /** «осуществляет иные полномочия ...»: not a function of its own. */
  catchAll: boolean;
  words: Word[];
}

const familyCache = new Map<string, string[]>();

/**
 * The families of one word, taken from the review's normaliser so that the classifier and the
 * duplicate finder agree on what counts as the same word.
 */
export function familiesOf(word: string): string[] {
  let fams = familyCache.get(word);
  if (fams === undefined) {
    fams = normalizeStatement(word, 'ru').tokens;
    if (familyCache.size < 200_000) familyCache.set(word, fams);
  }
  return fams;
}

/** The family of a lexicon word; a lexicon word that the normaliser drops is a mistake in the lexicon. */
export function familyOf(word: string): string {
  const [fam] = familiesOf(word);
  if (!fam) throw new Error(`lexicon word without a family: ${word}`);
  return fam;
}

const TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*|[,;:.()]/gu;
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/**
 * Reads a statement: stock phrases and exclusions removed by the review's normaliser, then split
 * into words and punctuation, each word traced back to its spelling in the original title.
 */
export function readStatement(title: string, lang?: 'ru' | 'kk' | null): ReadStatement {
  const n = normalizeStatement(title, lang);
  const raws = (title.normalize('NFC').match(WORD) ?? []).map((raw) => ({ raw, folded: fold(raw) }));
  let cursor = 0;
  const words: Word[] = [];
  for (const token of n.folded.match(TOKEN) ?? []) {
    if (/^[,;:.()]$/.test(token)) {
      words.push({ text: token, raw: token, fams: [], punct: true });
      continue;
    }
    let raw = token;
    for (let i = cursor; i < raws.length && i < cursor + 80; i++) {
      if (raws[i].folded === token) {
        raw = raws[i].raw;
        cursor = i + 1;
        break;
      }
    }
    words.push({ text: token, raw, fams: n.lang === 'ru' ? familiesOf(token) : [], punct: false });
  }
  return { lang: n.lang, catchAll: n.catchAll, words };
}

/** The words as written, joined. */
export function asWritten(words: Word[]): string {
  return words
    .map((w) => w.raw)
    .join(' ')
    .replace(/\s+([,;:.)])/g, '$1')
    .replace(/\(\s+/g, '(');
}
