import { LegalActType } from '../enums.js';
import { parseActTitle } from './act-title.js';

describe('parseActTitle', () => {
  it('reads type, date and number from a law citation', () => {
    expect(parseActTitle('Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»')).toEqual({
      actType: LegalActType.LAW,
      adoptedOn: '2007-07-27',
      number: '319-III',
    });
  });

  it('recognises codes, decrees and resolutions', () => {
    expect(parseActTitle('Бюджетный кодекс Республики Казахстан от 15 марта 2025 года').actType).toBe(
      LegalActType.CODE,
    );
    expect(parseActTitle('Указ Президента Республики Казахстан от 10 июня 2025 года № 904').number).toBe('904');
    expect(parseActTitle('Постановление Правительства Республики Казахстан от 1 февраля 2024 г. № 55').adoptedOn).toBe(
      '2024-02-01',
    );
  });

  it('leaves unknown parts empty rather than guessing', () => {
    expect(parseActTitle('Положение о министерстве')).toEqual({
      actType: LegalActType.REGULATION,
      adoptedOn: null,
      number: null,
    });
    expect(parseActTitle('Некий документ')).toEqual({ actType: LegalActType.OTHER, adoptedOn: null, number: null });
  });
});
