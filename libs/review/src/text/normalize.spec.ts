import { actionProfile, clausesOf, headOf, ruleMakingVersusExecution } from './action.js';
import { normalizeStatement } from './normalize.js';

describe('normalising function statements', () => {
  it('folds verb and noun forms and drops stock phrases of legal text', () => {
    const a = normalizeStatement(
      'осуществляет государственный контроль в пределах своей компетенции в соответствии с законодательством Республики Казахстан',
    );
    const b = normalizeStatement('осуществление государственного контроля');
    expect(a.tokens).toEqual(b.tokens);
    expect(a.tokens).not.toContain('компет');
  });

  it('recognises catch-all clauses and what a statement excludes', () => {
    expect(
      normalizeStatement('осуществляет иные полномочия, возлагаемые на местные исполнительные органы законодательством')
        .catchAll,
    ).toBe(true);
    const n = normalizeStatement(
      'утверждает типовые правила деятельности организаций образования, за исключением организаций высшего образования',
    );
    expect(n.excluded).toEqual(expect.arrayContaining(['высш']));
    expect(n.tokens).not.toContain('высш');
  });

  it('detects Kazakh text and compares it by character n-grams, so inflected forms meet', () => {
    const a = normalizeStatement('білім беру саласындағы мемлекеттік саясатты қалыптастырады');
    const b = normalizeStatement('білім беру саласындағы мемлекеттік саясатты қалыптастыру');
    expect(a.lang).toBe('kk');
    const shared = a.tokens.filter((t) => b.tokens.includes(t)).length;
    expect(shared / a.tokens.length).toBeGreaterThan(0.9);
  });

  it('writes out abbreviations of legal text', () => {
    expect(normalizeStatement('разрабатывает НПА').tokens).toEqual(
      normalizeStatement('разрабатывает нормативные правовые акты').tokens,
    );
  });
});

describe('actions and clauses', () => {
  it('tells rule-making from execution', () => {
    const rules = actionProfile('разрабатывает и утверждает правила выдачи разрешения на обучение в форме экстерната');
    const doing = actionProfile('выдает разрешение на обучение в форме экстерната');
    expect(rules).toEqual({ ruleMaking: true, execution: false });
    expect(doing).toEqual({ ruleMaking: false, execution: true });
    expect(ruleMakingVersusExecution(rules, doing)).toBe(true);
    // Approving a state order is an act of execution, not of rule-making.
    expect(actionProfile('утверждает государственный образовательный заказ').ruleMaking).toBe(false);
  });

  it('splits clauses and finds the head of a statement', () => {
    expect(clausesOf('осуществляет руководство работой, утверждает правила организации работы, правила учета')).toEqual(
      ['осуществляет руководство работой', 'утверждает правила организации работы', 'правила учета'],
    );
    expect(
      headOf('создает, реорганизует и ликвидирует государственные организации образования, реализующие программы'),
    ).toBe('создает реорганизует и ликвидирует государственные организации образования');
  });
});
