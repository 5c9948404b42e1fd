import { fold } from './normalize.js';
import { reviewFunction as fn, typicalHolder as holder } from '../engine/records.fixtures.js';
import { disjointQualifiers, divisionOfLabour, statementScope } from './scope.js';
import { normalizeStatement } from './normalize.js';
import { runReview } from '../engine/engine.js';
import { ReviewFunction } from '../engine/types.js';

const scope = (title: string) => statementScope(normalizeStatement(title).folded, 'ru');

describe('scope of a statement', () => {
  it('reads the action through light verbs, the object head and the area', () => {
    const s = scope('осуществляет государственный контроль в области здравоохранения;');
    expect(s.action).toEqual(['контроль']);
    expect(s.actionClass).toBe('CONTROL');
    expect(s.sphereWords).toEqual(['здравоохранения']);
    expect(s.generic).toBe(true);
    const t = scope('выдает разрешения на специальное водопользование');
    expect(t.action).toEqual(['выдавать']);
    expect(t.objectHead).toBe('разрешение');
    expect(t.generic).toBe(false);
  });

  it('tells rule-making, deciding, proposing, control and execution apart', () => {
    expect(scope('разрабатывает и утверждает правила выдачи разрешений').actionClass).toBe('RULES');
    expect(scope('утверждает программу развития территории').actionClass).toBe('DECIDE');
    expect(scope('вносит предложения в маслихат о ставках платы').actionClass).toBe('PROPOSE');
    expect(scope('реализует программу развития территории').actionClass).toBe('EXECUTE');
    expect(divisionOfLabour('DECIDE', 'EXECUTE')).toMatch(/decides/);
    expect(divisionOfLabour('EXECUTE', 'EXECUTE')).toBeUndefined();
  });

  it('reads one action whether a statement is worded with a verb or with a noun', () => {
    const noun = scope(
      'принятие решения о предоставлении земельных участков для индивидуального жилищного строительства',
    );
    const verb = scope('принимает решение о предоставлении земельных участков');
    expect(noun.action).toEqual(verb.action);
    expect(noun.actionClass).toBe('DECIDE');
    expect(divisionOfLabour(noun.actionClass, verb.actionClass)).toBeUndefined();
    expect(scope('рассмотрение обращений граждан и юридических лиц').action).toEqual(
      scope('рассматривает обращения граждан').action,
    );
    // An area is never the action of a statement without a verb.
    expect(scope('в области охраны окружающей среды').action).toEqual([]);
  });

  it('finds scopes that do not meet, but not the holder’s own territory', () => {
    const republican = scope('организует строительство автомобильных дорог республиканского значения');
    const district = scope('организует строительство автомобильных дорог районного значения');
    expect(disjointQualifiers(republican, district)).toMatch(/republican vs district/);
    const own = scope('создает условия для развития предпринимательства на территории области');
    const ownDistrict = scope('создает условия для развития предпринимательства на территории района');
    expect(disjointQualifiers(own, ownDistrict)).toBeUndefined();
    expect(fold('РК')).toBe('республики казахстан');
  });

  it('reads a city of republican significance as a kind of territory, and a budget of a unit as that tier’s', () => {
    // Where a body acts nests: the oblast's territory holds the district's.
    const city = scope(
      'создает условия для развития предпринимательства на территории области, города республиканского значения',
    );
    const district = scope(
      'создает условия для развития предпринимательства на территории района (города областного значения)',
    );
    expect(disjointQualifiers(city, district)).toBeUndefined();
    // Whose a body or a budget is does not: the oblast's commission is not the district's.
    const regional = scope('образует бюджетную комиссию области, города республиканского значения, столицы');
    const local = scope('образует бюджетную комиссию района (города областного значения)');
    expect(regional.qualifiers['tier of the body or budget']).toEqual(['regional']);
    expect(disjointQualifiers(regional, local)).toMatch(/regional vs district/);
    // «в области здравоохранения» is an area, not an oblast.
    expect(scope('утверждает правила в области здравоохранения').qualifiers).toEqual({});
  });
});

describe('scope rules in the review', () => {
  const min = holder('MIN', 'MINISTRY', 'CENTRAL');
  const akimat = holder('AKIMAT', 'AKIMAT', 'REGIONAL');
  const masl = holder('MASL', 'MASLIKHAT', 'REGIONAL');
  const filler = [
    fn('f1', 'ведет государственный кадастр недвижимости', min),
    fn('f2', 'организует мероприятия по охране атмосферного воздуха', akimat),
    fn('f3', 'выдает лицензии на оптовую торговлю алкогольной продукцией', akimat),
    fn('f4', 'создает условия для развития спорта в сельской местности', akimat),
  ];
  const pairsOf = (functions: ReviewFunction[]) =>
    runReview([...functions, ...filler]).pairs.map((p) => [p.a.externalId, p.b.externalId].sort().join('|'));

  it('reports a statement over a whole area against the same action within a part of it, with the reason', () => {
    const functions = [
      fn('a', 'осуществляет государственный контроль в области здравоохранения', akimat),
      fn('b', 'организует и осуществляет контроль за деятельностью субъектов здравоохранения', min),
    ];
    const pair = runReview([...functions, ...filler]).pairs.find(
      (p) => p.a.externalId === 'a' || p.b.externalId === 'a',
    );
    expect(pair?.band).toBe('OVERLAP');
    expect(pair?.reasons.map((r) => r.code)).toContain('SCOPE_CONTAINS');
  });

  it('does not report one body approving what another carries out', () => {
    expect(
      pairsOf([
        fn('a', 'утверждает программу развития территории области и отчет о ее исполнении', masl),
        fn('b', 'разрабатывает и реализует программу развития территории области, отчет о ее исполнении', akimat),
      ]),
    ).toEqual([]);
  });

  it('does not report disjoint scopes with the same words', () => {
    expect(
      pairsOf([
        fn(
          'a',
          'осуществляет строительство, реконструкцию и содержание автомобильных дорог республиканского значения',
          min,
        ),
        fn(
          'b',
          'осуществляет строительство, реконструкцию и содержание автомобильных дорог областного значения',
          akimat,
        ),
      ]),
    ).toEqual([]);
  });
});
