import { clausesOf } from './clauses.js';
import { KAZAKH_CATCH_ALL } from './kazakh.js';
import { readStatement, Word } from './text.js';
import { SUPPORTING_CONFIDENCE_THRESHOLD, SupportingSuggestion } from './types.js';

/**
 * Supporting functions maintain the agency itself (brief R12: HR, documents, finance, procurement,
 * internal audit, the agency's property and IT); public-facing ones act on people, organisations, a
 * territory or a sector. The test is what the head action acts on: the staff, structure, upkeep
 * and records of state bodies are internal; a territory's budget and communal property, and the
 * staff of schools and hospitals, are not.
 */
interface InternalRule {
  re: RegExp;
  conf: number;
  what: string;
  /** The rule does not apply when this matches too. */
  unless?: RegExp;
}

const INTERNAL: InternalRule[] = [
  { re: /(^|\s)штатн\S* (численност|расписани)/, conf: 0.85, what: 'staff numbers of state bodies' },
  {
    re: /(^|\s)(назнач|освобожд|дисциплинарн)\S*.*(руководител\S* (\S+ ){0,3}(орган|отдел|управлени|департамент|аппарат)|акимам|акимов|государственн\S* служащ)/,
    unless: /руководител\S* (\S+ ){0,3}организаци/,
    conf: 0.8,
    what: 'appointments or discipline of officials of state bodies',
  },
  {
    re: /(^|\s)(государственн\S* служб|государственн\S* служащ|кадров\S* работ|персонал\S* (аппарата|органа))/,
    conf: 0.75,
    what: "civil service and the agency's own staff",
  },
  {
    re: /(^|\s)(схем\S* управлени|структур\S* (аппарата|органа))/,
    conf: 0.7,
    what: 'the structure of the state apparatus',
  },
  {
    re: /(^|\s)(делопроизводств|документооборот|бухгалтерск|внутренн\S* аудит|собственн\S* нужд|служебн\S* (документ|помещени|транспорт|информаци)|аппарат(а|ов|ом|у|е|ы|ам|ами|ах)?(\s|$)|свое(й|го) деятельност)/,
    conf: 0.8,
    what: 'documents, accounts, audit, upkeep or needs of the agency itself',
  },
  {
    re: /(^|\s)(созда|образу)\S* (\S+ ){0,2}орган\S* (\S+ ){0,2}управлени/,
    conf: 0.65,
    what: 'creating bodies of state administration',
  },
  {
    re: /(^|\s)((представля|направля)\S* (\S+ ){0,2}(уполномоченн|вышестоящ|центральн)\S* (\S+ ){0,4}отчет|отчет\S* (\S+ ){0,8}(в|на) (уполномоченн|вышестоящ|центральн))/,
    conf: 0.6,
    what: 'reporting to another state body',
  },
  {
    re: /(^|\s)(контрол\S* за деятельностью|координир\S*|координаци\S*|руковод\S*) (\S+ ){0,2}(нижестоящих акимов|акимов|акиматов|исполнительных органов|государственных органов)/,
    unless: /(^|\s)в (области|сфере)(\s|$)/,
    conf: 0.6,
    what: 'running or overseeing the state apparatus itself',
  },
];

/** Words of an outward object: people, organisations, a territory, a sector. */
const OUTWARD =
  /(^|\s)(граждан|населени|лиц(а|ам|ами|о)?(\s|$)|дет(ей|ям|и)(\s|$)|обучающ|пациент|потребител|организаци|субъект|предпринимател|территори|физическ|юридическ|отрасл|услуг|помощ|в (области|сфере)(\s|$))/;

const KAZAKH_INTERNAL = /(^|\s)(штат|кадр\S* жұмыс|мемлекеттік қызметш|іс жүргізу|аппарат)/;

function text(words: Word[]): string {
  // Parenthesised asides («районных (городов областного значения) акиматов») break the phrases the rules read.
  const out: string[] = [];
  let depth = 0;
  for (const w of words) {
    if (w.text === '(') depth++;
    else if (w.text === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && !w.punct) out.push(w.text);
  }
  return out.join(' ');
}

function internalRule(t: string): InternalRule | null {
  return INTERNAL.find((r) => r.re.test(t) && !(r.unless && r.unless.test(t))) ?? null;
}

function result(supporting: boolean | null, confidence: number, reason: string): SupportingSuggestion {
  const c = Math.round(confidence * 100) / 100;
  return { supporting, confidence: c, confident: supporting !== null && c >= SUPPORTING_CONFIDENCE_THRESHOLD, reason };
}

/** Suggests whether a function is supporting (internal) or public-facing. */
export function suggestSupporting(title: string, lang?: 'ru' | 'kk' | null): SupportingSuggestion {
  const read = readStatement(title, lang);
  const all = text(read.words);
  if (read.catchAll || KAZAKH_CATCH_ALL.test(all))
    return result(null, 0, 'a catch-all clause names no function of its own → not decided');

  if (read.lang === 'kk') {
    // Kazakh: a few markers only, and never a confident answer.
    if (KAZAKH_INTERNAL.test(all))
      return result(
        true,
        0.6,
        "Kazakh text with a marker of the agency's own staff or office → supporting (Kazakh: hint only)",
      );
    return result(
      false,
      0.65,
      "Kazakh text without a marker of the agency's own upkeep → public-facing (Kazakh: hint only)",
    );
  }

  const clauses = clausesOf(read.words);
  if (clauses.length === 0) return result(null, 0, 'no action (verb or action noun) found → not decided');
  // «назначает на должность и освобождает от должности руководителя ...»: clauses joined by «и»
  // (not by a comma) act on one object, so they belong to the head.
  let headCount = 1;
  while (headCount < clauses.length && clauses[headCount - 1].object.at(-1)?.text === 'и') headCount++;
  const clauseText = (c: (typeof clauses)[number]) => text([...c.actions.map((a) => a.word), ...c.object]);
  const head = clauses.slice(0, headCount).map(clauseText).join(' ');
  const rule = internalRule(head);
  if (rule) return result(true, rule.conf, `the head action concerns ${rule.what} → supporting`);

  const later = clauses
    .slice(headCount)
    .map((c) => internalRule(clauseText(c)))
    .find((r) => r !== null);
  if (later) {
    return result(
      false,
      0.6,
      `the head action faces outwards, but a later clause concerns ${later.what} → public-facing, with low confidence`,
    );
  }
  const outward = head.match(OUTWARD);
  if (outward)
    return result(false, 0.85, `the head action acts on «${outward[0].trim()}», outside the agency → public-facing`);
  return result(
    false,
    0.75,
    'no sign that the function maintains the agency itself; competence statements mostly face outwards → public-facing',
  );
}
