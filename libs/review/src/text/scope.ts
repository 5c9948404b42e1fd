import { lemmaOf } from './morphology.js';
import { RULE_OBJECTS } from './lexicon.js';

/**
 * What a statement does, to what, where: the parts that decide whether two statements can be the
 * same duty. Words alone cannot: two items of one competence list share their lead-in, and a
 * ministry's «утверждает правила» and an akimat's «организует» share their object.
 */
export interface StatementScope {
  /** Dictionary forms of the action: the leading verbs, or the action noun a light verb carries. */
  action: string[];
  actionClass: ActionClass;
  /** Dictionary form of the head noun of the object, if any. */
  objectHead: string | null;
  /** What the statement makes about its object (rules, a list, a plan), if anything: «*правила* выдачи». */
  container: string | null;
  /** Words of the object after its head (what narrows it), as written. */
  objectWords: string[];
  /** Words of the area the statement names («в области ...», «в сфере ...», «по вопросам ...»), as written. */
  sphereWords: string[];
  /** Scope qualifiers, by group (level of government, level of education, land category, ...). */
  qualifiers: Record<string, string[]>;
  /** The statement names a whole area and nothing narrower: it covers every narrower duty in it. */
  generic: boolean;
}

/**
 * How a statement acts. Two bodies acting on one object in different ways (one approves a plan,
 * another carries it out; one sets rules, another applies them; one controls what another does)
 * divide a duty between them: the normal division of labour, not a duplicate.
 */
export type ActionClass = 'RULES' | 'DECIDE' | 'PROPOSE' | 'CONTROL' | 'COORDINATE' | 'EXECUTE' | 'NONE';

/** Verbs that carry no action of their own: the noun after them says what is done. */
const LIGHT_VERBS = new Set([
  'осуществлять',
  'осуществить',
  'обеспечивать',
  'обеспечить',
  'организовывать',
  'организовать',
  'проводить',
  'провести',
  'производить',
  'выполнять',
  'участвовать',
  'содействовать',
  'принимать',
]);
/** Action nouns that in turn carry the next one («обеспечивает *реализацию* политики»). */
const LIGHT_NOUNS = new Set([
  'осуществление',
  'обеспечение',
  'организация',
  'проведение',
  'реализация',
  'выполнение',
  'участие',
  'мера',
  'мероприятие',
  'комплекс',
  // «принятие решения»: the decision is the action.
  'принятие',
]);
/**
 * The action named by a noun is the verb's: «принятие решения» and «принимает решение»,
 * «контроль» and «контролирует» are one action, so that the kind of action and «same action» do not
 * depend on whether a statement is worded with a verb or a noun.
 */
const ACTION_OF_NOUN: Record<string, string> = {
  рассмотрение: 'рассматривать',
  утверждение: 'утверждать',
  согласование: 'согласовывать',
  одобрение: 'одобрять',
  разработка: 'разрабатывать',
  внесение: 'вносить',
  подготовка: 'готовить',
  выдача: 'выдавать',
  контролировать: 'контроль',
  проверять: 'проверка',
  координация: 'координировать',
  создание: 'создавать',
  ведение: 'вести',
  формирование: 'формировать',
  оказание: 'оказывать',
  установление: 'устанавливать',
  определение: 'определять',
  назначение: 'назначать',
  предоставление: 'предоставлять',
  финансирование: 'финансировать',
  издание: 'издавать',
};
const actionOf = (lemma: string) => ACTION_OF_NOUN[lemma] ?? lemma;
/** Nouns that open an area or a circumstance, never an action («в области ...»). */
const NOT_ACTIONS = new Set(['область', 'сфера', 'вопрос', 'отрасль', 'пределы', 'порядок', 'соответствие', 'случай']);

