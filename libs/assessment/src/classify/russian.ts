import { actionNoun, Clause, isAdjective } from './clauses.js';
import {
  ActionEntry,
  FILLER_NOUNS,
  normativeAt,
  OBJECT_STOP_WORDS,
  OBJECT_STOPS,
  policyAt,
  SOFT_NORMATIVE,
} from './lexicon.js';
import { asWritten, Word } from './text.js';
import { FunctionType } from './types.js';

/** How one clause reads: its type, how sure the rule is, and the words that decided. */
export interface Reading {
  type: FunctionType;
  conf: number;
  verb: string;
  object: string | null;
  /** What the object is, in words («a normative act», «state policy»). */
  what: string;
  /** The object, not just the verb, decided (a normative or policy object, an object rule). */
  byObject?: boolean;
  alt?: { type: FunctionType; conf: number };
}

const WINDOW = 16;
const CONNECTOR = /^(и|или|,)$/;
const PREPOSITION = /^(и|в|во|на|по|для|с|со|к|ко|о|об|от|из|за|при|до)$/;
const PARTICIPLE =
  /((ющ|ящ|ущ|ащ|вш)(ий|ая|ее|ие|их|им|ими|ей|его|ему|ую|ого|ому|ой|ых|ые|ый|ое)|(ем|им|енн|анн)(ый|ая|ое|ые|ых|ым|ыми|ой|ого|ому|ую))$/;

function isParticiple(w: Word): boolean {
  return PARTICIPLE.test(w.text) && !/ственн/.test(w.text);
}

/**
 * The object of a clause: the words it acts on, without what follows them as circumstance
 * («в соответствии с ...», «с учетом ...», «..., утвержденных ...»), without parenthesised asides.
 */
function objectWindow(object: Word[]): Word[] {
  const out: Word[] = [];
  let depth = 0;
  for (let i = 0; i < object.length && out.length < WINDOW; i++) {
    const w = object[i];
    if (w.text === '(') {
      depth++;
      continue;
    }
    if (w.text === ')') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (w.text === ';' || w.text === '.') break;
    const pair = `${w.text} ${object[i + 1]?.text ?? ''}`;
    if (OBJECT_STOPS.some((re) => re.test(pair)) || OBJECT_STOP_WORDS.test(w.text)) break;
    const next = object[i + 1];
    if (
      w.text === ',' &&
      next &&
      (isParticiple(next) || OBJECT_STOP_WORDS.test(next.text) || /^(а|но)$/.test(next.text))
    )
      break;
    out.push(w);
  }
  return out;
}

/** Leading «совместно с X», «по согласованию с X», «во взаимодействии с X»: who acts along, not on what. */
function skipPartners(window: Word[], from: number): number {
  const t = (k: number) => window[k]?.text ?? '';
  let i = from;
  if (
    (t(i) === 'совместно' && t(i + 1) === 'с') ||
    (t(i) === 'по' && /^согласовани/.test(t(i + 1)) && t(i + 2) === 'с') ||
    (t(i) === 'во' && /^взаимодействи/.test(t(i + 1)))
  ) {
    while (i < window.length && t(i) !== 'с') i++;
    i++;
    while (i < window.length && isAdjective(window[i])) i++;
    i++;
  }
  return i;
}

/** The first noun of an object (past adjectives, partners and «деятельность по ...»); -1 when none. */
function firstNoun(window: Word[]): number {
  let i = skipPartners(window, 0);
  while (i < window.length) {
    const w = window[i];
    if (w.punct || isAdjective(w) || PREPOSITION.test(w.text)) {
      i++;
      continue;
    }
    if (FILLER_NOUNS.test(w.text) && window[i + 1]?.text === 'по') {
      i += 2;
      continue;
    }
    return i;
  }
  return -1;
}

/** The noun at `i` with the adjectives before it, as written. */
function nounPhrase(window: Word[], i: number, len = 1): string {
  let start = i;
  while (start > 0 && isAdjective(window[start - 1])) start--;
  return asWritten(window.slice(start, i + len));
}

function texts(words: Word[]): string[] {
  return words.map((w) => w.text);
}

/**
 * An object rule of the entry that matches `phrase` (the words of `before`, then of `object`); the
 * object quoted is the object's words up to the end of the match.
 */
function byEntryObjects(entry: ActionEntry, before: Word[], object: Word[], verb: string): Reading | null {
  const words = object.filter((w) => !w.punct).slice(0, 10);
  const phrase = [...before, ...words].map((w) => w.text).join(' ');
  for (const o of entry.objects ?? []) {
    const m = o.object.exec(phrase);
    if (!m) continue;
    const upTo =
      phrase
        .slice(0, m.index + m[0].length)
        .trim()
        .split(' ').length - before.length;
    return {
      type: o.type,
      conf: o.conf,
      verb,
      object: upTo > 0 ? asWritten(words.slice(0, upTo)) : null,
      what: o.what,
      byObject: true,
    };
  }
  return null;
}

function defaultReading(entry: ActionEntry, verb: string, object: string | null): Reading {
  return { type: entry.type, conf: entry.conf, verb, object, what: entry.what, alt: entry.alt };
}

/**
 * Reads one action with its object. `before` holds the words of a noun action written before it
 * («государственную» in «государственную аттестацию»), which some object rules look at.
 */
