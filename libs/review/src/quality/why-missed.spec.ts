import { runReview } from '../engine/engine.js';
import { reviewFunction as fn, typicalHolder as holder } from '../engine/records.fixtures.js';
import { MissedPairs } from './why-missed.js';

describe('where an unreported pair was lost', () => {
  const min = holder('MIN', 'MINISTRY', 'CENTRAL');
  const akimat = holder('AKIMAT', 'AKIMAT', 'REGIONAL');
  const functions = [
    fn(
      'roads-rep',
      'осуществляет строительство, реконструкцию и содержание автомобильных дорог республиканского значения',
      min,
    ),
    fn(
      'roads-obl',
      'осуществляет строительство, реконструкцию и содержание автомобильных дорог областного значения',
      akimat,
    ),
    fn('rules', 'утверждает правила выдачи лицензий на оптовую торговлю алкогольной продукцией', min),
    fn('policy', 'реализует государственную политику в области здравоохранения', akimat),
    fn('drugs', 'организует закуп лекарственных средств для организаций здравоохранения', akimat),
    fn('f1', 'ведет государственный кадастр недвижимости', min),
    fn('f2', 'организует мероприятия по охране атмосферного воздуха', akimat),
    fn('f3', 'выдает лицензии на оптовую торговлю алкогольной продукцией', akimat),
  ];
  const missed = new MissedPairs(functions);

  it('names the stage for pairs the review does not report', () => {
    const reported = runReview(functions).pairs.map((p) => [p.a.externalId, p.b.externalId].sort().join('|'));
    expect(reported).not.toContain('roads-obl|roads-rep');
    expect(reported).not.toContain('f3|rules');
    expect(reported).not.toContain('drugs|policy');
    expect(missed.at('roads-rep', 'roads-obl')).toBe('scope rule SCOPE_DISJOINT');
    expect(missed.at('rules', 'f3')).toBe('rule-making against execution, or an exclusion');
    expect(missed.at('policy', 'drugs')).toBe('too few shared words');
  });

  it('refuses an id it does not know', () => {
    expect(() => missed.at('policy', 'nowhere')).toThrow('no function nowhere');
  });
});