/** Nouns that name a document about their object: the object is the noun after them. */
const CONTAINERS = new Set([
  'правило',
  'порядок',
  'перечень',
  'список',
  'методика',
  'методология',
  'стандарт',
  'норматив',
  'норма',
  'требование',
  'форма',
  'план',
  'программа',
  'положение',
  'инструкция',
  'критерий',
  'реестр',
]);
/** Objects that name no particular thing: with them the statement is as wide as its area. */
const GENERIC_OBJECTS = new Set([
  'деятельность',
  'мероприятие',
  'мера',
  'политика',
  'вопрос',
  'функционирование',
  'работа',
  'развитие',
  'сфера',
  'область',
  'полномочие',
  'функция',
  'государственный',
  'единый',
  'свой',
  'соответствующий',
]);
const RULE_VERBS = new Set(['разрабатывать', 'утверждать', 'устанавливать', 'определять', 'издавать', 'принимать']);
const DECIDE_VERBS = new Set([
  'утверждать',
  'принимать',
  'согласовывать',
  'одобрять',
  'рассматривать',
  'устанавливать',
  'определять',
  'решение',
  'утверждение',
  'согласование',
]);
const PROPOSE_VERBS = new Set([
  'вносить',
  'представлять',
  'разрабатывать',
  'готовить',
  'подготавливать',
  'предложение',
  'внесение',
  'разработка',
]);
const CONTROL_WORDS = new Set([
  'контроль',
  'надзор',
  'проверка',
  'инспектирование',
  'контролировать',
  'проверять',
  'ревизия',
]);
const COORDINATE_WORDS = new Set(['координировать', 'координация', 'руководство']);

/**
 * Qualifiers that split one object into parts that do not overlap: a road of republican
 * significance is never a road of district significance. General vocabulary of public law (levels
 * of government, of education, categories of land and of water bodies), not any one law's.
 */
const LEVEL = 'level of government';
/** Nouns after which a level adjective narrows the object: «республиканского значения», «коммунальной собственности». */
const LEVEL_NOUNS = /^(значени|собственност|бюджет|уровн)/;
/** Units of the administrative-territorial division, whose kinds are named by a level: «город областного значения». */
const SETTLEMENTS = new Set(['город', 'район', 'поселок', 'посёлок', 'село', 'аул', 'пункт', 'округ']);

/**
 * A body, budget or plan *of* a unit («бюджетная комиссия области», «бюджет района») belongs to that
 * tier of government: the oblast's and the district's are two things. What is done *on the
 * territory* of a unit («на территории области») nests instead, and the holders' check reads it.
 */
const OWN_TIER = 'tier of the body or budget';
const TIER_OF_UNIT: Record<string, string> = {
  область: 'regional',
  столица: 'regional',
  район: 'district',
  село: 'rural',
  поселок: 'rural',
  аул: 'rural',
  округ: 'rural',
};
/** «город республиканского / областного / районного значения»: the tier is in the adjective. */
const TIER_OF_CITY: Record<string, string> = { республиканский: 'regional', областной: 'district', районный: 'rural' };
/** Nouns after which a unit is where something is done, not whose it is. */
const PLACE_NOUNS = new Set(['территория', 'пределы', 'граница', 'пределах', 'население', 'житель']);

function tierOfUnit(words: string[], k: number): string | undefined {
  const l = lemmaOf(words[k]);
  if (l.lemma === 'город') return TIER_OF_CITY[lemmaOf(words[k + 1] ?? '').lemma];
  return TIER_OF_UNIT[l.lemma];
}

/** Tiers of the units that own the object: a unit right after another noun («комиссия области»), with the units listed after it. */
function ownTiers(words: string[]): string[] {
  const tiers: string[] = [];
  for (let k = 1; k < words.length; k++) {
    const anchor = tierOfUnit(words, k);
    if (!anchor) continue;
    const before = lemmaOf(words[k - 1]);
    if (before.pos !== 'NOUN' || PLACE_NOUNS.has(before.lemma)) continue;
    // The units listed with it: «области, города республиканского значения, столицы», «района (города областного значения)».
    for (let j = k; j < words.length; j++) {
      const t = tierOfUnit(words, j);
      if (t) {
        if (!tiers.includes(t)) tiers.push(t);
        continue;
      }
      if (!/^([,()]|и|или|значения|республиканского|областного|районного|сельского|в)$/.test(words[j])) break;
    }
  }
  return tiers;
}
const QUALIFIER_GROUPS: [string, Record<string, string>][] = [
  [
    LEVEL,
    {
      республиканский: 'republican',
      международный: 'international',
      межгосударственный: 'international',
      трансграничный: 'international',
      областной: 'oblast',
      районный: 'district',
      межрайонный: 'district',
      сельский: 'rural',
      поселковый: 'rural',
      аульный: 'rural',
    },
  ],
  [
    'level of education',
    {
      дошкольный: 'preschool',
      начальный: 'primary',
      среднее: 'secondary',
      средний: 'secondary',
      высший: 'higher',
      // The dictionaries read «высшего» as a form of «высокий».
      высокий: 'higher',
      послевузовский: 'postgraduate',
      послесредний: 'post-secondary',
    },
  ],
  [
    'ownership',
    {
      частный: 'private',
      коммунальный: 'communal',
    },
  ],
  [
    'water body',
    {
      подземный: 'ground',
      поверхностный: 'surface',
      морской: 'sea',
    },
  ],
];
const QUALIFIER_OF = new Map<string, [string, string]>();
for (const [group, words] of QUALIFIER_GROUPS)
  for (const [lemma, value] of Object.entries(words)) QUALIFIER_OF.set(lemma, [group, value]);