function readAction(entry: ActionEntry, verb: Word[], object: Word[], before: Word[] = []): Reading {
  const window = objectWindow(object);
  const words = texts(window);
  const verbText = asWritten(verb);
  const head = firstNoun(window);
  const headPhrase = head >= 0 ? nounPhrase(window, head) : window.length ? asWritten(window.slice(0, 3)) : null;
  // Object rules read the object as written, circumstances included («обязательные для исполнения предписания»).
  const special = byEntryObjects(entry, before, object, verbText);
  if (special) return special;

  if (entry.light !== undefined) {
    if (head >= 0 && actionNoun(window[head])) {
      // «мониторинг и контроль», «разработку и утверждение»: coordinated action nouns.
      const nouns = [head];
      let j = head + 1;
      while (j + 1 < window.length && CONNECTOR.test(window[j].text)) {
        let k = j + 1;
        while (k < window.length && isAdjective(window[k])) k++;
        if (k < window.length && actionNoun(window[k])) {
          nouns.push(k);
          j = k + 1;
        } else break;
      }
      const readings = nouns.map((n) => {
        let start = n;
        while (start > 0 && isAdjective(window[start - 1])) start--;
        const inner = readAction(
          actionNoun(window[n]) as ActionEntry,
          [window[n]],
          window.slice(n + 1),
          window.slice(start, n + 1),
        );
        const own = nounPhrase(window, n);
        const object = inner.byObject && inner.object ? `${own} … ${inner.object}` : own;
        return { ...inner, verb: verbText, object };
      });
      const best = readings.reduce((a, b) => (b.conf > a.conf ? b : a));
      // «организует проведение аттестации» is as surely implementing as «организует» alone.
      if (best.type === 'IMPLEMENTING' && entry.type === 'IMPLEMENTING' && !entry.scaleAll)
        return { ...best, conf: Math.max(best.conf, entry.conf) };
      return { ...best, conf: best.conf * entry.light };
    }
    if (head >= 0 && policyAt(words, head)) {
      return {
        type: 'IMPLEMENTING',
        conf: Math.max(0.8 * (entry.light ?? 1), entry.conf),
        verb: verbText,
        object: nounPhrase(window, head),
        what: 'carrying out a policy, not forming it',
      };
    }
    return defaultReading(entry, verbText, headPhrase);
  }

  if (entry.rule || entry.policy) {
    const hits: { conf: number; what: string; type: FunctionType; at: number; len: number }[] = [];
    for (let i = 0; i < words.length; i++) {
      const n = entry.rule ? normativeAt(words, i) : null;
      if (n) hits.push({ ...n, type: 'REGULATORY', at: i, len: /^правов/.test(words[i]) ? 2 : 1 });
      const p = entry.policy ? policyAt(words, i) : null;
      if (p)
        hits.push({ ...p, type: 'STRATEGIC', at: i, len: /^(основн|национальн|стратегическ)/.test(words[i]) ? 2 : 1 });
    }
    if (entry.rule && head >= 0 && SOFT_NORMATIVE.test(words[head])) {
      hits.push({ conf: 0.55, what: 'terms or amounts set for everyone', type: 'REGULATORY', at: head, len: 1 });
    }
    const strong = hits.filter((h) => h.conf >= 0.7).sort((a, b) => a.at - b.at)[0];
    const hit = strong ?? hits.sort((a, b) => b.conf - a.conf)[0];
    if (hit && isAdjective(window[hit.at])) {
      // «типовые учебные планы»: quote the noun the adjective belongs to.
      let j = hit.at + 1;
      while (j < window.length && isAdjective(window[j])) j++;
      if (j < window.length && !window[j].punct && !PREPOSITION.test(window[j].text)) hit.len = j - hit.at + 1;
    }
    if (hit) {
      // The usual confusion of a rule or policy reading is a decision on a particular matter.
      const alt = { type: 'IMPLEMENTING' as const, conf: 1 - hit.conf };
      return {
        type: hit.type,
        conf: hit.conf,
        verb: verbText,
        object: nounPhrase(window, hit.at, hit.len),
        what: hit.what,
        alt,
        byObject: true,
      };
    }
    return defaultReading(entry, verbText, headPhrase);
  }

  if (head >= 0 && policyAt(words, head)) {
    return {
      type: entry.type,
      conf: Math.max(entry.conf, 0.8),
      verb: verbText,
      object: nounPhrase(window, head),
      what: 'carrying out a policy, not forming it',
    };
  }
  return defaultReading(entry, verbText, headPhrase);
}

/** Reads a clause: the strongest reading among its chained actions («разрабатывает и утверждает»). */
export function readClause(clause: Clause): Reading {
  const readings = clause.actions.map(({ word, entry }): Reading => {
    if (!entry) {
      const window = objectWindow(clause.object);
      return {
        type: 'IMPLEMENTING',
        conf: 0.45,
        verb: word.raw,
        object: window.length ? asWritten(window.slice(0, 3)) : null,
        what: 'a verb the lexicon does not know; most such statements are implementing',
      };
    }
    return readAction(entry, [word], clause.object);
  });
  const best = readings.reduce((a, b) => (b.conf > a.conf ? b : a));
  // «разрабатывает и утверждает правила»: the chain acts together; quote it whole when it is short.
  if (clause.actions.length > 1 && clause.actions.length <= 3 && readings.every((r) => r.type === best.type)) {
    return { ...best, verb: asWritten(clause.span) };
  }
  return best;
}
