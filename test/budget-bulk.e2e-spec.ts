import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError, writeTable } from '../libs/core/src/index.js';
import { BudgetBulkService } from '../libs/budget/src/index.js';
import { ImportService } from '../libs/registry/src/index.js';
import { createTestApp, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

/** Budget programmes, links and headcount from spreadsheets and JSON Lines: all or nothing, with row and cell. */
describe('budget and headcount in bulk', () => {
  let t: TestApp;
  let dir: string;
  let bulk: BudgetBulkService;
  const count = async (table: string) =>
    (await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  /** The refusal of an import that is expected to fail. */
  const refusal = async (p: Promise<unknown>) => (await p.catch((e: unknown) => e)) as ImportError;

  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
    bulk = t.get(BudgetBulkService);
    dir = mkdtempSync(join(tmpdir(), 'budget-bulk-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports programmes with their expenditure from CSV, refusing a bad file whole', async () => {
    const bad = join(dir, 'programmes-bad.csv');
    writeFileSync(
      bad,
      [
        'programme_code;administrator_code;budget_level;functional_group;name_ru;year;planned;actual',
        'DEMO-360-015;EDU_OBL;REGIONAL;04;Дополнительное образование (пример);2026;480000000;455000000',
        'DEMO-464-003;NO_SUCH;DISTRICT;04;Отдел образования района (пример);2026;-5;',
        'DEMO-464-004;EDU_DIST;FEDERAL;04;Пример;abc;1;',
      ].join('\n'),
    );
    const err = await refusal(bulk.importFile('programmes', bad));
    expect(err.problems.map((p) => p.at)).toEqual(
      expect.arrayContaining([
        'row 3, column "administrator_code"',
        'row 3, column "planned"',
        'row 4, column "budget_level"',
        'row 4, column "year"',
      ]),
    );
    expect(err.message).toMatch(/no agency has code NO_SUCH/);
    expect(await count('budget_programme')).toBe(0);

    const good = join(dir, 'programmes.csv');
    writeFileSync(
      good,
      [
        'programme_code,parent_code,administrator_code,budget_level,functional_group,name_ru,year,planned,actual',
        'DEMO-360-015,,EDU_OBL,REGIONAL,04,Дополнительное образование (пример),2026,480000000,455000000',
        'DEMO-360-015,,EDU_OBL,REGIONAL,04,Дополнительное образование (пример),2027,500000000,',
        'DEMO-360-015-100,DEMO-360-015,EDU_OBL,REGIONAL,04,Олимпиады (пример),,,',
      ].join('\n'),
    );
    expect(await bulk.importFile('programmes', good)).toMatchObject({ rows: 3, inserted: 4, updated: 0, unchanged: 0 });
    expect(await bulk.importFile('programmes', good)).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    const [sub]: { code: string }[] = await t.ds.query(
      `SELECT p.code FROM budget_programme c JOIN budget_programme p ON p.id = c.parent_id WHERE c.code = 'DEMO-360-015-100'`,
    );
    expect(sub.code).toBe('DEMO-360-015');
  });

  it('imports links from XLSX, refusing shares over 100 % with the rows that make them', async () => {
    const file = join(dir, 'links.xlsx');
    const columns = bulk.layout('links');
    const rows = [
      { programmeCode: 'DEMO-360-015', year: 2026, functionExternalId: 'edu_obl_6.2.13', sharePercent: 60 },
      { programmeCode: 'DEMO-360-015', year: 2026, functionExternalId: 'edu_obl_6.2.24-3', sharePercent: 50 },
      { programmeCode: 'DEMO-360-015', year: 2025, functionExternalId: 'edu_obl_6.2.21', sharePercent: 10 },
      { programmeCode: 'DEMO-360-015', year: 2026, functionExternalId: 'no_such_function', sharePercent: 1 },
    ];
    await writeTable(file, columns, rows);
    const err = await refusal(bulk.importFile('links', file));
    const messages = err.problems.map((p) => `${p.at}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^row 3, cell E3 \(share_percent\): .*110 % \(rows 2, 3\).*over 100 %/),
        expect.stringMatching(/^row 4, cell B4 \(year\): .*no expenditure recorded for 2025/),
        expect.stringMatching(/^row 5, cell D5 \(function_external_id\): no function has external id no_such_function/),
      ]),
    );
    expect(await count('budget_link')).toBe(0);

    await writeTable(file, columns, [
      { programmeCode: 'DEMO-360-015', year: 2026, functionExternalId: 'edu_obl_6.2.13', sharePercent: 40 },
      {
        programmeCode: 'DEMO-360-015',
        year: 2026,
        functionExternalId: 'edu_obl_6.2.24-3',
        sharePercent: 35,
        note: 'гранты',
      },
    ]);
    expect(await bulk.importFile('links', file)).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });

    // Shares moved between functions in one file: valid as a whole, though not row by row.
    await writeTable(file, columns, [
      { programmeCode: 'DEMO-360-015', year: 2026, functionExternalId: 'edu_obl_6.2.24-3', sharePercent: 55 },
      { programmeCode: 'DEMO-360-015', year: 2026, functionExternalId: 'edu_obl_6.2.13', sharePercent: 20 },
    ]);
    expect(await bulk.importFile('links', file)).toMatchObject({ inserted: 0, updated: 2 });
    await writeTable(file, columns, [
      { programmeCode: 'DEMO-360-015', year: 2026, functionExternalId: 'edu_obl_6.2.13', sharePercent: 40 },
      {
        programmeCode: 'DEMO-360-015',
        year: 2026,
        functionExternalId: 'edu_obl_6.2.24-3',
        sharePercent: 35,
        note: 'гранты',
      },
    ]);
    expect(await bulk.importFile('links', file)).toMatchObject({ inserted: 0, updated: 2 });

    // What the registry exports, it imports again unchanged, in every format.
    for (const ext of ['xlsx', 'csv', 'jsonl']) {
      const out = join(dir, `links-export.${ext}`);
      expect(await bulk.exportFile('links', out)).toBe(2);
      expect(await bulk.importFile('links', out)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    }
  });

  it('imports headcount of functions and units from JSON Lines', async () => {
    const [edu]: { id: string }[] = await t.ds.query(`SELECT id FROM agency WHERE code = 'EDU_OBL'`);
    await t.ds.query(
      `INSERT INTO structural_unit (agency_id, code, name_ru) VALUES ($1, 'U-01', 'Отдел дополнительного образования')`,
      [edu.id],
    );
    const file = join(dir, 'headcount.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ function_external_id: 'edu_obl_6.2.13', year: 2026, staff_units: 6.5 }),
        JSON.stringify({ agency_code: 'EDU_OBL', unit_code: 'U-01', year: 2026, staff_units: 12 }),
        JSON.stringify({ agency_code: 'EDU_OBL', unit_code: 'U-99', year: 2026, staff_units: 1 }),
      ].join('\n'),
    );
    const err = await refusal(bulk.importFile('headcount', file));
    expect(err.problems).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringMatching(/no structural unit with code U-99/) as unknown,
      }),
    ]);
    // Values of the wrong kind are named, never stored as NaN.
    const typed = join(dir, 'headcount-typed.jsonl');
    writeFileSync(
      typed,
      [
        JSON.stringify({ function_external_id: 'edu_obl_6.2.13', year: 'abc', staff_units: '6,5' }),
        JSON.stringify({ function_external_id: 'edu_obl_6.2.13', year: 1900, staff_units: 1 }),
      ].join('\n'),
    );
    const bad = await refusal(bulk.importFile('headcount', typed));
    expect(bad.problems.map((p) => `${p.at}: ${p.message}`)).toEqual([
      'line 1, year: "abc" is not a number',
      'line 1, staff_units: "6,5" is not a number',
    ]);
    writeFileSync(typed, JSON.stringify({ function_external_id: 'edu_obl_6.2.13', year: 1900, staff_units: 1 }));
    const early = await refusal(bulk.importFile('headcount', typed));
    expect(early.problems).toEqual([expect.objectContaining({ line: 1, message: 'a year between 1991 and 2100' })]);
    expect(await count('function_headcount')).toBe(0);
    writeFileSync(file, readLines(file).slice(0, 2).join('\n'));
    expect(await bulk.importFile('headcount', file)).toMatchObject({ inserted: 2 });
    const out = join(dir, 'headcount.xlsx');
    expect(await bulk.exportFile('headcount', out)).toBe(2);
    expect(await bulk.importFile('headcount', out)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });
});

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}
