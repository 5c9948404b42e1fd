import { suggestSupporting } from './suggest-supporting.js';
import { SUPPORTING_CONFIDENCE_THRESHOLD } from './types.js';

// Made-up statements; none is taken from the labelled sets.

function expectSupporting(title: string, supporting: boolean | null, confident = true) {
  const s = suggestSupporting(title);
  expect({ title, supporting: s.supporting, confident: s.confident }).toEqual({ title, supporting, confident });
  expect(s.confident).toBe(s.supporting !== null && s.confidence >= SUPPORTING_CONFIDENCE_THRESHOLD);
  return s;
}

describe('supporting / public-facing suggestion', () => {
  it('marks the HR of state bodies as supporting', () => {
    const s = expectSupporting(
      'назначает на должность и освобождает от должности руководителя управления культуры области;',
      true,
    );
    expect(s.reason).toContain('officials of state bodies');
    expectSupporting('применяет меры дисциплинарной ответственности к руководителям отделов аппарата акима;', true);
    expectSupporting('организует прохождение государственной службы в центральном аппарате;', true);
  });

  it('marks staff numbers, records, accounts, audit and upkeep of the agency as supporting', () => {
    expectSupporting('устанавливает лимит штатной численности отделов района;', true);
    expectSupporting('организует делопроизводство и документооборот;', true);
    expectSupporting('ведет бухгалтерский учет и составляет финансовую отчетность;', true);
    expectSupporting('организует проведение внутреннего аудита;', true);
    expectSupporting('обеспечивает материально-техническое обеспечение деятельности аппарата;', true);
  });

  it('keeps the HR of schools and hospitals public-facing: they serve people, not the agency', () => {
    expectSupporting('назначает на должность руководителей государственных организаций культуры;', false);
  });

  it('marks services, support and control of the sector as public-facing', () => {
    const s = expectSupporting('оказывает социальную помощь малообеспеченным гражданам;', false);
    expect(s.confidence).toBeGreaterThanOrEqual(0.8);
    expectSupporting('осуществляет государственный контроль в сфере туризма;', false);
    expectSupporting('разрабатывает и утверждает правила рыболовства;', false);
  });

  it('decides by the head action, with low confidence when a later clause is internal', () => {
    const s = expectSupporting(
      'организует детский отдых в летний период, устанавливает лимит штатной численности лагерей;',
      false,
      false,
    );
    expect(s.reason).toContain('later clause');
  });

  it('leaves catch-all clauses and statements without an action undecided', () => {
    expectSupporting('осуществляет иные полномочия, предусмотренные законами Республики Казахстан.', null, false);
    expectSupporting('в области туризма и спорта', null, false);
  });

  it('offers Kazakh text as a hint only', () => {
    const s = suggestSupporting('туристерге ақпараттық қызмет көрсетеді;');
    expect(s.supporting).toBe(false);
    expect(s.confident).toBe(false);
  });
});
