import { RULE_OBJECTS } from '#review';
import { familyOf } from './text.js';
import { FunctionType } from './types.js';

/**
 * Word lists for the type suggestion, from the brief's four-type working rules and the language of
 * competence articles in general (no particular law). Verbs are matched by word family (the
 * Snowball stem the review uses), so each entry lists the verb and its noun forms where their
 * families differ («принимает» / «принятие», «создает» / «создание»).
 */

/** An object that changes what a verb does: «выдает предписания» controls, «выдает лицензии» implements. */
export interface ObjectRule {
  object: RegExp;
  type: FunctionType;
  conf: number;
  what: string;
}

export interface ActionEntry {
  /** The action, for reasons. */
  name: string;
  /** The type when the object does not decide. */
  type: FunctionType;
  conf: number;
  /** What the default reading is, for reasons. */
  what: string;
  /** Normative objects (rules, standards, methods ...) make it REGULATORY. */
  rule?: boolean;
  /** Policy objects (state policy, strategy, concept ...) make it STRATEGIC. */
  policy?: boolean;
  /**
   * A light verb: the first noun of its object names the real action («осуществляет контроль»,
   * «проводит проверки»). 1 for a verb that adds nothing; below 1, the factor applied when the noun
   * gives another type than implementing («организует контроль»: organising control is control, less surely).
   */
  light?: number;
  /** A light verb that weakens every reading («участвует в формировании политики» is less than forming it). */
  scaleAll?: boolean;
  /** Objects that override the default. */
  objects?: ObjectRule[];
  /** The usual confusion of the default reading. */
  alt?: { type: FunctionType; conf: number };
}

function entry(words: string, e: ActionEntry): [string[], ActionEntry] {
  return [words.split(/\s+/).filter(Boolean), e];
}

const IMPL = 'IMPLEMENTING' as const;
const CONTROL = 'CONTROL' as const;
const REG = 'REGULATORY' as const;

const LICENCE = /(^|\s)(лиценз|разрешени|свидетельств|аккредитац|действи|деятельност)/;