const SPHERE_OPENERS: [string, string][] = [
  ['в', 'области'],
  ['в', 'сфере'],
  ['по', 'вопросам'],
  ['в', 'отрасли'],
];
/** Circumstances end the object: how, with whom, on what basis a thing is done. */
const CIRCUMSTANCE = /^(соответствии|согласованию|учетом|целях|пределах|порядке|рамках|основе|случаях|случае|период)$/;

const isContent = (w: string) => /[\p{L}\p{N}]/u.test(w) && (w.length >= 3 || /^\d+$/.test(w));

export function statementScope(folded: string, lang: 'ru' | 'kk'): StatementScope {
  const none: StatementScope = {
    action: [],
    actionClass: 'NONE',
    objectHead: null,
    container: null,
    objectWords: [],
    sphereWords: [],
    qualifiers: {},
    generic: false,
  };
  if (lang !== 'ru') return none;
  const words = folded.match(/[\p{L}\p{N}-]+|[,;:()]/gu) ?? [];
  const qualifiers: Record<string, string[]> = {};
  words.forEach((w, k) => {
    const q = QUALIFIER_OF.get(lemmaOf(w).lemma);
    // «на территории области» names the holder's own territory, which the holders' check reads;
    // «дорога областного значения» narrows the object.
    if (!q || (q[0] === LEVEL && q[1] !== 'international' && !LEVEL_NOUNS.test(words[k + 1] ?? ''))) return;
    // «города республиканского значения», «района областного значения» name a kind of territory
    // (again the holder's), «дорога районного значения» a part of the object.
    if (q[0] === LEVEL && k > 0 && SETTLEMENTS.has(lemmaOf(words[k - 1]).lemma)) return;
    if (!(qualifiers[q[0]] ??= []).includes(q[1])) qualifiers[q[0]].push(q[1]);
  });
  const tiers = ownTiers(words);
  if (tiers.length) qualifiers[OWN_TIER] = tiers;
  const sphereWords: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (!SPHERE_OPENERS.some(([p, n]) => words[i] === p && words[i + 1] === n)) continue;
    for (let j = i + 2; j < words.length && !/^[,;:()]$/.test(words[j]); j++)
      if (isContent(words[j]) && !sphereWords.includes(words[j])) sphereWords.push(words[j]);
  }

  // The first verb opens the action; what stands before it («по согласованию с ...») is circumstance.
  let i = words.findIndex((w) => /^[\p{L}-]+$/u.test(w) && lemmaOf(w).pos === 'VERB');
  const verbs: string[] = [];
  if (i >= 0) {
    verbs.push(lemmaOf(words[i]).lemma);
    while (i + 2 < words.length && /^(и|,)$/.test(words[i + 1]) && lemmaOf(words[i + 2]).pos === 'VERB') {
      verbs.push(lemmaOf(words[i + 2]).lemma);
      i += 2;
    }
    i++;
  } else i = 0;
  // Through light verbs and light nouns to the noun that names the action.
  const action = verbs.filter((v) => !LIGHT_VERBS.has(v)).map(actionOf);
  let objectStart = i;
  if (action.length === 0) {
    for (let j = i; j < words.length && !/^[;:]$/.test(words[j]); j++) {
      const l = lemmaOf(words[j]);
      if (l.pos !== 'NOUN') continue;
      if (LIGHT_NOUNS.has(l.lemma) && j + 1 < words.length) continue;
      if (NOT_ACTIONS.has(l.lemma)) break;
      action.push(actionOf(l.lemma));
      objectStart = j + 1;
      // «мониторинг и контроль»: a pair of action nouns is one action.
      if (
        words[j + 1] === 'и' &&
        lemmaOf(words[j + 2] ?? '').pos === 'NOUN' &&
        CONTROL_WORDS.has(lemmaOf(words[j + 2]).lemma)
      ) {
        action.push(lemmaOf(words[j + 2]).lemma);
        objectStart = j + 3;
      }
      break;
    }
  }
  let objectHead: string | null = null;
  let container: string | null = null;
  const objectWords: string[] = [];
  for (let j = objectStart; j < words.length; j++) {
    const w = words[j];
    if (w === ';' || w === ':' || w === '(') break;
    if (w === ',') {
      const next = words[j + 1];
      const l = next ? lemmaOf(next) : undefined;
      // A verb or a participle after a comma opens another clause or a description.
      if (!l || l.pos === 'VERB' || l.pos === 'PARTICIPLE' || next === 'за' || next === 'в') break;
      continue;
    }
    if (SPHERE_OPENERS.some(([p, n]) => w === p && words[j + 1] === n)) break;
    if (CIRCUMSTANCE.test(w) || (w === 'на' && /^(территории|основании)$/.test(words[j + 1] ?? ''))) break;
    if (!isContent(w)) continue;
    const l = lemmaOf(w);
    if (objectHead === null && l.pos === 'NOUN' && !LIGHT_NOUNS.has(l.lemma)) {
      objectHead = l.lemma;
      continue;
    }
    // «правила выдачи разрешений»: rules, lists and plans are about the noun that follows them.
    if (
      container === null &&
      objectWords.length === 0 &&
      objectHead !== null &&
      CONTAINERS.has(objectHead) &&
      l.pos === 'NOUN'
    ) {
      container = objectHead;
      objectHead = LIGHT_NOUNS.has(l.lemma) ? objectHead : l.lemma;
      if (objectHead !== container) continue;
      container = null;
    }
    if (objectHead !== null || l.pos === 'ADJ') objectWords.push(w);
  }
  const actionClass = classify(action, container ?? objectHead, words[objectStart]);
  const specific = objectWords.filter((w) => !GENERIC_OBJECTS.has(lemmaOf(w).lemma));
  const generic =
    (objectHead === null || GENERIC_OBJECTS.has(objectHead)) && specific.length === 0 && action.length > 0;
  return { action, actionClass, objectHead, container, objectWords, sphereWords, qualifiers, generic };
}

