/**
 * The layout rules of Russian legal text as adilet.zan.kz prints it, in one place so that
 * docs/legal-text-import.md can list them. They describe layout and stock wording only; none is
 * about the content of a particular act.
 */

/**
 * Headings and lead-ins that open a list of functions. A list is taken when its lead-in
 * («Уполномоченный орган:», «15. Функции:») or, failing that, its article heading (or, outside any
 * article, its chapter heading) matches one of these.
 */
export const SECTION_KEYWORDS: { name: string; pattern: RegExp }[] = [
  { name: 'компетенция', pattern: /компетенц/i },
  { name: 'полномочия', pattern: /полномочи/i },
  // «функции», «функций», but not «функционирование», «функциональный».
  { name: 'функции', pattern: /функци(?:я|и|ю|ей|й|ям|ями|ях)(?![а-яё])/i },
  // «в ведении», «к ведению», «к совместному ведению», «предметы ведения»; not «порядок ведения реестра».
  { name: 'ведение', pattern: /(?:(?:^|[^а-яё])(?:в|к)\s+(?:[а-яё]+\s+)?ведени[июя]|предмет[а-яё]*\s+ведени)/i },
  // «К компетенции ... относятся:», «К ведению ... относится».
  { name: 'относятся', pattern: /относ(?:я|и)тся/i },
];

/**
 * Lead-ins that name another kind of list in an agency regulation (Положение): tasks, rights,
 * duties, goals, principles. Their items are not functions even inside a chapter whose heading
 * mentions functions («Глава 2. Задачи, функции, права и обязанности»).
 */
export const OTHER_LIST_LEAD_IN =
  /^(?:основн[а-яё]+\s+)?(?:задач[а-яё]*|цел[ьи][а-яё]*|принцип[а-яё]*|прав[аоы]?(?![а-яё])|обязанност[а-яё]*)(?:\s|:|,|$)/i;

/** A lead-in that is only a label («Функции:», «Функции центрального аппарата:»), not the name of a body. */
export const LABEL_LEAD_IN =
  /^(?:основн[а-яё]+\s+)?(?:функци|задач|полномочи|компетенц|прав[аоы]?(?![а-яё])|обязанност)/i;

