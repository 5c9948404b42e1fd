import { asWritten, Word } from './text.js';
import { FunctionType } from './types.js';
import { Reading } from './russian.js';

/**
 * Kazakh statements, kept modest: Kazakh has no stemmer here, so verbs and nouns are told by the
 * start of the word, and only the common verbs of competence articles are known. Kazakh puts the
 * verb last («... қағидаларын әзірлейді және бекітеді»), so a clause ends at its verb and its
 * object is the noun just before it. Every reading is held less sure than its Russian counterpart.
 */

/** Third-person present: -ады/-еді after a consonant, -йды/-йді after a vowel. */
const FINITE = /(а|е|й)(ды|ді)$/;
const KAZAKH_CONFIDENCE = 0.85;

interface KkVerb {
  start: RegExp;
  name: string;
  /** What the default reading is, for reasons. */
  what: string;
  type: FunctionType;
  conf: number;
  rule?: boolean;
  policy?: boolean;
  light?: boolean;
  /** The word before that makes a compound verb («жүзеге асырады», «қамтамасыз етеді»). */
  after?: RegExp;
}

const VERBS: KkVerb[] = [
  {
    start: /^бекіт/,
    name: 'approves',
    what: 'a decision on a particular matter',
    type: 'IMPLEMENTING',
    conf: 0.6,
    rule: true,
    policy: true,
  },
  {
    start: /^әзірле/,
    name: 'develops',
    what: 'a document that is not a rule',
    type: 'IMPLEMENTING',
    conf: 0.55,
    rule: true,
    policy: true,
  },
  {
    start: /^белгіле/,
    name: 'sets',
    what: 'a decision on a particular matter',
    type: 'IMPLEMENTING',
    conf: 0.55,
    rule: true,
    policy: true,
  },
  {
    start: /^айқында/,
    name: 'determines',
    what: 'a decision on a particular matter',
    type: 'IMPLEMENTING',
    conf: 0.55,
    rule: true,
    policy: true,
  },
  {
    start: /^қабылда/,
    name: 'adopts',
    what: 'measures or decisions',
    type: 'IMPLEMENTING',
    conf: 0.7,
    rule: true,
    policy: true,
  },
  {
    start: /^қалыптастыр/,
    name: 'forms',
    what: 'a list, order or register',
    type: 'IMPLEMENTING',
    conf: 0.65,
    policy: true,
  },
  {
    start: /^асыр/,
    after: /^жүзеге$/,
    name: 'carries out',
    what: 'an activity',
    type: 'IMPLEMENTING',
    conf: 0.65,
    light: true,
  },
  { start: /^асыр/, after: /^іске$/, name: 'implements', what: 'implementation', type: 'IMPLEMENTING', conf: 0.8 },
  { start: /^жүргіз/, name: 'conducts', what: 'an activity', type: 'IMPLEMENTING', conf: 0.65, light: true },
  { start: /^ет/, after: /^қамтамасыз$/, name: 'ensures', what: 'ensuring', type: 'IMPLEMENTING', conf: 0.8 },
  { start: /^ұйымдастыр/, name: 'organises', what: 'organising', type: 'IMPLEMENTING', conf: 0.85 },
  { start: /^бер/, name: 'issues', what: 'documents, permits or licences', type: 'IMPLEMENTING', conf: 0.8 },
  { start: /^көрсет/, name: 'provides', what: 'a service or support', type: 'IMPLEMENTING', conf: 0.85 },
  { start: /^қаржыландыр/, name: 'finances', what: 'funding', type: 'IMPLEMENTING', conf: 0.85 },
  { start: /^үйлестір/, name: 'coordinates', what: 'coordination', type: 'IMPLEMENTING', conf: 0.8 },
  { start: /^құр/, name: 'creates', what: 'organisations or bodies', type: 'IMPLEMENTING', conf: 0.8 },
  { start: /^тағайында/, name: 'appoints', what: 'appointments', type: 'IMPLEMENTING', conf: 0.8 },
  { start: /^бақыла/, name: 'controls', what: 'control or supervision', type: 'CONTROL', conf: 0.85 },
  { start: /^қадағала/, name: 'supervises', what: 'control or supervision', type: 'CONTROL', conf: 0.85 },
  { start: /^тексер/, name: 'inspects', what: 'inspections', type: 'CONTROL', conf: 0.8 },
];

