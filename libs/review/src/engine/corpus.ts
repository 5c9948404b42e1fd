import { actionProfile, ActionProfile, clausesOf, headOf } from '../text/action.js';
import { FamilyWords, normalizeStatement } from '../text/normalize.js';
import { StatementScope, statementScope } from '../text/scope.js';
import { ReviewFunction } from './types.js';

/**
 * The unique statements of a registry. Functions whose statements read the same once normalised
 * (a typical function replicated word for word over territories) share one text, so similarity is
 * computed once per text, not once per function.
 */
export interface TextNode {
  id: number;
  /** Token ids, ascending. */
  tokens: Int32Array;
  /** The same ids, rarest first: the order of prefix filtering. */
  byRarity: Int32Array;
  /** The same ids in the order the statement says them (its lead-in first). */
  byPosition: Int32Array;
  excluded: Int32Array;
  weight: number;
  catchAll: boolean;
  /** Indices of the functions that state this text. */
  functions: number[];
  /** The first words of the statement, for explanations. */
  lead: string;
  /** The words after «в области / в сфере / по вопросам», as token ids. */
  domain: Int32Array;
  action: ActionProfile;
  /** The clauses of a statement of several clauses, and its head, each as sorted token ids with its weight. */
  clauses: Clause[];
  scope: StatementScope;
  /** The object's head and words (sorted token ids): what the statement acts on. */
  object: Int32Array;
  /** The words of the area it names («в области ...»), as sorted token ids. */
  sphere: Int32Array;
}

export interface Clause {
  text: string;
  tokens: Int32Array;
  byRarity: Int32Array;
  weight: number;
  action: ActionProfile;
  scope: StatementScope;
  object: Int32Array;
}

export interface Corpus {
  /** Each statement's words with their families, read when a reason first quotes it. */
  familyWords?: FamilyWords[];
  functions: ReviewFunction[];
  nodes: TextNode[];
  nodeOf: Int32Array;
  vocabulary: string[];
  /** A readable word for each token (the first seen), for reasons. */
  surface: string[];
  df: Int32Array;
  idf: Float64Array;
}

const DOMAIN =
  /(?:в (?:области|сфере)|по вопросам|за соблюдением(?: законодательства)?(?: о| об| в области)?) ([\p{L}\p{N} ,-]+)/u;

/** A clause of fewer words («определяет организацию») is too short to stand for a function of its own. */
export const MIN_CLAUSE_WORDS = 4;

