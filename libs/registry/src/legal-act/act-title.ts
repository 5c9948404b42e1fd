import { LegalActType } from '../enums.js';

const MONTHS: Record<string, string> = {
  января: '01',
  февраля: '02',
  марта: '03',
  апреля: '04',
  мая: '05',
  июня: '06',
  июля: '07',
  августа: '08',
  сентября: '09',
  октября: '10',
  ноября: '11',
  декабря: '12',
};

const TYPE_PATTERNS: [RegExp, LegalActType][] = [
  [/^конституци/i, LegalActType.CONSTITUTION],
  [/^конституционный закон/i, LegalActType.CONSTITUTIONAL_LAW],
  [/кодекс/i, LegalActType.CODE],
  [/^закон/i, LegalActType.LAW],
  [/^указ президента/i, LegalActType.PRESIDENTIAL_DECREE],
  [/^постановление правительства/i, LegalActType.GOVERNMENT_RESOLUTION],
  [/^приказ/i, LegalActType.MINISTERIAL_ORDER],
  [/^решение .*маслихат/i, LegalActType.MASLIKHAT_DECISION],
  [/^постановление .*акимат/i, LegalActType.AKIMAT_RESOLUTION],
  [/^положение/i, LegalActType.REGULATION],
];

export interface ParsedActTitle {
  actType: LegalActType;
  adoptedOn: string | null;
  number: string | null;
}

/**
 * Reads the type, date and number from an act's conventional Russian citation, e.g.
 * «Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»». What the
 * citation does not say stays null.
 */
export function parseActTitle(title: string): ParsedActTitle {
  const text = title.trim();
  const actType = TYPE_PATTERNS.find(([re]) => re.test(text))?.[1] ?? LegalActType.OTHER;
  const date = /от\s+(\d{1,2})\s+([а-я]+)\s+(\d{4})\s*(?:года|г\.)?/i.exec(text);
  let adoptedOn: string | null = null;
  if (date && MONTHS[date[2].toLowerCase()]) {
    adoptedOn = `${date[3]}-${MONTHS[date[2].toLowerCase()]}-${date[1].padStart(2, '0')}`;
  }
  const number = /№\s*([0-9A-Za-zА-Яа-яІі\-/]+)/.exec(text)?.[1] ?? null;
  return { actType, adoptedOn, number };
}
