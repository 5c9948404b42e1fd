import { FlagInput, transferFlags } from './transfer-flags.js';

const base = (over: Partial<FlagInput>): FlagInput => ({
  title: '',
  type: 'IMPLEMENTING',
  typeIsSuggestion: false,
  supporting: false,
  sector: 'culture',
  holder: { code: 'MIN', level: 'CENTRAL', kind: 'MINISTRY' },
  markets: [],
  duplicates: [],
  ...over,
});

const options = (input: FlagInput) => Object.fromEntries(transferFlags(input).map((f) => [f.option, f.strength]));

describe('transfer flags', () => {
  it('flags a service-like implementing function for the market, strongly when a market is recorded for its sphere', () => {
    const title = 'организует проведение фестивалей народного творчества';
    expect(options(base({ title }))).toEqual({ COMPETITIVE_ENVIRONMENT: 'WEAK' });
    const market = {
      kind: 'PROVIDERS' as const,
      sector: 'culture',
      keywords: ['фестиваль'],
      name: 'агентства',
      providers: 9,
      source: null,
    };
    const flags = transferFlags(base({ title, markets: [market] }));
    expect(flags.map((f) => [f.option, f.strength])).toEqual([['COMPETITIVE_ENVIRONMENT', 'STRONG']]);
    const reasons = flags[0].reasons;
    expect(reasons.map((r) => r.code)).toEqual(['SERVICE_LIKE', 'MARKET']);
    expect(reasons[0].text).toContain('проведение фестивалей');
    expect(reasons[1].text).toContain('9 providers');
  });

  it('does not send state powers to the market', () => {
    for (const type of ['REGULATORY', 'CONTROL', 'STRATEGIC']) {
      expect(options(base({ type, title: 'организует проведение конкурсов профессионального мастерства' }))).toEqual(
        {},
      );
    }
  });

  it('matches a sphere only in its sector and only with all its keywords, in any inflection', () => {
    const market = {
      kind: 'SRO' as const,
      sector: 'construction',
      keywords: ['экспертиза', 'проект'],
      name: 'палата экспертов',
      providers: null,
      source: null,
    };
    const title = 'осуществляет государственный контроль за проведением экспертизы проектов';
    expect(options(base({ type: 'CONTROL', sector: 'construction', title, markets: [market] }))).toEqual({
      SRO: 'STRONG',
    });
    expect(options(base({ type: 'CONTROL', sector: 'culture', title, markets: [market] }))).toEqual({});
    expect(
      options(
        base({
          type: 'CONTROL',
          sector: 'construction',
          title: 'осуществляет контроль за проведением экспертизы',
          markets: [market],
        }),
      ),
    ).toEqual({});
  });

  it('sends matters of local significance held higher up to local self-government', () => {
    const title = 'организует благоустройство и озеленение населенных пунктов';
    expect(
      options(base({ title, type: 'IMPLEMENTING', holder: { code: 'OBL', level: 'REGIONAL', kind: 'AKIMAT' } })),
    ).toMatchObject({ LOCAL_SELF_GOVERNMENT: 'STRONG' });
    expect(options(base({ title, holder: { code: 'DIST', level: 'DISTRICT', kind: 'AKIMAT' } }))).toMatchObject({
      LOCAL_SELF_GOVERNMENT: 'WEAK',
    });
    expect(options(base({ title, holder: { code: 'RUR', level: 'RURAL', kind: 'AKIM' } }))).not.toHaveProperty(
      'LOCAL_SELF_GOVERNMENT',
    );
  });

  it('turns duplicates of other holders into another-body and abolition options, with the other function named', () => {
    const flags = transferFlags(
      base({
        title: 'ведет учет детей дошкольного возраста',
        duplicates: [{ otherCode: 'F-0000007', otherHolder: 'OBL', band: 'DUPLICATE', axis: 'VERTICAL', score: 1 }],
      }),
    );
    expect(flags.map((f) => [f.option, f.strength])).toEqual([
      ['OTHER_BODY_OR_LEVEL', 'STRONG'],
      ['ABOLISH', 'WEAK'],
    ]);
    expect(flags[0].reasons[0].text).toMatch(/duplicates F-0000007 held by OBL \(VERTICAL, score 1\.00\)/);
  });

  it('offers a supporting function to a centralised service and a catch-all clause for abolition', () => {
    expect(
      options(base({ title: 'обеспечивает кадровую работу аппарата', supporting: true, type: 'IMPLEMENTING' })),
    ).toMatchObject({ OTHER_BODY_OR_LEVEL: 'WEAK' });
    expect(options(base({ title: 'осуществляет иные полномочия, предусмотренные законами', type: null }))).toEqual({
      ABOLISH: 'WEAK',
    });
  });
});