/** Items that were repealed: «16) исключен Законом РК от ...», «(исключен ...)», «утратил силу ...». */
export const EXCLUDED_ITEM = /^[([]?\s*(?:исключ[её]н[аоы]?|утратил[аио]?\s+силу|утратили\s+силу)(?![а-яё])/i;

/** An article or chapter that was repealed: «Статья 5-1. Исключена Законом РК от ...». */
export const EXCLUDED_HEADING = /^(?:исключ[её]н[аоы]?|утратил[аио]?\s+силу)(?![а-яё])/i;

/**
 * A catch-all item: «осуществляет иные полномочия, предусмотренные настоящим Законом, иными
 * законами ...». Kept, but it is not a concrete function.
 */
export const CATCH_ALL =
  /(?:^|[^а-яё])ин(?:ые|ых|ую|ой)\s+(?:[а-яё]+\s+){0,2}?(?:полномочи|функци|обязанност|прав[аоы]?(?![а-яё])|вопрос)/i;

/**
 * An item that only points at other provisions: «осуществляет полномочия, предусмотренные статьей
 * 10 настоящего Закона». It says nothing of its own about what the body does.
 */
export const REFERENCE_ONLY =
  /^(?:в\s+пределах\s+своей\s+компетенции\s+)?(?:осуществля[а-яё]*|выполня[а-яё]*|реализу[а-яё]*|облада[а-яё]*|име[а-яё]*|исполня[а-яё]*)\s+(?:[а-яё]+\s+){0,4}?(?:функци[а-яё]*|полномочи[а-яё]*|компетенци[а-яё]*|прав[а-яё]*)(?:\s+и\s+[а-яё]+)?,?\s+(?:предусмотренн|установленн|указанн|определенн|определённ|перечисленн)[а-яё]*\s+(?:(?:в|во)\s+)?(?:стать[а-яё]*|пункт[а-яё]*|подпункт[а-яё]*|глав[а-яё]*|раздел[а-яё]*|параграф[а-яё]*)\s+\d/i;

/** Abbreviations adilet puts in its amendment marks: ЗРК (закон), ПРЗ, УПРК (указ), ППРК (постановление). */
const MARK = '(?:ЗРК|ПРЗ|УПРК|ППРК|РЗРК)';

/** A line that is only an amendment mark («ЗРК», «ПРЗ от 10.01.2026», «(ЗРК от 24.06.2021 № 53-VII)»). */
export const MARK_LINE = new RegExp(`^[([]?\\s*${MARK}(?![А-ЯЁа-яё])[^а-яё]*(?:от\\s+[^а-яё]*)?[)\\]]?\\s*[;.]?$`);

/** An amendment mark left at the end of a line without brackets: «...; ЗРК от 01.07.2024 № 105-VIII». */
export const TRAILING_MARK = new RegExp(
  `\\s+${MARK}(?:\\s+от\\s+\\d{1,2}\\.\\d{1,2}\\.\\d{4}(?:\\s*(?:г\\.|года))?)?(?:\\s*№\\s*[\\w-]+)?\\s*$`,
);

/**
 * Paragraphs adilet inserts that are not part of the act: footnotes («Сноска. Статья 5 с
 * изменениями, внесенными законами РК от ...») and the institute's notes («Примечание ИЗПИ!»,
 * «Примечание РЦПИ!»). They run until a blank line or the next numbered or heading line.
 */
export const NOTE_START =
  /^(?:Сноска\s*[.:]|(?:Подпункт|Пункт|Часть|Абзац|Статья|Глава)\s+[\d-]+\)?\s+(?:[а-яё]+\s+){0,3}?(?:предусмотрен[аоы]?\s+(?:в\s+редакции|исключить|дополнить)|действует\s+до\s+\d)|(?:Примечани[ея]|ПРИМЕЧАНИЕ)\s+(?:ИЗПИ|РЦПИ)(?![А-ЯЁа-яё])|Заголовок\s+(?:статьи|главы|раздела)\s+[^\n]*\s(?:изменен|в\s+редакции|исключен)|Текст\s+(?:статьи|главы|пункта)\s+[^\n]*\s(?:изменен|в\s+редакции))/;

/**
 * What the text of a bracketed amendment mark looks like: «(исключен Законом РК от ...)»,
 * «(вводится в действие с 01.01.2025)», «(ЗРК от 24.06.2021 № 53-VII)». A bracket such as
 * «(или)», «(кроме такси)» or «(ресурсных центров)» is the act's own text and stays.
 */
export function isAmendmentMark(inner: string): boolean {
  const t = inner.trim();
  if (new RegExp(`^${MARK}(?![А-ЯЁа-яё])`).test(t)) return true;
  if (
    /^(?:исключ[её]н|утратил|изменен|измен[её]н|дополнен|введен|введ[её]н|внесен|внес[её]н|в\s+редакции|вводится|с\s+изменени|с\s+дополнени|см\.|смотрите)/i.test(
      t,
    )
  ) {
    return /\d{1,2}\.\d{1,2}\.\d{4}|закон|указ|постановлен|кодекс|действи|ЗРК|ПРЗ|УПРК|ППРК/i.test(t);
  }
  return false;
}

/** Words after which a heading stops naming the body: «Компетенция X в области образования». */
const HOLDER_STOP =
  /\s+(?:в\s+(?:области|сфере|сферах|отрасли|части|пределах|отношении|вопросах)|по\s+(?:вопросам|вопросу|реализации|осуществлению)|при\s+осуществлении|и\s+их\s+|,\s*предусмотренн)[\s\S]*$/i;

/** The body a heading names after its keyword: «Компетенция Правительства Республики Казахстан в области образования». */
export function holderFromHeading(heading: string): string | null {
  const title = heading.replace(
    /^(?:Статья|СТАТЬЯ|Глава|ГЛАВА|Раздел|РАЗДЕЛ|Параграф|ПАРАГРАФ)\s+[\dIVXLCDM-]+\.?\s*/,
    '',
  );
  const m =
    /(?:компетенци[а-яё]*|полномочи[а-яё]*|функци[а-яё]*|задач[а-яё]*)(?:\s*,\s*[а-яё]+)*(?:\s+и\s+(?:компетенци|полномочи|функци|задач|прав|обязанност)[а-яё]*)*\s+(.+)$/i.exec(
      title,
    );
  if (!m) return null;
  const holder = m[1]
    .replace(HOLDER_STOP, '')
    .replace(/[.;:,\s]+$/, '')
    .trim();
  return holder || null;
}

/** The body a lead-in names: «Местный исполнительный орган области:», «К ведению X относятся:». */
export function holderFromLeadIn(leadIn: string): string | null {
  const text = leadIn.replace(/[:\s]+$/, '').trim();
  // A label names the body after its keyword, if at all: «Полномочия руководителя Отдела», «Функции:».
  if (LABEL_LEAD_IN.test(text))
    return /^\S+(?:\s+и\s+\S+)?\s+(.+)$/.exec(text.replace(/^основн[а-яё]+\s+/i, ''))?.[1] ?? null;
  const ofWhom =
    /^(?:к|в)\s+(?:компетенци[а-яё]*|ведени[а-яё]*|полномочи[а-яё]*|функци[а-яё]*)\s+(.+?)\s+(?:относ[а-яё]*|вход[а-яё]*)(?:\s|$)/i.exec(
      text,
    );
  if (ofWhom) return ofWhom[1].trim();
  // «Уполномоченный орган в области образования осуществляет следующие функции» → the subject.
  const subject = text.replace(
    /\s+(?:в\s+пределах\s+своей\s+компетенции\s+)?(?:осуществля|выполня|реализу|облада|име|исполня)[а-яё]*(?:\s+следующ[а-яё]+)?(?:\s+(?:функци|полномочи|компетенци)[а-яё]*)?$/i,
    '',
  );
  return subject.trim() || null;
}

/** The first line of an institute note, whose text may follow after a blank line. */
export const NOTE_HEADER = /^(?:Примечани[ея]|ПРИМЕЧАНИЕ)\s+(?:ИЗПИ|РЦПИ)\s*!?$/;
