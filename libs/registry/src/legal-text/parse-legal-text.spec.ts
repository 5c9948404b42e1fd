import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExpectedItem, measureDrafts } from './accuracy.js';
import { parseLegalText } from './parse-legal-text.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures');

/** The statements of a dev or quality set, with the key their legal basis gives («6.2.1-1»). */
function expectedFrom(file: string): ExpectedItem[] {
  return readFileSync(join(fixtures, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { legalBasis: { clause: string }[]; title: string })
    .map((f) => ({ key: f.legalBasis[0].clause, title: f.title }));
}

const ACTS = [
  { text: 'education-law.txt', statements: 'dev-functions.jsonl' },
  { text: 'health-code.txt', statements: 'quality/health-functions.jsonl' },
  { text: 'localgov-law.txt', statements: 'quality/localgov-functions.jsonl' },
];

const read = (name: string) => readFileSync(join(fixtures, 'legal-text', name), 'utf8');

/** The same act laid out anew: every paragraph re-wrapped at `width`, blank lines dropped or kept. */
function rewrap(text: string, width: number, keepBlank: boolean): string {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.replace(/\u00a0/g, ' ').trim();
    if (!t) {
      if (keepBlank) out.push('');
      continue;
    }
    let current = '';
    for (const word of t.split(' ')) {
      if (current && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    if (current) out.push(current);
  }
  return out.join('\n');
}

describe('parseLegalText on acts rebuilt from the dev and quality sets', () => {
  it.each(ACTS)('recovers every statement of $text with its article, clause and sub-clause', ({ text, statements }) => {
    const parsed = parseLegalText(read(text));
    const expected = expectedFrom(statements);
    const m = measureDrafts(parsed.drafts, expected);
    expect(m.missing).toEqual([]);
    expect(m.extra).toEqual([]);
    expect(m.wrongText).toEqual([]);
    expect(m.recall).toBe(1);
    expect(m.precision).toBe(1);
    // A clause that names its body before the verb («3. Местные исполнительные органы районов ...
    // принимают меры ...») keeps the body in the title; the set cut it. Everything else is word for word.
    const withSubject = parsed.drafts.filter(
      (d) => d.subclause === null && d.clause !== null && /^\p{Lu}/u.test(d.title),
    );
    expect(m.exactText + m.containedText).toBe(expected.length);
    expect(m.containedText).toBe(withSubject.length);
    // Noise was there and was left out of every title.
    expect(parsed.skipped.notes).toBeGreaterThan(10);
    for (const d of parsed.drafts) {
      if (!d.flags.includes('EXCLUDED')) expect(d.title).not.toMatch(/Сноска|ИЗПИ|ЗРК|ПРЗ|\d{2}\.\d{2}\.\d{4}/);
      expect(d.quote.startsWith(`${d.subclause ?? d.clause}`)).toBe(true);
    }
  });

  it.each(ACTS)('finds the same items in $text however its lines are wrapped', ({ text, statements }) => {
    const expected = expectedFrom(statements);
    for (const [width, keepBlank] of [
      [45, false],
      [72, true],
      [130, false],
    ] as const) {
      const m = measureDrafts(parseLegalText(rewrap(read(text), width, keepBlank)).drafts, expected);
      expect({ width, missing: m.missing, extra: m.extra, wrong: m.wrongText.length }).toEqual({
        width,
        missing: [],
        extra: [],
        wrong: 0,
      });
    }
  });

  it('flags repealed items and the catch-all, and skips what is not a competence section', () => {
    const parsed = parseLegalText(read('education-law.txt'));
    const excluded = parsed.drafts.filter((d) => d.flags.includes('EXCLUDED'));
    expect(excluded.length).toBeGreaterThan(0);
    expect(excluded.every((d) => /^исключен/.test(d.title))).toBe(true);
    const catchAll = parsed.drafts.filter((d) => d.flags.includes('CATCH_ALL')).map((d) => d.key);
    expect(catchAll).toContain('5.97');
    expect(parsed.skipped).toMatchObject({ articles: 3, excludedArticles: 2 });
    expect(parsed.skipped.sections.map((s) => s.heading)).toContain(
      'Статья 3. Принципы государственной политики в области образования',
    );
    expect(parsed.drafts.find((d) => d.key === '6.3.2')).toMatchObject({
      holderHint: 'Местный исполнительный орган города республиканского значения и столицы',
      sectionHeading: 'Статья 6. Компетенция местных представительных и исполнительных органов в области образования',
    });
    expect(parsed.drafts.find((d) => d.key === '4.12')?.holderHint).toBe('Правительство Республики Казахстан');
    expect(parsed.documentTitle).toBe('Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»');
  });

  it('reads a code: clauses with sub-clauses, and a clause that is a function itself', () => {
    const parsed = parseLegalText(read('health-code.txt'));
    expect(parsed.drafts.find((d) => d.key === '12.2.21-1')).toMatchObject({
      article: '12',
      clause: '2',
      subclause: '21-1',
    });
    const own = parsed.drafts.find((d) => d.key === '12.3')!;
    expect(own).toMatchObject({ article: '12', clause: '3', subclause: null });
    expect(own.title).toMatch(/^Местные исполнительные органы районов, городов областного значения принимают меры/);
    // CRLF line ends do not leak into the text.
    expect(parsed.drafts.some((d) => /\r/.test(d.title) || /\r/.test(d.quote))).toBe(false);
  });
});

describe('parseLegalText on an agency regulation (fictional)', () => {
  const parsed = parseLegalText(read('regulation-fictional.txt'));

  it('takes the functions list and the head’s powers, not tasks, rights or general provisions', () => {
    expect(parsed.kind).toBe('REGULATION');
    expect(parsed.documentTitle).toBe(
      'Положение о государственном учреждении «Отдел цифровых услуг и архива Энского района»',
    );
    expect(parsed.drafts.map((d) => d.key)).toEqual([
      '15.1',
      '15.2',
      '15.3',
      '15.4',
      '15.5',
      '15.6',
      '15.7',
      '15.8',
      '18.1',
      '18.2',
    ]);
    expect(parsed.drafts.every((d) => d.article === null)).toBe(true);
    expect(parsed.drafts.find((d) => d.key === '15.6')?.title).toBe(
      'разрабатывает и вносит на утверждение акимата района план развития цифровых услуг района на очередной год',
    );
    expect(parsed.drafts.find((d) => d.key === '15.1')).toMatchObject({
      leadIn: 'Функции',
      holderHint: 'Положение о государственном учреждении «Отдел цифровых услуг и архива Энского района»',
      sectionHeading: 'Глава 2. Задачи, права и обязанности, функции Отдела',
    });
    expect(parsed.drafts.find((d) => d.key === '18.1')?.holderHint).toBe('руководителя Отдела');
    const flags = Object.fromEntries(parsed.drafts.filter((d) => d.flags.length).map((d) => [d.key, d.flags]));
    expect(flags).toEqual({ '15.5': ['EXCLUDED'], '15.7': ['REFERENCE_ONLY'], '15.8': ['CATCH_ALL'] });
    expect(parsed.skipped.sections.map((s) => [s.heading, s.items])).toEqual([
      ['Глава 1. Общие положения', 3],
      ['Глава 2. Задачи, права и обязанности, функции Отдела — Задачи', 2],
      ['Глава 2. Задачи, права и обязанности, функции Отдела — Права и обязанности', 2],
      ['Глава 3. Организация деятельности Отдела', 2],
      ['Глава 4. Реорганизация и упразднение Отдела', 1],
    ]);
    expect(parsed.skipped.chapters).toBe(2);
    expect(parsed.warnings).toEqual([]);
  });

  it('numbers items under an unnumbered «Функции:» as clauses', () => {
    const p = parseLegalText(
      [
        'Положение о Департаменте учета Энской области',
        'Глава 2. Задачи и функции',
        'Задачи:',
        '1) учет;',
        'Функции:',
        '1) ведет учет земель;',
        '2) выдает справки.',
      ].join('\n'),
    );
    expect(p.drafts.map((d) => [d.key, d.clause, d.subclause, d.title])).toEqual([
      ['1', '1', null, 'ведет учет земель'],
      ['2', '2', null, 'выдает справки'],
    ]);
    expect(p.drafts[0].holderHint).toBe('Положение о Департаменте учета Энской области');
  });
});

describe('parseLegalText layout rules', () => {
  const law = (...lines: string[]) => parseLegalText(lines.join('\n'));

  it('reads dotted article numbers and headings wrapped onto the next line', () => {
    const p = law(
      'Статья 31-1. Компетенция уполномоченного органа в',
      'области тестирования',
      'Уполномоченный орган:',
      '1) проводит испытания;',
      'Статья 5.',
      'Полномочия акима района',
      '1) утверждает план.',
    );
    expect(p.drafts.map((d) => [d.key, d.sectionHeading])).toEqual([
      ['31-1.1', 'Статья 31-1. Компетенция уполномоченного органа в области тестирования'],
      ['5.1', 'Статья 5. Полномочия акима района'],
    ]);
    expect(p.drafts[0].holderHint).toBe('Уполномоченный орган');
    expect(p.drafts[1].holderHint).toBe('акима района');
  });

  it('keeps a number that only starts a wrapped line inside the item', () => {
    const p = law(
      'Статья 7. Компетенция уполномоченного органа',
      '1) утверждает правила, предусмотренные подпунктом',
      '5) пункта 2 статьи 6 настоящего Закона;',
      '2) выдает разрешения.',
    );
    expect(p.drafts.map((d) => [d.key, d.title])).toEqual([
      ['7.1', 'утверждает правила, предусмотренные подпунктом 5) пункта 2 статьи 6 настоящего Закона'],
      ['7.2', 'выдает разрешения'],
    ]);
    expect(p.drafts[0].quote).toBe(
      '1) утверждает правила, предусмотренные подпунктом\n5) пункта 2 статьи 6 настоящего Закона;',
    );
  });

  it('leaves out footnotes, institute notes and amendment marks, and keeps them in the quote only when inline', () => {
    const p = law(
      'Статья 8. Компетенция уполномоченного органа',
      'Сноска. Статья 8 с изменениями, внесенными законами РК от 19.03.2010 № 258-IV; от',
      '29.09.2014 № 239-V (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).',
      'Уполномоченный орган:',
      '1) организует конкурсы; (ЗРК от 24.06.2021 № 53-VII)',
      'ПРЗ',
      'Примечание ИЗПИ!',
      '',
      'Подпункт 2) предусмотрен в редакции Закона РК от 01.07.2024 № 105-VIII (вводится в действие с 01.01.2026).',
      '2) ведет реестр (ресурсных центров) ЗРК от 01.07.2024 № 105-VIII',
      '3) (исключен - Законом РК от 13.06.2013 № 102-V (вводится в действие с 01.01.2014));',
      '4) исключен Законом РК от 13.06.2013 № 102-V;',
      '5) утратил силу Законом РК от 01.01.2020 № 1-VI.',
    );
    expect(p.drafts.map((d) => [d.key, d.title, d.flags])).toEqual([
      ['8.1', 'организует конкурсы', []],
      ['8.2', 'ведет реестр (ресурсных центров)', []],
      ['8.3', 'исключен - Законом РК от 13.06.2013 № 102-V', ['EXCLUDED']],
      ['8.4', 'исключен Законом РК от 13.06.2013 № 102-V', ['EXCLUDED']],
      ['8.5', 'утратил силу Законом РК от 01.01.2020 № 1-VI', ['EXCLUDED']],
    ]);
    expect(p.drafts[0].quote).toBe('1) организует конкурсы; (ЗРК от 24.06.2021 № 53-VII)');
    expect(p.skipped.notes).toBe(3);
    expect(p.warnings).toEqual([]);
  });

  it('flags catch-all and reference-only items but keeps them', () => {
    const p = law(
      'Статья 9. Компетенция акимата',
      'Акимат:',
      '1) осуществляет полномочия, предусмотренные статьей 27 настоящего Закона;',
      '2) в пределах своей компетенции осуществляет иные функции, возложенные на него законодательством Республики Казахстан.',
    );
    expect(p.drafts.map((d) => d.flags)).toEqual([['REFERENCE_ONLY'], ['CATCH_ALL']]);
  });

  it('takes sections by the documented keywords only', () => {
    const heading = (title: string) => law(`Статья 1. ${title}`, '1) организует работу;').drafts.length;
    expect(heading('Компетенция маслихата')).toBe(1);
    expect(heading('Полномочия акима')).toBe(1);
    expect(heading('Функции уполномоченного органа')).toBe(1);
    expect(heading('Вопросы, находящиеся в ведении местного самоуправления')).toBe(1);
    expect(heading('Функционирование системы образования')).toBe(0);
    expect(heading('Порядок ведения реестра')).toBe(0);
    expect(heading('Введение в действие настоящего Закона')).toBe(0);
    const lead = law(
      'Статья 2. Местное самоуправление',
      'К ведению собрания местного сообщества относятся:',
      '1) обсуждение бюджета;',
    );
    expect(lead.drafts.map((d) => [d.key, d.holderHint])).toEqual([['2.1', 'собрания местного сообщества']]);
  });

  it('warns about a numbered list under no heading instead of dropping it silently, and takes it when asked', () => {
    const text = ['1) организует работу;', '2) ведет учет.'].join('\n');
    const p = parseLegalText(text);
    expect(p.drafts).toEqual([]);
    expect(p.warnings.map((w) => [w.code, w.lineNumber])).toEqual([['OUTSIDE_SECTION', 1]]);
    expect(p.warnings[0].message).toContain('2 numbered items (lines 1–2)');
    expect(p.skipped.items).toBe(2);
    const all = parseLegalText(text, { allSections: true });
    expect(all.drafts.map((d) => [d.key, d.title])).toEqual([
      ['1', 'организует работу'],
      ['2', 'ведет учет'],
    ]);
  });

  it('warns about gaps and repeated numbers in a list', () => {
    const p = law('Статья 3. Компетенция органа', '1) первое;', '2) второе;', '4) четвертое;', '4) еще четвертое.');
    expect(p.warnings.map((w) => [w.code, w.lineNumber])).toEqual([
      ['NUMBERING_GAP', 4],
      ['DUPLICATE_NUMBER', 5],
    ]);
    expect(p.drafts.map((d) => d.key)).toEqual(['3.1', '3.2', '3.4', '3.4_2']);
  });

  it('takes a one-paragraph competence article as one provision, and never cuts long text', () => {
    const long = `осуществляет ${'контроль за соблюдением требований '.repeat(150)}в пределах компетенции.`;
    const p = law(
      'Статья 12. Компетенция иных государственных органов',
      'Иные государственные органы осуществляют полномочия в пределах компетенции.',
      'Статья 13. Компетенция комитета',
      `1) ${long}`,
    );
    expect(p.drafts.map((d) => [d.key, d.article, d.clause])).toEqual([
      ['12', '12', null],
      ['13.1', '13', '1'],
    ]);
    expect(p.drafts[1].title).toBe(long.slice(0, -1));
    expect(p.drafts[1].title.length).toBeGreaterThan(4000);
    expect(p.warnings.map((w) => w.code)).toEqual(['TOO_LONG']);
  });

  it('reports a paragraph it cannot place and a lead-in with no items, and joins a second paragraph to its item', () => {
    const p = law(
      'Статья 9. Компетенция органа',
      'Орган:',
      '1) ведет учет земель (при необходимости).',
      'В учет включаются участки, указанные в статье 3;',
      'Орган вправе привлекать экспертов.',
      '2) выдает справки.',
      'Статья 10. Компетенция иных органов',
      '1. Местные органы:',
      '2. Иные органы выдают разрешения.',
    );
    expect(p.drafts.map((d) => [d.key, d.title])).toEqual([
      ['9.1', 'ведет учет земель (при необходимости). В учет включаются участки, указанные в статье 3'],
      ['9.2', 'выдает справки'],
      ['10.2', 'Иные органы выдают разрешения'],
    ]);
    expect(p.warnings.map((w) => [w.code, w.lineNumber])).toEqual([
      ['UNPLACED_TEXT', 5],
      ['EMPTY_LIST', 8],
    ]);
  });

  it('skips a list whose heading and lead-in carry no keyword, and says so', () => {
    const text = 'Статья 44\nПрезидент Республики Казахстан:\n1) обращается с посланием;\n2) назначает выборы.';
    const p = parseLegalText(text);
    expect(p.drafts).toEqual([]);
    expect(p.skipped.sections).toEqual([
      { heading: 'Статья 44 — Президент Республики Казахстан', lineNumber: 3, items: 2 },
    ]);
    expect(p.warnings.map((w) => w.code)).toEqual(['NO_SECTION']);
    expect(parseLegalText(text, { allSections: true }).drafts.map((d) => [d.key, d.holderHint])).toEqual([
      ['44.1', 'Президент Республики Казахстан'],
      ['44.2', 'Президент Республики Казахстан'],
    ]);
  });

  it('counts lines from 1 whatever the line ends and spaces', () => {
    const p = parseLegalText(
      '\uFEFFСтатья 4. Компетенция органа\r\n\r\n\u00a0\u00a0Орган:\r\n\u00a0\u00a01)\u00a0выдает\u00a0лицензии;\r\n2) ведет реестр.',
    );
    expect(p.drafts.map((d) => [d.lineNumber, d.title])).toEqual([
      [4, 'выдает лицензии'],
      [5, 'ведет реестр'],
    ]);
    expect(p.lines).toBe(5);
  });

  it('is deterministic', () => {
    const text = read('localgov-law.txt');
    expect(parseLegalText(text)).toEqual(parseLegalText(text));
  });
});
