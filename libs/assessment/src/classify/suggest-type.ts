import { clausesOf } from './clauses.js';
import { KAZAKH_CATCH_ALL, kazakhReadings } from './kazakh.js';
import { Reading, readClause } from './russian.js';
import { readStatement } from './text.js';
import { FUNCTION_TYPES, FunctionType, TYPE_CONFIDENCE_THRESHOLD, TypeSuggestion } from './types.js';

/** Each later clause of another type lowers the head's confidence by this much (at most twice). */
const MIXED_PENALTY = 0.1;
/** A later clause counts as «another type» only when it reads that way at least this surely. */
const MIXED_FLOOR = 0.6;

/** «осуществляет стратегические, регулятивные, реализационные и контрольные функции»: all types at once. */
const TYPE_ADJECTIVES = /(^|\s)(стратегическ|регулятивн|реализационн|контрольн)/g;

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function none(reason: string): TypeSuggestion {
  return { type: null, confidence: 0, confident: false, reason, verb: null, object: null, alternatives: [] };
}

function describe(r: Reading): string {
  const verb = `verb «${r.verb}»`;
  const object = r.object ? ` with object «${r.object}»` : '';
  return `${verb}${object} (${r.what}) → ${r.type}`;
}

/**
 * Suggests one of the four function types for a statement (brief, "four function types: working
 * rules"). The head action decides: its verb, and the object when the verb alone does not
 * («утверждает правила» regulates, «утверждает государственный заказ» implements). Later clauses
 * of another type lower the confidence and appear among the alternatives.
 */
export function suggestType(title: string, lang?: 'ru' | 'kk' | null): TypeSuggestion {
  const read = readStatement(title, lang);
  const folded = read.words.map((w) => w.text).join(' ');
  if (read.catchAll || KAZAKH_CATCH_ALL.test(folded))
    return none(
      'a catch-all clause («иные полномочия», «өзге де өкілеттіктер») names no function of its own → no type',
    );
  if (/(^|\s)функци/.test(folded) && (folded.match(TYPE_ADJECTIVES) ?? []).length >= 2) {
    return none('a general clause that names several types at once → no type');
  }

  const readings = read.lang === 'kk' ? kazakhReadings(read.words) : clausesOf(read.words).map(readClause);
  if (readings.length === 0) return none('no action (verb or action noun) found → no type');

  // The head is the first clause whose verb the lexicon knows; a verb it does not know decides
  // only when there is nothing else.
  const headIndex = Math.max(
    0,
    readings.findIndex((r) => r.conf > 0.45),
  );
  const head = readings[headIndex];
  const others = readings.filter((_, i) => i !== headIndex);
  const otherTypes = new Map<FunctionType, Reading>();
  for (const r of others) {
    if (r.type !== head.type && r.conf >= MIXED_FLOOR && !otherTypes.has(r.type)) otherTypes.set(r.type, r);
  }
  const mixed = [...otherTypes.values()];
  const confidence = round(Math.max(0, head.conf - MIXED_PENALTY * Math.min(2, mixed.length)));

  let reason = describe(head);
  if (mixed.length > 0) {
    reason += `; the statement also has ${mixed.map((r) => `«${r.verb}${r.object ? ` ${r.object}` : ''}» → ${r.type}`).join(', ')}, so the head action decides with lower confidence`;
  }

  const alt = new Map<FunctionType, number>();
  const offer = (type: FunctionType, conf: number) => {
    if (type !== head.type && conf > 0) alt.set(type, Math.max(alt.get(type) ?? 0, round(Math.min(conf, confidence))));
  };
  if (head.alt) offer(head.alt.type, head.alt.conf);
  for (const r of others) offer(r.type, r.conf * 0.6);
  const alternatives = FUNCTION_TYPES.filter((t) => alt.has(t))
    .map((type) => ({ type, confidence: alt.get(type) as number }))
    .sort((a, b) => b.confidence - a.confidence);

  return {
    type: head.type,
    confidence,
    confident: confidence >= TYPE_CONFIDENCE_THRESHOLD,
    reason,
    verb: head.verb,
    object: head.object,
    alternatives,
  };
}