/** Objects, by the start of the word. */
const NORMATIVE =
  /^(қағида|тәртіб|тәртіп|стандарт|норматив|норма|әдістеме|талап|тізбе|нысан|үлгілік|сыныптауыш|ереже|регламент|өлшемшарт|номенклатура)/;
const POLICY = /^(саясат|стратегия|тұжырымдама|басымдық)/;
const CONTROL_NOUN = /^(бақылау|қадағалау|тексеру|тексеріс)/;
/** «ұйғарым»: an order to remedy violations. */
const ORDER_NOUN = /^ұйғарым/;

function verbAt(words: Word[], i: number): KkVerb | null {
  const w = words[i];
  if (w.punct || !FINITE.test(w.text)) return null;
  const prev = words[i - 1]?.text ?? '';
  return VERBS.find((v) => v.start.test(w.text) && (!v.after || v.after.test(prev))) ?? null;
}

interface KkClause {
  verbs: { verb: KkVerb; words: Word[] }[];
  object: Word[];
}

/** Clauses end at their verbs; verbs joined by «және» or a comma share the object before them. */
function kazakhClauses(words: Word[]): KkClause[] {
  const clauses: KkClause[] = [];
  let pending: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const verb = verbAt(words, i);
    if (!verb) {
      pending.push(words[i]);
      continue;
    }
    const verbWords = verb.after ? [words[i - 1], words[i]] : [words[i]];
    if (verb.after) pending.pop();
    const last = clauses[clauses.length - 1];
    if (last && pending.every((w) => w.text === 'және' || w.text === ',' || w.text === 'немесе')) {
      last.verbs.push({ verb, words: verbWords });
    } else {
      clauses.push({ verbs: [{ verb, words: verbWords }], object: pending.filter((w) => w.text !== ';') });
    }
    pending = [];
  }
  return clauses;
}

function readKazakh(verb: KkVerb, verbWords: Word[], object: Word[]): Reading {
  const verbText = asWritten(verbWords);
  // The noun nearest the verb is the head of its object.
  const nouns = object
    .filter((w) => !w.punct)
    .slice(-4)
    .reverse();
  for (const w of nouns) {
    if (verb.rule && NORMATIVE.test(w.text))
      return { type: 'REGULATORY', conf: 0.9, verb: verbText, object: w.raw, what: 'a normative act' };
    if (verb.policy && POLICY.test(w.text))
      return { type: 'STRATEGIC', conf: 0.9, verb: verbText, object: w.raw, what: 'state policy or strategy' };
    if (verb.light && CONTROL_NOUN.test(w.text))
      return { type: 'CONTROL', conf: 0.9, verb: verbText, object: w.raw, what: 'control or supervision' };
    if (/^бер/.test(verbWords[verbWords.length - 1].text) && ORDER_NOUN.test(w.text)) {
      return { type: 'CONTROL', conf: 0.85, verb: verbText, object: w.raw, what: 'orders to remedy violations' };
    }
  }
  const head = nouns[0];
  return { type: verb.type, conf: verb.conf, verb: verbText, object: head ? head.raw : null, what: verb.what };
}

/** The readings of a Kazakh statement's clauses, in order. */
export function kazakhReadings(words: Word[]): Reading[] {
  return kazakhClauses(words).map((c) => {
    const readings = c.verbs.map((v) => readKazakh(v.verb, v.words, c.object));
    const best = readings.reduce((a, b) => (b.conf > a.conf ? b : a));
    // «әзірлейді және бекітеді»: quote the chain whole when its verbs agree.
    const verb = readings.every((r) => r.type === best.type)
      ? c.verbs.map((v) => asWritten(v.words)).join(' және ')
      : best.verb;
    return { ...best, verb, conf: best.conf * KAZAKH_CONFIDENCE };
  });
}

/** «... өзге де өкілеттіктерді жүзеге асырады»: a catch-all clause. */
export const KAZAKH_CATCH_ALL = /(^|\s)(өзге де|басқа да) (өкілеттік|функция)/;
