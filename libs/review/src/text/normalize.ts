import snowball from 'snowball-stemmers';
import { actionProfile, ActionProfile } from './action.js';
import { RU_BOILERPLATE, RU_STOCK_WORDS, RU_CATCH_ALL, RU_EXCLUSION, RU_STOPWORDS, RU_SYNONYMS } from './lexicon.js';

const ruStemmer = snowball.newStemmer('russian');

/**
 * A stock phrase goes with the comma that follows it (and one before it, when both set it off),
 * which would otherwise end a clause in its middle.
 */
const BOILERPLATE_WITH_COMMAS = RU_BOILERPLATE.map((re) => new RegExp(`(?:,\\s*)?(?:${re.source})(?:\\s*,)?`, 'g'));
const stemCache = new Map<string, string>();

/** Letters of Kazakh that Russian lacks. */
const KAZAKH_LETTERS = /[әғқңөұүһі]/i;

/**
 * Stems are cut to a common length so that a verb and its noun meet («осуществляет контроль» /
 * «осуществление контроля», «разрабатывает» / «разработка»): Russian derivation mostly changes
 * word endings.
 */
const RU_FAMILY_LENGTH = 6;
/**
 * Kazakh is agglutinative and has no stemmer here: its words are compared by character 4-grams of
 * their start (the root and the first suffix), so that inflected forms of one word still meet.
 */
const KK_GRAM = 4;
const KK_SPAN = 7;

/**
 * Abbreviations of legal text, written out before matching, each with a part of it that a text must
 * contain to hold it: most texts hold none, and each expression would scan the whole text.
 */
const ABBREVIATIONS: [string, RegExp, string][] = [
  ['рк', /(^|\s)рк(?=\s|$)/g, '$1республики казахстан'],
  ['мио', /(^|\s)мио(?=\s|$)/g, '$1местные исполнительные органы'],
  ['нпа', /(^|\s)нпа(?=\s|$)/g, '$1нормативные правовые акты'],
  ['цго', /(^|\s)цго(?=\s|$)/g, '$1центральные государственные органы'],
  ['госорган', /(^|\s)госорган(ы|ов|ам|ами)?(?=\s|$)/g, '$1государственные органы'],
  ['госуслуг', /(^|\s)госуслуг(и|а|у|ам|ами)?(?=\s|$)/g, '$1государственные услуги'],
  ['госзаказ', /(^|\s)госзаказ(а|ом|у)?(?=\s|$)/g, '$1государственный заказ'],
  ['госконтрол', /(^|\s)госконтрол(ь|я|ем)(?=\s|$)/g, '$1государственный контроль'],
];

export interface NormalizedText {
  lang: 'ru' | 'kk';
  /** Content tokens (word families), in order of first appearance, without repeats. */
  tokens: string[];
  /** Tokens named after «за исключением»: outside the function's scope. */
  excluded: string[];
  /** A catch-all clause («иные полномочия»): not a function of its own. */
  catchAll: boolean;
  /** The text the tokens were read from, after folding and boilerplate removal. */
  folded: string;
  action: ActionProfile;
}

export function detectLang(text: string, declared?: string | null): 'ru' | 'kk' {
  if (declared === 'kk' || declared === 'ru') return declared;
  return KAZAKH_LETTERS.test(text) ? 'kk' : 'ru';
}

export function fold(text: string): string {
  let t = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"“”„'`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [part, re, full] of ABBREVIATIONS) if (t.includes(part)) t = t.replace(re, full);
  return t;
}

function ruFamily(word: string): string {
  let key = stemCache.get(word);
  if (key === undefined) {
    key = RU_SYNONYMS.find(([re]) => re.test(word))?.[1] ?? ruStemmer.stem(word).slice(0, RU_FAMILY_LENGTH);
    if (stemCache.size < 500_000) stemCache.set(word, key);
  }
  return key;
}

function kazakhGrams(word: string): string[] {
  const start = `_${word.slice(0, KK_SPAN)}`;
  if (start.length <= KK_GRAM) return [start];
  const grams: string[] = [];
  for (let i = 0; i + KK_GRAM <= start.length; i++) grams.push(start.slice(i, i + KK_GRAM));
  return grams;
}

function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

function tokensOf(text: string, lang: 'ru' | 'kk'): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const w of words(text)) {
    if (w.length < 3 && !/^\d+$/.test(w)) continue;
    if (lang === 'ru' && RU_STOPWORDS.has(w)) continue;
    const keys = lang === 'ru' && !KAZAKH_LETTERS.test(w) ? [ruFamily(w)] : kazakhGrams(w);
    for (const key of keys) {
      if (!seen.has(key)) {
        seen.add(key);
        out.push(key);
      }
    }
  }
  return out;
}

/**
 * Reads a function statement into the tokens the review compares: folded case, stock phrases of
 * legal text removed, function words dropped, words cut to their family (Snowball stems for
 * Russian, the same algorithm as PostgreSQL's `russian` configuration; word starts for Kazakh).
 */
export function normalizeStatement(title: string, declaredLang?: string | null): NormalizedText {
  const lang = detectLang(title, declaredLang);
  let text = fold(title);
  const catchAll = RU_CATCH_ALL.test(text);
  const excludedParts: string[] = [];
  text = text.replace(RU_EXCLUSION, (_m, part: string) => {
    excludedParts.push(part);
    return ' ';
  });
  if (lang === 'ru') {
    for (const re of BOILERPLATE_WITH_COMMAS) text = text.replace(re, ' ');
    for (const re of RU_STOCK_WORDS) text = text.replace(re, ' ');
  }
  text = text.replace(/\s+/g, ' ').trim();
  const tokens = tokensOf(text, lang);
  const excluded = tokensOf(excludedParts.join(' '), lang).filter((t) => !tokens.includes(t));
  return { lang, tokens, excluded, catchAll, folded: text, action: actionProfile(text) };
}

/**
 * The words of `title` as written (folded), each with its family (`''` for a word that has none):
 * what a reason quotes, with `wordsAmong`, so that an auditor recognises the statement's own words.
 */
export function familyWords(title: string, lang?: string | null): FamilyWords {
  const l = detectLang(title, lang);
  const words = fold(title).match(/[\p{L}\p{N}]+/gu) ?? [];
  return { words, families: words.map((w) => tokensOf(w, l)[0] ?? '') };
}

export interface FamilyWords {
  words: string[];
  families: string[];
}

/** The first word of each of `families` in a statement read by `familyWords`. */
export function wordsAmong(read: FamilyWords, families: Set<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  read.families.forEach((key, k) => {
    if (key && families.has(key) && !seen.has(key)) {
      seen.add(key);
      out.push(read.words[k]);
    }
  });
  return out;
}