const ENTRIES: [string[], ActionEntry][] = [
  // Rule-making verbs: regulatory with a normative object, strategic with a policy object, and
  // otherwise a decision on a particular matter (approving an order, a budget, a charter).
  entry('утверждает утверждают утверждение устанавливает устанавливают установление', {
    name: 'approves',
    type: IMPL,
    conf: 0.6,
    what: 'a decision on a particular matter',
    rule: true,
    policy: true,
    alt: { type: REG, conf: 0.35 },
  }),
  entry('разрабатывает разрабатывают разработка', {
    name: 'develops',
    type: IMPL,
    conf: 0.55,
    what: 'a document that is not a rule',
    rule: true,
    policy: true,
    alt: { type: REG, conf: 0.35 },
  }),
  entry('определяет определяют определение', {
    name: 'determines',
    type: IMPL,
    conf: 0.55,
    what: 'a decision on a particular matter',
    rule: true,
    policy: true,
    alt: { type: REG, conf: 0.4 },
  }),
  entry('принимает принимают принятие', {
    name: 'adopts',
    type: IMPL,
    conf: 0.7,
    what: 'measures or decisions',
    rule: true,
    policy: true,
    alt: { type: REG, conf: 0.2 },
  }),
  entry('одобряет одобряют одобрение вырабатывает вырабатывают выработка', {
    name: 'endorses',
    type: IMPL,
    conf: 0.55,
    what: 'a decision on a particular matter',
    rule: true,
    policy: true,
    alt: { type: 'STRATEGIC', conf: 0.3 },
  }),
  entry('издает издают издание', {
    name: 'issues acts',
    type: IMPL,
    conf: 0.5,
    what: 'acts that are not rules',
    rule: true,
    alt: { type: REG, conf: 0.45 },
  }),
  entry('формирует формируют формирование', {
    name: 'forms',
    type: IMPL,
    conf: 0.65,
    what: 'a list, order or register',
    policy: true,
    alt: { type: REG, conf: 0.3 },
  }),

  // Light verbs: the noun after them is the action.
  entry('осуществляет осуществляют осуществление', {
    name: 'carries out',
    type: IMPL,
    conf: 0.65,
    what: 'an activity',
    light: 1,
  }),
  entry('проводит проводят проведение', { name: 'conducts', type: IMPL, conf: 0.65, what: 'an activity', light: 1 }),
  entry('участвует участвуют участие', {
    name: 'takes part',
    type: IMPL,
    conf: 0.6,
    what: 'taking part in an activity',
    light: 0.75,
    scaleAll: true,
  }),
  entry('организует организуют организовывает организация', {
    name: 'organises',
    type: IMPL,
    conf: 0.85,
    what: 'organising',
    light: 0.85,
  }),
  entry('обеспечивает обеспечивают обеспечение', {
    name: 'ensures',
    type: IMPL,
    conf: 0.8,
    what: 'ensuring',
    light: 0.8,
  }),

  // Implementing.
  entry('оказывает оказывают оказание предоставляет предоставляют предоставление', {
    name: 'provides',
    type: IMPL,
    conf: 0.85,
    what: 'a service or support',
  }),
  entry('выдает выдают выдача', {
    name: 'issues',
    type: IMPL,
    conf: 0.85,
    what: 'documents, permits or licences',
    objects: [{ object: /^(\S+ ){0,5}предписани/, type: CONTROL, conf: 0.85, what: 'orders to remedy violations' }],
  }),
  entry('ведет ведут ведение', { name: 'keeps', type: IMPL, conf: 0.85, what: 'a register or records' }),
  entry('финансирует финансируют финансирование субсидирует субсидируют субсидирование', {
    name: 'finances',
    type: IMPL,
    conf: 0.85,
    what: 'funding',
  }),
  entry('выплачивает выплачивают выплата оплачивает оплачивают оплата', {
    name: 'pays',
    type: IMPL,
    conf: 0.85,
    what: 'payments',
  }),
  entry(
    'создает создают создание образует образуют реорганизует реорганизуют реорганизация ликвидирует ликвидируют ликвидация',
    {
      name: 'creates',
      type: IMPL,
      conf: 0.8,
      what: 'organisations or bodies',
    },
  ),
  entry('назначает назначают назначение освобождает освобождают освобождение', {
    name: 'appoints',
    type: IMPL,
    conf: 0.8,
    what: 'appointments',
  }),
  entry('размещает размещают размещение распределяет распределяют распределение выделяет выделяют', {
    name: 'places',
    type: IMPL,
    conf: 0.8,
    what: 'orders or resources',
  }),
  entry('направляет направляют', { name: 'directs', type: IMPL, conf: 0.75, what: 'funds or persons' }),
  entry('содействует содействуют содействие способствует способствуют', {
    name: 'assists',
    type: IMPL,
    conf: 0.8,
    what: 'assistance',
  }),
  entry('вносит вносят внесение представляет представляют представление', {
    name: 'submits',
    type: IMPL,
    conf: 0.7,
    what: 'proposals or reports',
  }),
  entry('согласовывает согласовывают согласование', {
    name: 'agrees',
    type: IMPL,
    conf: 0.75,
    what: 'agreement of a decision',
  }),
  entry('реализует реализуют реализация исполняет исполняют исполнение', {
    name: 'implements',
    type: IMPL,
    conf: 0.8,
    what: 'implementation',
  }),
  entry('координирует координируют координация руководит руководство', {
    name: 'coordinates',
    type: IMPL,
    conf: 0.8,
    what: 'coordination',
  }),
  entry('взаимодействует взаимодействуют взаимодействие сотрудничает сотрудничество', {
    name: 'cooperates',
    type: IMPL,
    conf: 0.75,
    what: 'cooperation',
  }),
  entry('заключает заключают заключение подписывает подписывают подписание', {
    name: 'concludes',
    type: IMPL,
    conf: 0.75,
    what: 'agreements',
  }),
  entry('строит строят строительство содержит содержат содержание эксплуатирует эксплуатация', {
    name: 'builds',
    type: IMPL,
    conf: 0.8,
    what: 'works and upkeep',
  }),
  entry('управляет управляют управление распоряжается распоряжаются распоряжение', {
    name: 'manages',
    type: IMPL,
    conf: 0.8,
    what: 'management',
  }),
  entry('приобретает приобретают приобретение закупает закупают закуп закупки', {
    name: 'procures',
    type: IMPL,
    conf: 0.8,
    what: 'procurement',
  }),
  entry('информирует информируют информирование публикует публикуют опубликование', {
    name: 'informs',
    type: IMPL,
    conf: 0.8,
    what: 'information',
  }),
  entry('готовит готовят подготовка получает получают получение', {
    name: 'prepares',
    type: IMPL,
    conf: 0.7,
    what: 'preparation',
  }),
  entry('внедряет внедряют внедрение поддерживает поддерживают поддержка развивает развивают развитие', {
    name: 'supports',
    type: IMPL,
    conf: 0.75,
    what: 'development or support',
  }),
  entry('регистрирует регистрируют регистрация аккредитует аккредитуют аккредитация лицензирует лицензирование', {
    name: 'registers',
    type: IMPL,
    conf: 0.8,
    what: 'registration or licensing',
  }),
  entry('присваивает присваивают присвоение награждает награждают награждение', {
    name: 'awards',
    type: IMPL,
    conf: 0.75,
    what: 'awards and titles',
  }),
  entry('возмещает возмещают возмещение передает передают передача изымает изымают изъятие', {
    name: 'transfers',
    type: IMPL,
    conf: 0.75,
    what: 'transfers',
  }),
  entry('прием приема', { name: 'receives', type: IMPL, conf: 0.75, what: 'receiving applications or notices' }),
  entry('учет учета', { name: 'records', type: IMPL, conf: 0.8, what: 'records' }),
  entry('сбор анализ анализирует анализируют', {
    name: 'collects',
    type: IMPL,
    conf: 0.7,
    what: 'collection and analysis',
  }),
  entry('обучает обучают обучение', { name: 'trains', type: IMPL, conf: 0.75, what: 'training' }),
  entry('защищает защищают защита', { name: 'protects', type: IMPL, conf: 0.7, what: 'protection' }),
  entry('решает решают решение', { name: 'decides', type: IMPL, conf: 0.65, what: 'decisions' }),
  entry('выступает выступают ставит ставят доводит доводят', {
    name: 'acts',
    type: IMPL,
    conf: 0.6,
    what: 'an activity',
  }),
  entry('экспертиза экспертизы', {
    name: 'examines',
    type: IMPL,
    conf: 0.65,
    what: 'expert examination',
    alt: { type: CONTROL, conf: 0.3 },
  }),
  entry('рассматривает рассматривают рассмотрение', {
    name: 'considers',
    type: IMPL,
    conf: 0.65,
    what: 'applications or matters',
    objects: [
      {
        object: /(^|\s)дел\S* об административн\S* правонарушени/,
        type: CONTROL,
        conf: 0.8,
        what: 'cases of administrative offences',
      },
    ],
  }),
  entry('заслушивает заслушивают', {
    name: 'hears',
    type: IMPL,
    conf: 0.55,
    what: 'reports',
    alt: { type: CONTROL, conf: 0.4 },
  }),
  entry('мониторинг мониторинга', {
    name: 'monitors',
    type: IMPL,
    conf: 0.65,
    what: 'monitoring (not of compliance)',
    alt: { type: CONTROL, conf: 0.35 },
    objects: [
      {
        object: /^(\S+ ){0,3}(соблюдени|исполнени|выполнени)/,
        type: CONTROL,
        conf: 0.7,
        what: 'monitoring of compliance',
      },
    ],
  }),
  entry('аттестация аттестации аттестацию', {
    name: 'attests',
    type: IMPL,
    conf: 0.55,
    what: 'attestation of persons',
    alt: { type: CONTROL, conf: 0.4 },
    objects: [
      {
        object: /(^|\s)государственн\S* аттестаци/,
        type: CONTROL,
        conf: 0.75,
        what: 'state attestation of organisations',
      },
    ],
  }),
  entry('регулирует регулируют регулирование', {
    name: 'regulates',
    type: REG,
    conf: 0.55,
    what: 'regulation of a sphere',
    alt: { type: IMPL, conf: 0.45 },
  }),

  // Control.
  entry('контролирует контролируют контроль контроля', {
    name: 'controls',
    type: CONTROL,
    conf: 0.9,
    what: 'control or supervision',
  }),
  entry('надзирает надзор надзора', { name: 'supervises', type: CONTROL, conf: 0.9, what: 'control or supervision' }),
  entry('проверяет проверяют проверка проверки проверок', {
    name: 'inspects',
    type: CONTROL,
    conf: 0.85,
    what: 'inspections',
  }),
  entry('инспектирует инспектируют инспектирование инспекция', {
    name: 'inspects',
    type: CONTROL,
    conf: 0.85,
    what: 'inspections',
  }),
  entry('ревизия ревизии расследование расследования расследует', {
    name: 'investigates',
    type: CONTROL,
    conf: 0.7,
    what: 'audits or investigations',
    alt: { type: IMPL, conf: 0.3 },
  }),
  entry('налагает налагают наложение пресекает пресекают пресечение', {
    name: 'imposes',
    type: CONTROL,
    conf: 0.85,
    what: 'sanctions',
  }),
  entry('привлекает привлекают привлечение', {
    name: 'brings in',
    type: IMPL,
    conf: 0.6,
    what: 'bringing in people or resources',
    objects: [{ object: /(^|\s)ответственност/, type: CONTROL, conf: 0.85, what: 'bringing to liability' }],
  }),
  entry('применяет применяют применение', {
    name: 'applies',
    type: IMPL,
    conf: 0.55,
    what: 'applying measures',
    objects: [
      {
        object:
          /(^|\s)(мер\S* (оперативного реагирования|ответственности|принуждения|административн)|санкци|штраф|взыскани)/,
        type: CONTROL,
        conf: 0.8,
        what: 'sanctions',
      },
    ],
  }),
  entry(
    'приостанавливает приостанавливают приостановление аннулирует аннулируют аннулирование отзывает отзывают лишает лишают лишение',
    {
      name: 'suspends',
      type: IMPL,
      conf: 0.5,
      what: 'suspension',
      objects: [{ object: LICENCE, type: CONTROL, conf: 0.75, what: 'suspending or revoking licences and permits' }],
    },
  ),
  entry('выявляет выявляют выявление', {
    name: 'detects',
    type: IMPL,
    conf: 0.65,
    what: 'identifying persons or needs',
    objects: [{ object: /(^|\s)(нарушени|правонарушени)/, type: CONTROL, conf: 0.75, what: 'detecting violations' }],
  }),
];

