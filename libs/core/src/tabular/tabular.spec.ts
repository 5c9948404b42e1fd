import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTableProblem, readTable, TableColumn, tableFormatOf, writeTable } from './index.js';

const COLUMNS: TableColumn[] = [
  { key: 'code', header: 'code', aliases: ['Код'], required: true, description: 'the stable code' },
  { key: 'name', header: 'name', aliases: ['Наименование'], description: 'free text, may span lines' },
  { key: 'share', header: 'share', aliases: ['Доля'], type: 'number' },
  { key: 'staff', header: 'staff', aliases: ['Штат'], type: 'int' },
  { key: 'active', header: 'active', aliases: ['Действует'], type: 'boolean' },
  { key: 'since', header: 'since', aliases: ['С даты'], type: 'date' },
  { key: 'tags', header: 'tags', aliases: ['Теги'], type: 'list' },
];

const ROWS = [
  {
    code: '007',
    name: 'Первая строка\nвторая строка, с запятой; и точкой с запятой',
    share: 0.25,
    staff: 12,
    active: true,
    since: '2024-02-29',
    tags: ['a', 'b c'],
  },
  // Carriage returns, a vertical tab (Word's line break), a text that looks like an Excel escape, quotes.
  {
    code: '5.10',
    name: '  "кавычки"\r\nи\rвозврат каретки\u000b _x0041_ ',
    share: -1234.5,
    staff: 0,
    active: false,
    since: new Date(Date.UTC(2020, 0, 1)),
    tags: ['with; semicolon', 'plain'],
  },
  { code: 'EMPTY', name: null, share: null, staff: null, active: null, since: null, tags: [] },
];

const EXPECTED = [
  { code: '007', name: ROWS[0].name, share: 0.25, staff: 12, active: true, since: '2024-02-29', tags: ['a', 'b c'] },
  {
    code: '5.10',
    name: ROWS[1].name,
    share: -1234.5,
    staff: 0,
    active: false,
    since: '2020-01-01',
    tags: ['with; semicolon', 'plain'],
  },
  { code: 'EMPTY', name: null, share: null, staff: null, active: null, since: null, tags: null },
];

