import { suggestType } from './suggest-type.js';
import { TYPE_CONFIDENCE_THRESHOLD, TypeSuggestion } from './types.js';

// Made-up statements in the style of competence articles (tourism, fisheries, sport ...), one or
// more per rule; none is taken from the labelled sets.

function expectType(title: string, type: TypeSuggestion['type'], confident = true): TypeSuggestion {
  const s = suggestType(title);
  expect({ title, type: s.type, confident: s.confident }).toEqual({ title, type, confident });
  return s;
}

describe('type suggestion: regulatory', () => {
  it('reads a rule verb with a normative object as regulatory, naming both', () => {
    const s = expectType(
      'разрабатывает и утверждает правила использования спортивных площадок во дворах;',
      'REGULATORY',
    );
    expect(s.verb).toBe('разрабатывает и утверждает');
    expect(s.object).toBe('правила');
    expect(s.reason).toContain('«правила»');
    expect(s.reason).toContain('→ REGULATORY');
  });

  it('knows the normative objects: standards, methods, requirements, lists, classifiers, model documents', () => {
    expectType('утверждает стандарты оказания туристских услуг;', 'REGULATORY');
    expectType('устанавливает требования к оборудованию пунктов проката;', 'REGULATORY');
    expectType('определяет порядок учета маломерных судов;', 'REGULATORY');
    expectType('утверждает перечень особо ценных видов рыб;', 'REGULATORY');
    expectType('разрабатывает классификатор объектов туристской инфраструктуры;', 'REGULATORY');
    const typical = expectType('утверждает типовые учебные планы курсов гидов;', 'REGULATORY');
    expect(typical.object).toBe('типовые учебные планы');
  });

  it('folds verb forms: plural, infinitive after «вправе», nominalised statements', () => {
    expectType('утверждают нормативы обеспеченности спортивными сооружениями;', 'REGULATORY');
    expectType('вправе устанавливать требования к маркировке рыбной продукции;', 'REGULATORY');
    const nominal = expectType('утверждение методики расчета стоимости путевок', 'REGULATORY');
    expect(nominal.verb).toBe('утверждение');
  });

  it('sees past partners and stock phrases before the object', () => {
    expectType(
      'по согласованию с уполномоченным органом в области охраны окружающей среды утверждает правила рыболовства;',
      'REGULATORY',
    );
    expectType(
      'разрабатывает совместно с уполномоченным органом по туризму методику оценки туристских маршрутов в пределах своей компетенции;',
      'REGULATORY',
    );
  });

  it('keeps the spelling of the statement in verb and object', () => {
    const s = suggestType('Утверждает Правила охоты на территории заказников;');
    expect(s.verb).toBe('Утверждает');
    expect(s.object).toBe('Правила');
  });
});

describe('type suggestion: strategic', () => {
  it('reads forming state policy, strategies and concepts as strategic', () => {
    const s = expectType('формирует государственную политику в сфере туристской деятельности;', 'STRATEGIC');
    expect(s.object).toBe('государственную политику');
    expectType('разрабатывает концепцию развития рыбного хозяйства;', 'STRATEGIC');
    expectType('утверждает стратегию развития массового спорта;', 'STRATEGIC');
    expectType('определяет основные направления государственной политики в области спорта;', 'STRATEGIC');
  });

  it('reads carrying out a policy as implementing', () => {
    const s = expectType('реализует государственную политику в сфере туристской деятельности;', 'IMPLEMENTING');
    expect(s.reason).toContain('not forming it');
    expectType('обеспечивает проведение государственной политики в области спорта;', 'IMPLEMENTING');
  });

  it('doubts a mere plan or programme', () => {
    expectType('утверждает план мероприятий по проведению праздника;', 'STRATEGIC', false);
  });
});

describe('type suggestion: control', () => {
  it('reads state control and supervision as control, also nominalised', () => {
    const s = expectType(
      'осуществляет государственный контроль за соблюдением законодательства о пожарной безопасности;',
      'CONTROL',
    );
    expect(s.verb).toBe('осуществляет');
    expect(s.object).toBe('государственный контроль');
    expectType('осуществление государственного надзора за безопасностью лифтов', 'CONTROL');
    expectType('контролирует соблюдение сроков навигации;', 'CONTROL');
  });

  it('reads inspections, sanctions and orders as control', () => {
    expectType('проводит проверки деятельности частных охранных организаций;', 'CONTROL');
    expectType('привлекает к административной ответственности нарушителей правил рыболовства;', 'CONTROL');
    expectType('выдает обязательные для исполнения предписания об устранении нарушений правил охоты;', 'CONTROL');
    expectType('налагает штрафы за нарушение правил охоты;', 'CONTROL');
  });

  it('tells monitoring of compliance from other monitoring', () => {
    expectType('осуществляет мониторинг за соблюдением требований к туристским маршрутам;', 'CONTROL');
    expectType('осуществляет мониторинг посещаемости музеев;', 'IMPLEMENTING', false);
  });
});

describe('type suggestion: licensing, the hard case', () => {
  it('reads issuing licences as implementing and supervising licensees as control', () => {
    expectType('выдает лицензии на туроператорскую деятельность;', 'IMPLEMENTING');
    expectType('осуществляет лицензирование деятельности в сфере охоты;', 'IMPLEMENTING');
    expectType('приостанавливает действие лицензий на туроператорскую деятельность;', 'CONTROL');
    expectType('осуществляет контроль за соблюдением лицензиатами квалификационных требований;', 'CONTROL');
  });
});

