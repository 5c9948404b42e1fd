import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CountCache, readTable, writeTable } from '../libs/core/src/index.js';
import {
  AnnotationField,
  ExportService,
  FUNCTION_ANNOTATOR,
  FunctionAnnotator,
  ImportError,
  ImportService,
} from '../libs/registry/src/index.js';
import { functionColumns } from '../libs/registry/src/interchange/function-sheet.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

/** Row counts of the registry's tables, and its highest function version. */
interface Counts {
  functions: number;
  agencies: number;
  bases: number;
  acts: number;
  tags: number;
  co: number;
  revisions: number;
  version: number;
}

const counts = async (t: TestApp): Promise<Counts> => {
  const [row]: Counts[] = await t.ds
    .query(`SELECT (SELECT count(*) FROM state_function)::int AS functions, (SELECT count(*) FROM agency)::int AS agencies,
    (SELECT count(*) FROM legal_basis)::int AS bases, (SELECT count(*) FROM legal_act)::int AS acts,
    (SELECT count(*) FROM function_tag)::int AS tags, (SELECT count(*) FROM function_co_executor)::int AS co,
    (SELECT count(*) FROM function_revision)::int AS revisions, (SELECT max(version) FROM state_function)::int AS version`);
  return row;
};

const LAW = 'Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»';

/** Functions that use what the dev set does not: Kazakh statements, several provisions, tags, co-executors, a specific holder. */
const EXTRA = [
  {
    externalId: 'zz_kk_1',
    title: 'мектепке дейінгі ұйымдардың жұмысын қамтамасыз етеді;',
    titleRu: 'обеспечивает функционирование дошкольных организаций;',
    lang: 'kk',
    type: 'CONTROL',
    sector: 'education',
    status: 'UNDER_REVIEW',
    supporting: true,
    description: 'Строка 1\r\nСтрока 2; с точкой с запятой, «кавычками» и "двойными"',
    agency: {
      code: 'ALA_EDU',
      name: 'Управление образования города Алматы',
      nameKk: 'Алматы қаласының білім басқармасы',
      kind: 'DEPARTMENT',
      level: 'REGIONAL',
      territoryKinds: ['CITY_REP'],
      territory: '750000000',
      collegial: false,
      parentCode: 'EDU_CRS',
    },
    legalBasis: [
      {
        act: LAW,
        actCode: 'Z070000319_',
        article: '6',
        clause: '6.3',
        subclause: '1',
        quote: 'обеспечивает;\nфункционирование',
        url: 'https://adilet.zan.kz/rus/docs/Z070000319_#z6',
      },
      { act: 'Положение об управлении образования города Алматы', article: '12' },
    ],
    tags: [{ value: 'covid:19' }, { value: 'пилот' }, { value: 'high', vocabulary: 'priority' }],
    coExecutors: ['EDU_MIN'],
  },
  {
    externalId: 'zz_ru_2',
    title: 'ведет учет детей дошкольного возраста;',
    titleKk: 'мектеп жасына дейінгі балаларды есепке алады;',
    lang: 'ru',
    type: null,
    agency: {
      code: 'ALA_EDU',
      name: 'Управление образования города Алматы',
      kind: 'DEPARTMENT',
      level: 'REGIONAL',
      territoryKinds: ['CITY_REP'],
      territory: '750000000',
      collegial: false,
      parentCode: 'EDU_CRS',
    },
    legalBasis: [],
  },
];

/** A stand-in for the annotator someone else provides: the hook is what is tested here. */
const annotator: FunctionAnnotator = {
  fields: [{ key: 'suggestedType', description: 'type suggested from the statement' }],
  annotate: (functions) =>
    functions.map((f) => ({
      suggestedType: /контрол|бақыла/i.test(f.title) ? 'CONTROL' : 'IMPLEMENTING',
      other: 'not declared',
    })),
};

async function addVocabulary(t: TestApp) {
  ok(await t.gql(`mutation { createTagVocabulary(input: { code: "priority", name: "Приоритет" }) { id } }`));
  ok(await t.gql(`mutation { createTag(input: { vocabulary: "priority", value: "high" }) { id } }`));
}

/** The fields of the annotator the application was given, if any. */
function annotationsOf(t: TestApp): readonly AnnotationField[] {
  try {
    return t.app.get<FunctionAnnotator>(FUNCTION_ANNOTATOR, { strict: false }).fields;
  } catch {
    return [];
  }
}