describe('tabular files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'registry-tabular-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text?: string | Buffer) => {
    const path = join(dir, name);
    if (text !== undefined) writeFileSync(path, text);
    return path;
  };

  describe('tableFormatOf', () => {
    it('tells the format by extension, whatever its case', () => {
      expect(tableFormatOf('a/b/Functions.XLSX')).toBe('xlsx');
      expect(tableFormatOf('x.Csv')).toBe('csv');
      expect(['f.jsonl', 'f.NDJSON', 'f.json'].map(tableFormatOf)).toEqual(['jsonl', 'jsonl', 'jsonl']);
    });

    it('refuses other extensions with a message naming the ones it knows', () => {
      expect(() => tableFormatOf('report.txt')).toThrow(
        /report\.txt: cannot tell the file format from the extension \.txt; use \.xlsx, \.csv or \.jsonl/,
      );
      expect(() => tableFormatOf('noext')).toThrow(/without an extension/);
      expect(() => tableFormatOf('old.xls')).toThrow(/save the file as \.xlsx/);
    });
  });

  it.each(['xlsx', 'csv'])('round-trips every column type through %s exactly', async (ext) => {
    const path = file(`round.${ext}`);
    expect(await writeTable(path, COLUMNS, ROWS)).toBe(3);
    const { rows, problems, headerRow } = await readTable(path, COLUMNS);
    expect(problems).toEqual([]);
    expect(headerRow).toBe(1);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(rows.map((r) => r.values)).toEqual(EXPECTED);
    expect(rows[1].cellRef('share')).toBe(ext === 'xlsx' ? 'C3' : 'row 3, column "share"');
  });

  it('streams rows from an async generator, past the rows sampled for column widths, keeping long Cyrillic text whole', async () => {
    // Enough two-byte letters that the compressed parts are read in many chunks.
    const name = (i: number) => `функция № ${i}: ${'организует и обеспечивает ёмкость '.repeat((i % 7) + 1)}`;
    // eslint-disable-next-line @typescript-eslint/require-await -- an asynchronous source is what the test feeds
    async function* many() {
      for (let i = 1; i <= 450; i++) yield { code: `C${i}`, name: name(i), staff: i };
    }
    for (const ext of ['xlsx', 'csv']) {
      const path = file(`many.${ext}`);
      expect(await writeTable(path, COLUMNS, many())).toBe(450);
      const { rows, problems } = await readTable(path, COLUMNS);
      expect(problems).toEqual([]);
      expect(rows).toHaveLength(450);
      expect(rows[449].values).toMatchObject({ code: 'C450', staff: 450 });
      expect(rows.every((r, i) => r.values.name === name(i + 1))).toBe(true);
    }
  });

  it('writes XLSX with a bold frozen header, text-formatted text columns, sensible widths and a legend sheet', async () => {
    const path = file('styled.xlsx');
    await writeTable(path, COLUMNS, ROWS, {
      sheet: 'Функции',
      title: 'Реестр',
      notes: ['Lists are separated by ";".'],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Функции', 'README']);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('Реестр');
    expect(ws.getRow(2).values).toEqual([undefined, 'code', 'name', 'share', 'staff', 'active', 'since', 'tags']);
    expect(ws.getCell('B2').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getColumn(1).numFmt).toBe('@');
    // A long text column is capped, a short one is not squeezed below its header.
    expect(ws.getColumn(2).width).toBeLessThanOrEqual(60);
    expect(ws.getColumn(2).width).toBeGreaterThan(30);
    expect(ws.getColumn(4).width).toBeGreaterThanOrEqual('staff'.length);
    // Numbers, booleans and dates are real spreadsheet values, not text.
    expect(ws.getCell('C3').value).toBe(0.25);
    expect(ws.getCell('E3').value).toBe(true);
    expect(ws.getCell('F3').value).toEqual(new Date(Date.UTC(2024, 1, 29)));
    const legend = wb.getWorksheet('README')!;
    const lines = legend
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    expect(lines).toEqual(expect.arrayContaining(['code', 'the stable code', 'Код', 'Lists are separated by ";".']));
    // The title row above the header does not stop the file being read back.
    const back = await readTable(path, COLUMNS);
    expect(back.headerRow).toBe(2);
    expect(back.rows.map((r) => r.values)).toEqual(EXPECTED);
  });

  it('reads a semicolon CSV without BOM, with Russian headers, comma decimals and Russian yes/no', async () => {
    const path = file(
      'semicolon.csv',
      [
        'Код;Наименование;Доля;Штат;Действует;С даты;Теги',
        'A-1;Управление, отдел;1 234,5;1 200;да;31.12.2024;"один; два"',
        'A-2;"Кавычки ""внутри""";0,5;3;нет;2024-01-31;',
      ].join('\r\n'),
    );
    const { rows, problems, columns } = await readTable(path, COLUMNS);
    expect(problems).toEqual([]);
    expect(columns.map((c) => c.header)).toEqual([
      'Код',
      'Наименование',
      'Доля',
      'Штат',
      'Действует',
      'С даты',
      'Теги',
    ]);
    expect(rows[0].values).toEqual({
      code: 'A-1',
      name: 'Управление, отдел',
      share: 1234.5,
      staff: 1200,
      active: true,
      since: '2024-12-31',
      tags: ['один', 'два'],
    });
    expect(rows[1].values).toEqual({
      code: 'A-2',
      name: 'Кавычки "внутри"',
      share: 0.5,
      staff: 3,
      active: false,
      since: '2024-01-31',
      tags: null,
    });
  });

  it('reports a value in a column without a header once, with its place', async () => {
    const path = file('stray.csv', 'code,name\nA,x,stray\nB,y,again\n');
    const { rows, problems } = await readTable(path, COLUMNS);
    expect(rows).toHaveLength(2);
    expect(problems.map(formatTableProblem)).toEqual([
      'row 2: a value in a column without a header (field 3): give the column a header, or clear it',
    ]);
  });

  it('reads a CSV with a BOM, CRLF line ends and quoted fields holding line breaks, skipping empty rows', async () => {
    const text = '\uFEFFcode,name,tags\r\nX1,"line one\r\nline two",\r\n,,\r\n\r\nX2,"a, b","t1\nt2"\r\n';
    const { rows, problems } = await readTable(file('bom.csv', text), COLUMNS);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.row, r.values])).toEqual([
      [2, { code: 'X1', name: 'line one\r\nline two', tags: null }],
      [5, { code: 'X2', name: 'a, b', tags: ['t1', 't2'] }],
    ]);
  });

  it('writes CSV as UTF-8 with a BOM, and with the separator asked for', async () => {
    const path = file('out.csv');
    await writeTable(path, COLUMNS.slice(0, 3), [{ code: 'A', name: 'x; y', share: 1.5 }], { delimiter: ';' });
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('\uFEFFcode;name;share\n')).toBe(true);
    expect(text).toContain('A;"x; y";1.5');
  });

  it('reports every bad cell with its row and cell, and keeps reading', async () => {
    const header = 'code,share,staff,active,since';
    const csv = file(
      'bad.csv',
      [header, 'A,abc,1,yes,2024-01-01', 'B,2,1.5,maybe,2024-02-30', 'C,3,4,no,01/02/2024'].join('\n'),
    );
    const fromCsv = await readTable(csv, COLUMNS);
    expect(fromCsv.problems.map(formatTableProblem)).toEqual([
      'row 2, column "share": "abc" is not a number',
      'row 3, column "staff": "1.5" is not a whole number',
      'row 3, column "active": "maybe" is not a yes/no value (true or false, да or нет, 1 or 0)',
      'row 3, column "since": "2024-02-30" is not a date (write it as YYYY-MM-DD or DD.MM.YYYY)',
      'row 4, column "since": "01/02/2024" is not a date (write it as YYYY-MM-DD or DD.MM.YYYY)',
    ]);
    // A bad cell is empty in the values; the rest of its row is read.
    expect(fromCsv.rows[0].values).toEqual({ code: 'A', share: null, staff: 1, active: true, since: '2024-01-01' });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(['code', 'share', 'staff', 'active', 'since']);
    ws.addRow(['A', 'abc', 1, true, new Date(Date.UTC(2024, 0, 1))]);
    ws.addRow(['B', 2, 'много', 'maybe', 'вчера']);
    const xlsx = file('bad.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const fromXlsx = await readTable(xlsx, COLUMNS);
    expect(fromXlsx.problems.map(formatTableProblem)).toEqual([
      'row 2, cell B2 (share): "abc" is not a number',
      'row 3, cell C3 (staff): "много" is not a whole number',
      'row 3, cell D3 (active): "maybe" is not a yes/no value (true or false, да or нет, 1 or 0)',
      'row 3, cell E3 (since): "вчера" is not a date (write it as YYYY-MM-DD or DD.MM.YYYY)',
    ]);
  });

  it('reports a missing required column once, and unknown and repeated columns, matching headers loosely', async () => {
    const path = file('columns.csv', 'NAME,Share ,колонка,name\nx,1,?,y\nz,2,?,w\n');
    const { rows, problems, columns } = await readTable(path, COLUMNS);
    expect(columns.map((c) => c.key)).toEqual(['name', 'share']);
    expect(problems.map(formatTableProblem)).toEqual([
      'row 1, column "колонка": unknown column',
      'row 1, column "name": the column name appears twice (also as "NAME")',
      'row 1, column "code": required column is missing',
    ]);
    expect(rows.map((r) => r.values)).toEqual([
      { name: 'x', share: 1 },
      { name: 'z', share: 2 },
    ]);
  });

  it('reads what other programs put in cells: rich text, formulas, hyperlinks, dates, errors', async () => {
    const wb = new ExcelJS.Workbook();
    // The first tab (here moved before the sheet created first) is the one read.
    const other = wb.addWorksheet('other');
    other.addRow(['nothing here']);
    const ws = wb.addWorksheet('data');
    (ws as unknown as { orderNo: number }).orderNo = -1;
    ws.addRow(['Код', 'Наименование', 'Доля', 'Штат', 'С даты', 'Действует']);
    ws.addRow([
      { richText: [{ text: 'R-' }, { font: { bold: true }, text: '1' }] },
      { text: 'ссылка', hyperlink: 'https://adilet.zan.kz' },
      { formula: 'B9*2', result: 0.5 },
      { formula: 'C9', result: 7 },
      new Date(Date.UTC(2023, 5, 15)),
      { formula: 'TRUE()', result: true },
    ]);
    ws.addRow(['R-2', { formula: 'CONCAT("a","b")', result: 'ab' }, { formula: 'D9' }, { error: '#N/A' }, null, 1]);
    const path = file('foreign.xlsx');
    await wb.xlsx.writeFile(path);
    const { rows, problems } = await readTable(path, COLUMNS);
    expect(rows[0].values).toEqual({
      code: 'R-1',
      name: 'ссылка',
      share: 0.5,
      staff: 7,
      since: '2023-06-15',
      active: true,
    });
    expect(rows[1].values).toMatchObject({ code: 'R-2', name: 'ab', active: true });
    expect(problems.map(formatTableProblem)).toEqual([
      'row 3, cell C3 (Доля): the formula =D9 has no saved result (open and save the file in a spreadsheet program)',
      'row 3, cell D3 (Штат): holds the error #N/A',
    ]);
    const named = await readTable(path, COLUMNS, { sheet: 'other' });
    expect(named.problems.map(formatTableProblem)).toEqual([
      'row 1: no header row: none of the first rows names a known column (such as code, name, share, staff)',
    ]);
    const missing = await readTable(path, COLUMNS, { sheet: 'Лист9' });
    expect(missing.problems.map(formatTableProblem)).toEqual([
      'file: the workbook has no sheet "Лист9" (it has "data", "other")',
    ]);
  });

  it('refuses files it cannot read as a whole, as one problem', async () => {
    const cp1251 = Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xc0, 0xc1, 0x0a]);
    expect((await readTable(file('cp1251.csv', cp1251), COLUMNS)).problems.map(formatTableProblem)).toEqual([
      'file: the CSV file is not UTF-8 text (perhaps Windows-1251, as "CSV (разделители - запятые)" saves it); save it as "CSV UTF-8" and import it again',
    ]);
    const unclosed = await readTable(file('unclosed.csv', 'code,name\nA,"open\nB,x\n'), COLUMNS);
    expect(unclosed.problems.map(formatTableProblem)).toEqual([
      expect.stringMatching(/^file: the CSV file cannot be read after row 1: Quote Not Closed/),
    ]);
    const notZip = await readTable(file('fake.xlsx', 'code,name\n'), COLUMNS);
    expect(notZip.rows).toEqual([]);
    expect(notZip.problems[0].message).toMatch(/^not a readable XLSX workbook/);
    expect((await readTable(file('empty.csv', ''), COLUMNS)).problems.map(formatTableProblem)).toEqual([
      'row 1: the table is empty: no header row and no data',
    ]);
  });

  it('refuses to write a list item holding a line break rather than split it on reading', async () => {
    await expect(writeTable(file('broken.csv'), COLUMNS, [{ code: 'A', tags: ['one\ntwo'] }])).rejects.toThrow(
      /column tags: the list item "one\\ntwo" holds a line break/,
    );
  });
});
