import {
  columnOfField,
  functionColumns,
  layoutProblems,
  lineToRow,
  parseTag,
  rowToLine,
  tagText,
} from './function-sheet.js';
import { checkFunctionLine } from './interchange-line.js';

const LAW = 'Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»';

/** An exported line with everything a line can carry. */
const EXPORTED = {
  externalId: 'ala_kk_1',
  code: 'F-0000009',
  title: 'мектепке дейінгі ұйымдардың жұмысын қамтамасыз етеді;',
  lang: 'kk',
  titleRu: 'обеспечивает функционирование дошкольных организаций;',
  type: 'CONTROL',
  suggestedType: 'IMPLEMENTING',
  sector: 'education',
  status: 'ACTIVE',
  supporting: false,
  description: 'две\nстроки',
  agency: {
    code: 'ALA_EDU',
    name: 'Управление образования города Алматы',
    nameKk: null,
    kind: 'DEPARTMENT',
    level: 'REGIONAL',
    territoryKinds: ['CITY_REP'],
    territory: '750000000',
    collegial: false,
    parentCode: 'EDU_CRS',
  },
  legalBasis: [
    { act: LAW, actCode: 'Z070000319_', article: '6', clause: '6.3', subclause: '1', quote: 'текст; нормы' },
    { act: 'Положение об управлении', article: '12', url: 'https://example.kz/p#12' },
  ],
  tags: [{ value: 'covid:19' }, { value: 'пилот' }, { value: 'high', vocabulary: 'priority' }],
  coExecutors: ['EDU_MIN', 'KZ-GOV'],
};

const ANNOTATIONS = [{ key: 'suggestedType' }];

/** A row as a sheet gives it back: every column of the layout present, empty cells null. */
function asRead(row: Record<string, unknown>, groups = 2) {
  const values: Record<string, unknown> = {};
  for (const c of functionColumns(ANNOTATIONS, groups)) {
    const v = row[c.key];
    values[c.key] = v === undefined || (Array.isArray(v) && v.length === 0) ? null : v;
  }
  return values;
}

describe('functions as spreadsheet rows', () => {
  it('writes tags so that they read back the same, free tags that look like vocabulary terms included', () => {
    const tags = [
      { value: 'пилот' },
      { value: 'high', vocabulary: 'priority' },
      { value: 'covid:19' },
      { value: ':x' },
      { value: 'Тема: школы' },
    ];
    const texts = tags.map(tagText);
    expect(texts).toEqual(['пилот', 'priority:high', ':covid:19', '::x', 'Тема: школы']);
    expect(texts.map(parseTag)).toEqual(tags);
  });

  it('turns an exported line into a row and back into the same interchange object', () => {
    const row = lineToRow(EXPORTED, ANNOTATIONS);
    expect(row).toMatchObject({
      titleKk: EXPORTED.title,
      titleRu: EXPORTED.titleRu,
      suggestedType: 'IMPLEMENTING',
      tags: [':covid:19', 'пилот', 'priority:high'],
      'basis2.url': 'https://example.kz/p#12',
      'basis2.act': 'Положение об управлении',
    });
    const values = asRead(row);
    const { line } = rowToLine(values, new Set(Object.keys(values)));
    const { code: _code, suggestedType: _s, ...expected } = EXPORTED;
    // Keys the line leaves out come back as null: the sheet has the column, and for these null and absent mean the same on import.
    expect(line).toEqual({ ...expected, agency: { ...expected.agency, nameKk: null } });
    expect(Array.isArray(checkFunctionLine(line, 2))).toBe(false);
  });

  it('leaves out the keys of missing columns, and gives null or an empty list for empty cells', () => {
    const present = new Set([
      'externalId',
      'titleRu',
      'type',
      'agency.code',
      'agency.name',
      'agency.level',
      'tags',
      'coExecutors',
    ]);
    const { line } = rowToLine(
      {
        externalId: ' f1 ',
        titleRu: 'ведет учет;',
        type: null,
        'agency.code': 'A',
        'agency.name': 'Орган',
        'agency.level': ' regional',
        tags: null,
        coExecutors: null,
      },
      present,
    );
    // No `sector`, `legalBasis` or `titleKk` key: the registry keeps what it has for them.
    expect(line).toEqual({
      externalId: 'f1',
      title: 'ведет учет;',
      type: null,
      agency: { code: 'A', name: 'Орган', level: 'REGIONAL' },
      tags: [],
      coExecutors: [],
    });
  });

  it('upper-cases enumerations and lower-cases the language, so a typed "control" means CONTROL', () => {
    const values = {
      externalId: 'f',
      lang: 'KK',
      titleKk: 'бақылайды',
      type: 'control',
      status: 'active ',
      'agency.code': 'A',
      'agency.name': 'N',
      'agency.level': 'central',
      'agency.kind': 'ministry',
      'agency.territoryKinds': ['republic'],
    };
    const { line } = rowToLine(values, new Set(Object.keys(values)));
    expect(line).toMatchObject({
      lang: 'kk',
      title: 'бақылайды',
      type: 'CONTROL',
      status: 'ACTIVE',
      agency: { level: 'CENTRAL', kind: 'MINISTRY', territoryKinds: ['REPUBLIC'] },
    });
  });

  it("skips empty provision groups and still names the right cell for a provision's problem", () => {
    const values = asRead(
      {
        externalId: 'f',
        titleRu: 't',
        'agency.code': 'A',
        'agency.name': 'N',
        'agency.level': 'CENTRAL',
        'basis3.act': LAW,
        'basis3.actCode': 'bad code',
      },
      3,
    );
    const row = rowToLine(values, new Set(Object.keys(values)));
    expect(row.line.legalBasis).toEqual([{ act: LAW, actCode: 'bad code' }]);
    expect(row.basisGroups).toEqual([3]);
    const problems = checkFunctionLine(row.line, 5);
    expect(problems).toEqual([
      {
        line: 5,
        field: 'legalBasis[0].actCode',
        message: 'legalBasis[0].actCode: must be an adilet.zan.kz document id such as Z070000319_',
      },
    ]);
    expect(columnOfField('legalBasis[0].actCode', row)).toEqual({ key: 'basis3.actCode' });
    expect(columnOfField('title', { line: { lang: 'kk' }, basisGroups: [] })).toEqual({ key: 'titleKk' });
    expect(columnOfField('agency.territoryKinds[1]', row)).toEqual({ key: 'agency.territoryKinds', item: 2 });
  });

  it('finds what makes a whole sheet unusable', () => {
    const cols = (...keys: string[]) => keys.map((key, i) => ({ key, header: key, index: i + 1 }));
    expect(layoutProblems(cols('externalId', 'titleRu', 'basis1.act', 'basis1.article'))).toEqual([]);
    expect(layoutProblems(cols('externalId', 'basis1.act', 'basis2.article'))).toEqual([
      'no title column: the sheet needs titleRu or titleKk',
      'the legal-basis group basis2 has no basis2.act column',
    ]);
  });

  it('puts annotations right after type, and refuses one that takes a key of the format', () => {
    const keys = functionColumns([{ key: 'suggestedType' }, { key: 'confidence', type: 'number' }], 1).map(
      (c) => c.key,
    );
    expect(keys.slice(keys.indexOf('type'), keys.indexOf('type') + 4)).toEqual([
      'type',
      'suggestedType',
      'confidence',
      'sector',
    ]);
    expect(keys.filter((k) => k.startsWith('basis'))).toHaveLength(7);
    expect(() => functionColumns([{ key: 'sector' }])).toThrow(/the field sector is an interchange key/);
  });
});