function classify(action: string[], head: string | null, firstObjectWord?: string): ActionClass {
  const all = action;
  if (all.length === 0) return 'NONE';
  if (all.some((w) => CONTROL_WORDS.has(w))) return 'CONTROL';
  if (
    all.some((w) => RULE_VERBS.has(w)) &&
    ((head && RULE_OBJECTS.test(head)) || RULE_OBJECTS.test(firstObjectWord ?? ''))
  )
    return 'RULES';
  if (all.some((w) => COORDINATE_WORDS.has(w))) return 'COORDINATE';
  if (all.some((w) => PROPOSE_VERBS.has(w))) return 'PROPOSE';
  if (all.some((w) => DECIDE_VERBS.has(w))) return 'DECIDE';
  return 'EXECUTE';
}

/** Two classes that split a duty between bodies: one decides or controls what the other does. */
export function divisionOfLabour(a: ActionClass, b: ActionClass): string | undefined {
  const pair = [a, b].sort().join('/');
  switch (pair) {
    case 'DECIDE/PROPOSE':
      return 'one body drafts or proposes, the other decides';
    case 'DECIDE/EXECUTE':
      return 'one body decides or approves, the other carries it out';
    case 'EXECUTE/RULES':
      return 'one body makes the rules, the other applies them';
    case 'CONTROL/EXECUTE':
      return 'one body controls what the other does';
    case 'CONTROL/RULES':
      return 'one body makes the rules, the other controls their observance';
    default:
      return undefined;
  }
}

export interface DisjointScopes {
  group: string;
  a: string[];
  b: string[];
}

/** The first qualifier group where both statements name a value and none is shared: their scopes do not meet. */
export function disjointScopes(a: StatementScope, b: StatementScope): DisjointScopes | undefined {
  for (const [group, va] of Object.entries(a.qualifiers)) {
    const vb = b.qualifiers[group];
    if (vb && !va.some((v) => vb.includes(v))) return { group, a: va, b: vb };
  }
  return undefined;
}

export function describeDisjoint(d: DisjointScopes): string {
  return `${d.group}: ${d.a.join(', ')} vs ${d.b.join(', ')}`;
}

/** Where the scopes of two statements do not meet, in words (undefined when they may). */
export function disjointQualifiers(a: StatementScope, b: StatementScope): string | undefined {
  const d = disjointScopes(a, b);
  return d && describeDisjoint(d);
}