/** Action entries by word family. */
export const ACTIONS = new Map<string, ActionEntry>();
for (const [words, e] of ENTRIES) {
  for (const w of words) {
    const fam = familyOf(w);
    const known = ACTIONS.get(fam);
    if (known && known !== e)
      throw new Error(`two lexicon entries share the family of «${w}»: ${known.name}, ${e.name}`);
    ACTIONS.set(fam, e);
  }
}

/** Nouns that only carry the action named after «по»: «деятельность по формированию», «меры по защите». */
export const FILLER_NOUNS = /^(деятельност|работ|мероприяти|мер$|меры|мерам|процедур|комплекс|функци|вопрос)/;

/**
 * Words that end like a verb (-ет, -ит) but are nouns; a verb is told by its ending only when it
 * is not in the lexicon.
 */
export const NOT_VERBS = new Set(
  `учет отчет счет расчет совет бюджет предмет комитет приоритет кабинет запрет ответ паритет авторитет суверенитет факультет
  портрет пакет билет скелет иммунитет лимит кредит аудит депозит транзит визит дефицит профицит реквизит валют маршрут институт
  минут спорт экспорт импорт`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * A normative object: what makes a rule verb regulatory. The review's list of rule objects
 * (rules, order, standards, norms, methods, classifiers, regulations, requirements, lists, forms,
 * model documents, criteria) plus nomenclatures, reference books and legal acts.
 */
export function normativeAt(words: string[], i: number): { conf: number; what: string } | null {
  const w = words[i];
  if (
    /^(правил|порядк|порядок|стандарт|методик|методолог|регламент|инструкци|нормативн|классификатор|номенклатур)/.test(
      w,
    )
  ) {
    return { conf: 0.9, what: 'a normative act' };
  }
  if (/^правов/.test(w) && /^акт/.test(words[i + 1] ?? '')) return { conf: 0.9, what: 'a normative act' };
  if (RULE_OBJECTS.test(w) || /^справочник/.test(w)) return { conf: 0.85, what: 'a normative act' };
  return null;
}

/** Objects that are norms only as the first word of the object («определяет сроки», «определяет размер»). */
export const SOFT_NORMATIVE = /^(срок|размер)/;

/** A policy object: what makes a verb of policy-making strategic. */
export function policyAt(words: string[], i: number): { conf: number; what: string } | null {
  const w = words[i];
  const next = words[i + 1] ?? '';
  const near = (re: RegExp, span: number) => words.slice(i + 1, i + 1 + span).some((x) => re.test(x));
  if (/^политик/.test(w)) return { conf: 0.9, what: 'state policy' };
  if (/^стратеги(я|ю|и|й|ей|ям|ях)$/.test(w)) return { conf: 0.85, what: 'a strategy' };
  if (/^стратегическ/.test(w) && /^(направлени|цел|документ|план)/.test(next))
    return { conf: 0.8, what: 'strategic goals or directions' };
  if (/^концепци/.test(w)) return { conf: 0.85, what: 'a concept' };
  if (/^приоритет/.test(w)) return { conf: 0.8, what: 'priorities' };
  if (/^основн/.test(w) && /^направлени/.test(next)) return { conf: 0.8, what: 'main directions of policy' };
  if (/^национальн/.test(w) && /^проект/.test(next)) return { conf: 0.85, what: 'national projects' };
  if (/^прогноз/.test(w) && near(/^развити/, 3)) return { conf: 0.75, what: 'a development forecast' };
  if (/^(программ|план)(а|ы|у|ой|е|ов|ам|ами|ах)?$/.test(w)) {
    if (/^(образовательн|учебн)/.test(words[i - 1] ?? '')) return null;
    if (near(/^развити/, 4)) return { conf: 0.7, what: 'a development programme or plan' };
    return { conf: 0.55, what: 'a programme or plan' };
  }
  return null;
}

/** Words that end an object: what follows is a circumstance, not the thing acted on. */
export const OBJECT_STOPS: RegExp[] = [
  /^в (рамках|соответствии|целях|случаях|случае|пределах|интересах)$/,
  /^на (основании|основе)$/,
  /^с учетом$/,
  /^при наличии$/,
  /^за счет$/,
];
export const OBJECT_STOP_WORDS = /^(согласно|путем|котор\S*|если|когда)$/;
