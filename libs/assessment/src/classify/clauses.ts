import { ACTIONS, ActionEntry, NOT_VERBS } from './lexicon.js';
import { Word } from './text.js';

/** A clause of a Russian statement: a chain of actions («разрабатывает и утверждает») and their object. */
export interface Clause {
  /** The action words, each with its lexicon entry (null: a verb the lexicon does not know). */
  actions: { word: Word; entry: ActionEntry | null }[];
  /** The actions as written, with the words that join them («разрабатывает и утверждает»). */
  span: Word[];
  /** The words after the actions, up to the next clause. */
  object: Word[];
  /** true when the actions are nouns («осуществление контроля») in a statement without verbs. */
  nominal: boolean;
}

/** Third-person present and future forms, and infinitives («вправе осуществлять»). */
const FINITE = /(ет|ит|ут|ют|ят|ется|ится|утся|ются|ятся|ать|ять|ить|еть|ыть|уть|ться)$/;
/** Endings that mark a verb the lexicon does not know, when it opens a clause. */
const UNKNOWN_FINITE = /(ает|яет|ует|еет|ивает|ывает|ит|ют|ят)$/;

const ADJECTIVE =
  /((ск|цк)ий|(ый|ой|ая|яя|ое|ее|ые|ых|их|ую|юю|ого|его|ому|ему|ыми|ими|ым|им|кие|гие|хие|шие|щие|жие|чие|нние|дние)|(ий|ая|ее|ие|их|им|ими|ей|ую|его|ему|ой|ых|ые|ый|ое)ся)$/;
/** Plural forms of «организация» name organisations, not the act of organising. */
const NOT_ACTIONS = /^организаци(й|ям|ями|ях)$/;

export function isAdjective(w: Word): boolean {
  return !w.punct && ADJECTIVE.test(w.text);
}

export function entryOf(w: Word): ActionEntry | null {
  if (w.punct || w.fams.length !== 1) return null;
  return ACTIONS.get(w.fams[0]) ?? null;
}

function isFiniteForm(w: Word): boolean {
  return !w.punct && FINITE.test(w.text) && !NOT_VERBS.has(w.text) && !w.text.includes('-');
}

/** A known action noun: in the lexicon and neither a verb form nor an adjective. */
export function actionNoun(w: Word): ActionEntry | null {
  if (w.punct || isFiniteForm(w) || isAdjective(w) || NOT_ACTIONS.test(w.text)) return null;
  return entryOf(w);
}

function opensClause(words: Word[], i: number): boolean {
  const prev = words[i - 1];
  return !prev || prev.punct || prev.text === 'и' || prev.text === 'а' || prev.text === 'также';
}

function verbAt(words: Word[], i: number): { entry: ActionEntry | null } | null {
  const w = words[i];
  if (!isFiniteForm(w)) return null;
  // «..., которое осуществляет ...» describes something named before; it is not a clause of the function.
  if (words.slice(Math.max(0, i - 3), i).some((p) => /^котор/.test(p.text))) return null;
  const entry = entryOf(w);
  if (entry) return { entry };
  if (opensClause(words, i) && UNKNOWN_FINITE.test(w.text) && w.text.length >= 5) return { entry: null };
  return null;
}

/**
 * Splits a statement into its clauses by their verbs. Verbs joined by «и» or a comma share one
 * object («создает, реорганизует и ликвидирует организации»); a verb after an object opens a new
 * clause («организует заказ бланков и осуществляет контроль за их использованием»). A statement
 * without verbs («осуществление государственного контроля») is read from its first action noun.
 */
export function clausesOf(words: Word[]): Clause[] {
  const clauses: Clause[] = [];
  let current: Clause | null = null;
  let depth = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.text === '(') depth++;
    if (w.text === ')') depth = Math.max(0, depth - 1);
    const verb = depth === 0 ? verbAt(words, i) : null;
    if (verb) {
      const chained =
        current !== null && current.object.every((o) => o.text === 'и' || o.text === 'или' || o.text === ',');
      if (chained && current) {
        current.actions.push({ word: w, entry: verb.entry });
        current.span.push(...current.object, w);
        current.object = [];
      } else {
        current = { actions: [{ word: w, entry: verb.entry }], span: [w], object: [], nominal: false };
        clauses.push(current);
      }
      continue;
    }
    if (current) current.object.push(w);
  }
  if (clauses.length > 0) return clauses;

  const first = words.findIndex((w) => actionNoun(w) !== null);
  if (first < 0) return [];
  const nominal: Clause = {
    actions: [{ word: words[first], entry: actionNoun(words[first]) }],
    span: [],
    object: [],
    nominal: true,
  };
  let j = first + 1;
  // «разработка и утверждение правил»: coordinated action nouns share the object.
  while (j + 1 < words.length && (words[j].text === 'и' || words[j].text === ',') && actionNoun(words[j + 1])) {
    nominal.actions.push({ word: words[j + 1], entry: actionNoun(words[j + 1]) });
    j += 2;
  }
  nominal.span = words.slice(first, j);
  nominal.object = words.slice(j);
  return [nominal];
}