describe('type suggestion: implementing', () => {
  it('reads organising, ensuring, providing, issuing, keeping registers and financing as implementing', () => {
    for (const title of [
      'организует проведение республиканских спортивных соревнований;',
      'обеспечивает функционирование туристских информационных центров;',
      'оказывает государственные услуги в сфере рыбного хозяйства;',
      'выдает разрешения на любительское рыболовство;',
      'ведет государственный реестр туристских маршрутов;',
      'финансирует строительство спортивных сооружений;',
      'создает, реорганизует и ликвидирует государственные организации спорта;',
    ]) {
      const s = expectType(title, 'IMPLEMENTING');
      expect(s.confidence).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('quotes a chain of verbs as written', () => {
    expect(suggestType('создает, реорганизует и ликвидирует государственные организации спорта;').verb).toBe(
      'создает, реорганизует и ликвидирует',
    );
  });

  it('reads approving a particular matter as implementing, without confidence, with regulatory as the alternative', () => {
    const s = expectType('утверждает государственный заказ на подготовку гидов-экскурсоводов;', 'IMPLEMENTING', false);
    expect(s.alternatives[0].type).toBe('REGULATORY');
  });
});

describe('type suggestion: several clauses', () => {
  it('decides by the head action, lowers the confidence and offers the other type', () => {
    const alone = suggestType('организует проведение ярмарок народных промыслов;');
    const mixed = suggestType(
      'организует проведение ярмарок народных промыслов и осуществляет контроль за их проведением;',
    );
    expect(mixed.type).toBe('IMPLEMENTING');
    expect(mixed.confidence).toBeLessThan(alone.confidence);
    expect(mixed.alternatives.map((a) => a.type)).toContain('CONTROL');
    expect(mixed.reason).toContain('CONTROL');
  });

  it('lets rule-making head a statement that also executes', () => {
    const s = suggestType(
      'разрабатывает и утверждает правила выдачи охотничьих билетов, а также выдает охотничьи билеты;',
    );
    expect(s.type).toBe('REGULATORY');
    expect(s.alternatives.map((a) => a.type)).toContain('IMPLEMENTING');
  });
});

describe('type suggestion: nothing decides', () => {
  it('gives no type to catch-all and general clauses', () => {
    for (const title of [
      'осуществляет иные полномочия, возлагаемые на него законодательством Республики Казахстан.',
      'осуществляет стратегические, регулятивные, реализационные и контрольно-надзорные функции в сфере туризма;',
      'в области туризма и спорта',
    ]) {
      const s = suggestType(title);
      expect({ title, type: s.type, confident: s.confident, confidence: s.confidence }).toEqual({
        title,
        type: null,
        confident: false,
        confidence: 0,
      });
      expect(s.reason).toMatch(/no type/);
    }
  });

  it('does not trust a verb it does not know', () => {
    const s = suggestType('курирует вопросы развития туризма;');
    expect(s.confident).toBe(false);
    expect(s.reason).toContain('«курирует»');
  });
});

describe('type suggestion: Kazakh (modest)', () => {
  it('reads the common verbs with their objects, verb last', () => {
    expect(suggestType('туризм саласындағы мемлекеттік саясатты қалыптастырады;').type).toBe('STRATEGIC');
    const rules = suggestType('аңшылық қағидаларын әзірлейді және бекітеді;');
    expect(rules.type).toBe('REGULATORY');
    expect(rules.verb).toBe('әзірлейді және бекітеді');
    expect(rules.object).toBe('қағидаларын');
    expect(suggestType('балық аулау саласында мемлекеттік бақылауды жүзеге асырады;').type).toBe('CONTROL');
    expect(suggestType('туристік қызметке лицензиялар береді;').type).toBe('IMPLEMENTING');
    expect(suggestType('спорттық жарыстар ұйымдастырады;').type).toBe('IMPLEMENTING');
    expect(suggestType('туристік ақпарат орталықтарының жұмысын қамтамасыз етеді;').type).toBe('IMPLEMENTING');
  });

  it('holds a Kazakh reading less sure than its Russian counterpart', () => {
    const kk = suggestType('аңшылық қағидаларын бекітеді;', 'kk');
    const ru = suggestType('утверждает правила охоты;', 'ru');
    expect(kk.type).toBe(ru.type);
    expect(kk.confidence).toBeLessThan(ru.confidence);
  });

  it('gives no type to a Kazakh catch-all clause', () => {
    expect(suggestType('заңнамада көзделген өзге де өкілеттіктерді жүзеге асырады.').type).toBeNull();
  });
});

describe('type suggestion: shape', () => {
  it('is confident exactly at the threshold and keeps alternatives below the choice', () => {
    const titles = [
      'разрабатывает и утверждает правила использования спортивных площадок во дворах;',
      'утверждает государственный заказ на подготовку гидов-экскурсоводов;',
      'организует проведение ярмарок и осуществляет контроль за их проведением;',
      'осуществляет мониторинг посещаемости музеев;',
      'курирует вопросы развития туризма;',
    ];
    for (const t of titles) {
      const s = suggestType(t);
      expect(s.confident).toBe(s.confidence >= TYPE_CONFIDENCE_THRESHOLD);
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
      for (const a of s.alternatives) {
        expect(a.type).not.toBe(s.type);
        expect(a.confidence).toBeLessThanOrEqual(s.confidence);
      }
      const sorted = [...s.alternatives].sort((a, b) => b.confidence - a.confidence);
      expect(s.alternatives).toEqual(sorted);
    }
  });
});