/** The data rows of an exported sheet, by column key, without the registry code (assigned by each registry). */
async function sheetRows(path: string, annotations: readonly AnnotationField[]) {
  const { rows, problems } = await readTable(path, functionColumns(annotations));
  expect(problems).toEqual([]);
  return rows.map(({ values: { code: _code, ...rest } }) => rest);
}

describe('spreadsheet import and export (XLSX, CSV)', () => {
  let t: TestApp;
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'registry-tabular-'));
    await addVocabulary(t);
    await t.get(ImportService).importFile(DEV_SET);
    writeFileSync(file('extra.jsonl'), EXTRA.map((l) => JSON.stringify(l)).join('\n'));
    await t.get(ImportService).importFile(file('extra.jsonl'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('picks the format by extension and refuses others', async () => {
    copyFileSync(DEV_SET, file('dev.NDJSON'));
    expect(await t.get(ImportService).importFile(file('dev.NDJSON'))).toMatchObject({
      functionsInserted: 0,
      functionsUnchanged: 237,
    });
    await expect(t.get(ImportService).importFile(file('dev.txt'))).rejects.toThrow(
      /dev\.txt: cannot tell the file format from the extension \.txt/,
    );
    await expect(t.get(ExportService).exportFile(file('out.ods'))).rejects.toThrow(/use \.xlsx, \.csv or \.jsonl/);
  });

  it.each(['xlsx', 'csv'])('exports the registry to %s, and re-importing the export changes nothing', async (ext) => {
    const path = file(`registry.${ext}`);
    const progress: string[] = [];
    expect(await t.get(ExportService).exportFile(path, {}, (m) => progress.push(m))).toEqual({ functions: 239 });
    expect(progress).toContain('exported 239 functions');
    const rows = await sheetRows(path, annotationsOf(t));
    expect(rows).toHaveLength(239);
    const kk = rows.find((r) => r.externalId === 'zz_kk_1')!;
    expect(kk).toMatchObject({
      lang: 'kk',
      titleKk: EXTRA[0].title,
      titleRu: EXTRA[0].titleRu,
      type: 'CONTROL',
      supporting: true,
      description: EXTRA[0].description,
      'agency.territoryKinds': ['CITY_REP'],
      'agency.territory': '750000000',
      'agency.parentCode': 'EDU_CRS',
      tags: [':covid:19', 'пилот', 'priority:high'],
      coExecutors: ['EDU_MIN'],
      'basis1.act': LAW,
      'basis1.subclause': '1',
      'basis1.quote': 'обеспечивает;\nфункционирование',
      'basis2.act': 'Положение об управлении образования города Алматы',
      'basis2.article': '12',
    });
    // Without an annotator nothing is added.
    const plain = file(`plain.${ext}`);
    await new ExportService(t.ds).exportFile(plain);
    const { columns } = await readTable(plain, functionColumns());
    expect(columns.map((c) => c.key).slice(5, 7)).toEqual(['type', 'sector']);

    const before = await counts(t);
    const summary = await t.get(ImportService).importFile(path);
    expect(summary).toMatchObject({
      lines: 239,
      functionsInserted: 0,
      functionsUpdated: 0,
      functionsUnchanged: 239,
      agenciesInserted: 0,
      agenciesUpdated: 0,
      legalActsInserted: 0,
      legalBases: 0,
    });
    expect(await counts(t)).toEqual(before);
  });

  it('writes XLSX with the functions sheet first and a README legend', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('registry.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['functions', 'README']);
    const header = wb.worksheets[0].getRow(1).values as string[];
    const annotations = annotationsOf(t).map((f) => f.header ?? f.key);
    expect(header.slice(1, 8 + annotations.length)).toEqual([
      'externalId',
      'code',
      'lang',
      'titleRu',
      'titleKk',
      'type',
      ...annotations,
      'sector',
    ]);
    // The widest function has two provisions: two groups of legal-basis columns, no more.
    expect(header.filter((h) => /^basis\d+\.act$/.test(h))).toEqual(['basis1.act', 'basis2.act']);
    const legend = wb
      .getWorksheet('README')!
      .getSheetValues()
      .flat()
      .filter((v): v is string => typeof v === 'string');
    expect(legend.some((l) => /^Legal basis: one group of columns per provision/.test(l))).toBe(true);
    expect(legend.some((l) => /^Tags: a free tag as it is/.test(l))).toBe(true);
  });

  it('updates the one function whose cell was edited, in XLSX and in CSV', async () => {
    // The reviewer's edit: one cell of the exported sheet, the rest as it was.
    const columns = functionColumns(annotationsOf(t));
    const sheet = await readTable(file('registry.xlsx'), columns);
    const row = sheet.rows[8].values;
    const externalId = row.externalId as string;
    const newType = row.type === 'REGULATORY' ? 'STRATEGIC' : 'REGULATORY';
    row.type = newType.toLowerCase();
    const edited = file('edited.xlsx');
    await writeTable(
      edited,
      columns,
      sheet.rows.map((r) => r.values),
    );
    expect(await t.get(ImportService).importFile(edited)).toMatchObject({
      functionsInserted: 0,
      functionsUpdated: 1,
      functionsUnchanged: 238,
    });
    const fn = ok(
      await t.gql<{
        stateFunctions: { items: { type: string | null; revisions: { revision: number; changedBy: string }[] }[] };
      }>(`{ stateFunctions(filter: { search: "${externalId}" }) { items { type revisions { revision changedBy } } } }`),
    ).stateFunctions.items[0];
    expect(fn.type).toBe(newType);
    expect(fn.revisions[0].changedBy).toBe('import:edited.xlsx');

    // A fresh CSV export, which carries the edit just made.
    await t.get(ExportService).exportFile(file('registry.csv'));
    const records: string[][] = parse(readFileSync(file('registry.csv')), { bom: true });
    const titleAt = records[0].indexOf('titleRu');
    const target = records.findIndex((r) => r[0] === 'zz_ru_2');
    records[target][titleAt] = 'ведет учет детей дошкольного возраста и их родителей;';
    writeFileSync(file('edited.csv'), stringify(records, { bom: true }));
    expect(await t.get(ImportService).importFile(file('edited.csv'))).toMatchObject({
      functionsUpdated: 1,
      functionsUnchanged: 238,
    });
    const changed = ok(
      await t.gql<{ stateFunctions: { items: { title: string; titleKk: string | null }[] } }>(
        `{ stateFunctions(filter: { search: "zz_ru_2" }) { items { title titleKk } } }`,
      ),
    ).stateFunctions.items[0];
    expect(changed).toEqual({
      title: 'ведет учет детей дошкольного возраста и их родителей;',
      titleKk: EXTRA[1].titleKk,
    });
  });

  it('refuses a sheet with bad cells as a whole, naming every row and cell, and writes nothing', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('registry.xlsx'));
    const ws = wb.getWorksheet('functions')!;
    const headers = ws.getRow(1).values as string[];
    const col = (key: string) => headers.indexOf(key);
    const letter = (key: string) => ws.getColumn(col(key)).letter;
    // A duplicate is reported against a row that is valid itself (an invalid row is not compared with others).
    const validId = ws.getRow(9).getCell(col('externalId')).value as string;
    ws.getRow(2).getCell(col('type')).value = 'EXECUTIVE';
    ws.getRow(3).getCell(col('supporting')).value = 'maybe';
    ws.getRow(4).getCell(col('agency.territory')).value = '12345';
    ws.getRow(10).getCell(col('externalId')).value = validId;
    ws.getRow(6).getCell(col('basis1.actCode')).value = 'Z07 0000319';
    ws.getRow(7).getCell(col('titleRu')).value = null;
    ws.getRow(8).getCell(col('lang')).value = 'en';
    const bad = file('bad.xlsx');
    await wb.xlsx.writeFile(bad);

    const before = await counts(t);
    const error = await t
      .get(ImportService)
      .importFile(bad)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImportError);
    const lines = (error as ImportError).message.split('\n').slice(1);
    expect(lines).toEqual([
      `  row 2, cell ${letter('type')}2 (type): must be one of STRATEGIC, REGULATORY, IMPLEMENTING, CONTROL`,
      `  row 3, cell ${letter('supporting')}3 (supporting): "maybe" is not a yes/no value (true or false, да or нет, 1 or 0)`,
      `  row 4, cell ${letter('agency.territory')}4 (agency.territory): must be a 9-digit KATO code`,
      `  row 6, cell ${letter('basis1.actCode')}6 (basis1.actCode): must be an adilet.zan.kz document id such as Z070000319_`,
      `  row 7, cell ${letter('titleRu')}7 (titleRu): required`,
      `  row 8, cell ${letter('lang')}8 (lang): must be one of ru, kk`,
      `  row 10, cell ${letter('externalId')}10 (externalId): externalId ${validId} already appears on row 9`,
    ]);
    expect((error as ImportError).message).toMatch(/^The import was refused, nothing was written \(7 problems\):/);
    expect(await counts(t)).toEqual(before);
  });

  it('names the row and column of a bad CSV cell, and of a problem found while writing', async () => {
    const records: string[][] = parse(readFileSync(file('registry.csv')), { bom: true });
    const at = (key: string) => records[0].indexOf(key);
    const level = records[2][at('agency.level')];
    records[2][at('agency.level')] = 'GALACTIC';
    records[3][at('tags')] = 'transfer:competitive';
    const badCsv = file('bad.csv');
    // Semicolons, as a spreadsheet program set up for Russian saves CSV.
    writeFileSync(badCsv, stringify(records, { bom: true, delimiter: ';' }));
    const before = await counts(t);
    await expect(t.get(ImportService).importFile(badCsv)).rejects.toThrow(
      /\(1 problem\):\n {2}row 3, column "agency\.level": must be one of CENTRAL, REGIONAL, DISTRICT, RURAL$/,
    );
    // Once every row is valid, the checks against the registry run, and still name the cell.
    records[2][at('agency.level')] = level;
    writeFileSync(badCsv, stringify(records, { bom: true, delimiter: ';' }));
    await expect(t.get(ImportService).importFile(badCsv)).rejects.toThrow(
      /\(1 problem\):\n {2}row 4, column "tags": "competitive" is not a term of the controlled vocabulary transfer$/,
    );
    expect(await counts(t)).toEqual(before);
  });

  it('reports a sheet without its required columns once, not on every row', async () => {
    const records: string[][] = parse(readFileSync(file('registry.csv')), { bom: true });
    const drop = new Set([
      records[0].indexOf('agency.level'),
      records[0].indexOf('titleRu'),
      records[0].indexOf('titleKk'),
    ]);
    writeFileSync(file('columns.csv'), stringify(records.map((r) => r.filter((_, i) => !drop.has(i)))));
    const error = (await t
      .get(ImportService)
      .importFile(file('columns.csv'))
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as ImportError;
    expect(error.message.split('\n').slice(1)).toEqual([
      '  row 1, column "agency.level": required column is missing',
      '  row 1: no title column: the sheet needs titleRu or titleKk',
    ]);
  });

  it("writes the annotator's fields beside type in every format, and import ignores them", async () => {
    const exporter = new ExportService(t.ds, annotator);
    const importer = new ImportService(t.ds, t.get(CountCache), annotator);
    await exporter.exportFile(file('annotated.jsonl'));
    const lines = readFileSync(file('annotated.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const kk = lines.find((l) => l.externalId === 'zz_kk_1')!;
    expect(Object.keys(kk).slice(Object.keys(kk).indexOf('type'), Object.keys(kk).indexOf('type') + 3)).toEqual([
      'type',
      'suggestedType',
      'sector',
    ]);
    expect(kk.suggestedType).toBe('IMPLEMENTING');
    expect(kk.other).toBeUndefined();

    for (const ext of ['xlsx', 'csv']) {
      const path = file(`annotated.${ext}`);
      await exporter.exportFile(path);
      const { columns } = await readTable(path, functionColumns([{ key: 'suggestedType' }]));
      expect(columns.map((c) => c.key).slice(5, 8)).toEqual(['type', 'suggestedType', 'sector']);
      expect((await sheetRows(path, annotator.fields)).find((r) => r.externalId === 'zz_kk_1')?.suggestedType).toBe(
        'IMPLEMENTING',
      );
      expect(await importer.importFile(path)).toMatchObject({ functionsInserted: 0, functionsUpdated: 0 });
    }
    // An importer that knows no annotator sees an unknown column; JSON Lines ignores unknown keys.
    const bare = new ImportService(t.ds, t.get(CountCache));
    await expect(bare.importFile(file('annotated.csv'))).rejects.toThrow(
      /row 1, column "suggestedType": unknown column/,
    );
    expect(await bare.importFile(file('annotated.jsonl'))).toMatchObject({ functionsUpdated: 0 });
  });

  it('round-trips through an empty registry: XLSX and CSV exports of the copy equal the originals', async () => {
    const other = await createTestApp();
    try {
      await addVocabulary(other);
      await other.get(ImportService).importFile(file('registry.xlsx'));
      await other.get(ExportService).exportFile(file('copy.xlsx'));
      const annotations = annotationsOf(t);
      expect(await sheetRows(file('copy.xlsx'), annotations)).toEqual(
        await sheetRows(file('registry.xlsx'), annotations),
      );
      await other.get(ImportService).importFile(file('registry.csv'));
      await other.get(ExportService).exportFile(file('copy.csv'));
      expect(await sheetRows(file('copy.csv'), annotations)).toEqual(
        await sheetRows(file('registry.csv'), annotations),
      );
    } finally {
      await other.close();
    }
  });
});