export function buildCorpus(functions: ReviewFunction[]): Corpus {
  const vocabulary: string[] = [];
  const surface: string[] = [];
  const ids = new Map<string, number>();
  const tokenId = (t: string, word?: string) => {
    let id = ids.get(t);
    if (id === undefined) {
      id = vocabulary.length;
      ids.set(t, id);
      vocabulary.push(t);
      surface.push(word ?? t);
    }
    return id;
  };
  // Parts of statements (clauses, objects, areas) recur across statements: each is read once.
  const wordsOf = partWords();
  const nodeByKey = new Map<string, TextNode>();
  const nodes: TextNode[] = [];
  const nodeOf = new Int32Array(functions.length);
  // Replicated statements repeat word for word: each distinct wording is normalised once. Keyed by
  // language, then by the title itself: a registry read from the database shares one string per
  // title, whose hash is kept, where a joined key was a new string to hash for each function.
  const nodeByTitle = new Map<string, Map<string, TextNode>>();
  functions.forEach((fn, i) => {
    let byTitle = nodeByTitle.get(fn.lang ?? '');
    if (!byTitle) nodeByTitle.set(fn.lang ?? '', (byTitle = new Map<string, TextNode>()));
    const same = byTitle.get(fn.title);
    if (same) {
      same.functions.push(i);
      nodeOf[i] = same.id;
      return;
    }
    const norm = normalizeStatement(fn.title, fn.lang);
    // Statements with the same words share a node; its clauses and head are read from the first
    // of them in external-id order (the engine sorts), so a review does not depend on load order.
    const key = `${norm.lang}|${norm.tokens.join(' ')}|${norm.excluded.join(' ')}`;
    let node = nodeByKey.get(key);
    if (!node) {
      const foldedWords = norm.folded.match(/[\p{L}\p{N}]+/gu) ?? [];
      const tokens = norm.tokens.map((t) => tokenId(t, foldedWords.find((w) => w.startsWith(t.slice(0, 4))) ?? t));
      const domainMatch = DOMAIN.exec(norm.folded);
      const domainTokens = domainMatch
        ? wordsOf(domainMatch[1].split(/[,;]/)[0], norm.lang).map((t) => tokenId(t))
        : [];
      node = {
        id: nodes.length,
        tokens: Int32Array.from(tokens).sort(),
        byRarity: Int32Array.from(tokens),
        byPosition: Int32Array.from(tokens),
        excluded: Int32Array.from(norm.excluded.map((t) => tokenId(t))).sort(),
        weight: 0,
        catchAll: norm.catchAll,
        functions: [],
        lead: foldedWords.slice(0, 2).join(' '),
        domain: Int32Array.from(new Set(domainTokens)).sort(),
        action: norm.action,
        clauses: [],
        ...scopeOf(norm.folded, norm.lang, (t) => tokenId(t), wordsOf),
      };
      const clauses = clausesOf(norm.folded);
      const head = headOf(norm.folded);
      const parts = clauses.length > 1 ? clauses : [];
      if (head && !parts.includes(head) && head.split(' ').length < norm.folded.split(' ').length) parts.push(head);
      {
        for (const text of parts) {
          const ids = [...new Set(wordsOf(text, norm.lang).map((t) => tokenId(t)))];
          if (ids.length >= MIN_CLAUSE_WORDS) {
            const { scope, object } = scopeOf(text, norm.lang, (t) => tokenId(t), wordsOf);
            node.clauses.push({
              scope,
              object,
              text,
              tokens: Int32Array.from(ids).sort(),
              byRarity: Int32Array.from(ids),
              weight: 0,
              action: actionProfile(text),
            });
          }
        }
      }
      nodeByKey.set(key, node);
      nodes.push(node);
    }
    node.functions.push(i);
    nodeOf[i] = node.id;
    byTitle.set(fn.title, node);
  });
  const df = new Int32Array(vocabulary.length);
  for (const n of nodes) for (const t of n.tokens) df[t] += 1;
  const idf = new Float64Array(vocabulary.length);
  for (let t = 0; t < idf.length; t++) idf[t] = Math.log(1 + nodes.length / Math.max(df[t], 1));
  for (const n of nodes) {
    let w = 0;
    for (const t of n.tokens) w += idf[t];
    n.weight = w;
    n.byRarity.sort((x, y) => df[x] - df[y] || x - y);
    for (const q of n.clauses) {
      for (const t of q.tokens) q.weight += idf[t];
      q.byRarity.sort((x, y) => df[x] - df[y] || x - y);
    }
  }
  return { functions, nodes, nodeOf, vocabulary, surface, df, idf };
}

/** The scope of a statement or clause, with its object and area as sorted token ids. */
export function scopeOf(
  folded: string,
  lang: 'ru' | 'kk',
  tokenId: (t: string) => number,
  wordsOf: (text: string, lang: 'ru' | 'kk') => readonly string[] = (text, l) => normalizeStatement(text, l).tokens,
): { scope: StatementScope; object: Int32Array; sphere: Int32Array } {
  const scope = statementScope(folded, lang);
  const idsOf = (ws: string[]) => Int32Array.from(new Set(wordsOf(ws.join(' '), lang).map(tokenId))).sort();
  return {
    scope,
    object: idsOf(scope.objectHead ? [scope.objectHead, ...scope.objectWords] : scope.objectWords),
    sphere: idsOf(scope.sphereWords),
  };
}

/** The normalised words of a part of a statement, each distinct part read once. */
function partWords(): (text: string, lang: 'ru' | 'kk') => readonly string[] {
  const known = { ru: new Map<string, readonly string[]>(), kk: new Map<string, readonly string[]>() };
  return (text, lang) => {
    let words = known[lang].get(text);
    if (!words) known[lang].set(text, (words = normalizeStatement(text, lang).tokens));
    return words;
  };
}

/** The summed weight of a list of tokens. */
export function weightOf(tokens: Int32Array, idf: Float64Array): number {
  let w = 0;
  for (const t of tokens) w += idf[t];
  return w;
}

/** The mean weight of a word occurrence over the statements: the unit of specificity. */
export function meanIdfOf(c: Corpus): number {
  let sum = 0;
  let count = 0;
  for (const node of c.nodes)
    for (const t of node.tokens) {
      sum += c.idf[t];
      count++;
    }
  return sum / Math.max(count, 1);
}

/** The summed weight of the tokens two sorted id lists share, and the shared ids. */
export function sharedWeight(a: Int32Array, b: Int32Array, idf: Float64Array, out?: number[]): number {
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      w += idf[a[i]];
      out?.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return w;
}
