import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { writeFile } from 'node:fs/promises';
import { DataSource, EntityManager } from 'typeorm';
import {
  allowLongStatements,
  CountCache,
  ImportError,
  jsonCell,
  LineProblem,
  parseJsonRecord,
  problemPlace,
  readJsonLines,
  readTable,
  TableColumn,
  tableFormatOf,
  writeTable,
} from '#core';
import { formatPercent } from './budget.service.js';

export type BulkKind = 'programmes' | 'links' | 'headcount';
export const BULK_KINDS: BulkKind[] = ['programmes', 'links', 'headcount'];

const year = { type: 'int' as const };
const LAYOUTS: Record<BulkKind, TableColumn[]> = {
  programmes: [
    {
      key: 'programmeCode',
      header: 'programme_code',
      aliases: ['код программы'],
      required: true,
      description: 'Administrator and programme code (225-001; a subprogramme 225-001-100).',
    },
    {
      key: 'parentCode',
      header: 'parent_code',
      aliases: ['код родительской программы'],
      description: 'For a subprogramme: its programme.',
    },
    {
      key: 'administratorCode',
      header: 'administrator_code',
      aliases: ['администратор'],
      required: true,
      description: 'Registry code of the administering agency.',
    },
    {
      key: 'budgetLevel',
      header: 'budget_level',
      aliases: ['уровень бюджета'],
      required: true,
      description: 'REPUBLICAN, REGIONAL or DISTRICT.',
    },
    {
      key: 'functionalGroup',
      header: 'functional_group',
      aliases: ['функциональная группа'],
      description: 'Functional group (01-15).',
    },
    { key: 'functionalSubgroup', header: 'functional_subgroup', aliases: ['подгруппа'] },
    { key: 'cofogGroup', header: 'cofog_group', aliases: ['cofog'] },
    { key: 'nameRu', header: 'name_ru', aliases: ['наименование'], required: true },
    { key: 'nameKk', header: 'name_kk', aliases: ['атауы'] },
    {
      key: 'year',
      header: 'year',
      aliases: ['год'],
      ...year,
      description: 'A year of expenditure; leave empty for a programme without figures yet.',
    },
    {
      key: 'planned',
      header: 'planned',
      aliases: ['план'],
      type: 'number',
      description: 'Planned expenditure of the year, tenge.',
    },
    {
      key: 'actual',
      header: 'actual',
      aliases: ['факт'],
      type: 'number',
      description: 'Actual expenditure of the year, tenge.',
    },
  ],
  links: [
    { key: 'programmeCode', header: 'programme_code', aliases: ['код программы'], required: true },
    { key: 'year', header: 'year', aliases: ['год'], required: true, ...year },
    {
      key: 'functionCode',
      header: 'function_code',
      aliases: ['код функции'],
      description: 'Registry code of the function (F-0000123); or give function_external_id.',
    },
    { key: 'functionExternalId', header: 'function_external_id', aliases: ['external_id'] },
    {
      key: 'sharePercent',
      header: 'share_percent',
      aliases: ['доля, %', 'доля'],
      required: true,
      type: 'number',
      description: "Percent of the programme's expenditure of the year.",
    },
    { key: 'note', header: 'note', aliases: ['примечание'] },
  ],
  headcount: [
    {
      key: 'functionCode',
      header: 'function_code',
      aliases: ['код функции'],
      description: 'A function row: the function (or function_external_id).',
    },
    { key: 'functionExternalId', header: 'function_external_id', aliases: ['external_id'] },
    {
      key: 'agencyCode',
      header: 'agency_code',
      aliases: ['код органа'],
      description: 'A structural unit row: the agency and the unit code.',
    },
    { key: 'unitCode', header: 'unit_code', aliases: ['код подразделения'] },
    { key: 'year', header: 'year', aliases: ['год'], required: true, ...year },
    { key: 'staffUnits', header: 'staff_units', aliases: ['штатные единицы'], required: true, type: 'number' },
    { key: 'note', header: 'note', aliases: ['примечание'] },
  ],
};

/** Records a problem of a row's cell; `any()` tells whether the file has one, so that nothing is written. */
type Problem = ((r: Row, key: string | undefined, message: string) => void) & { any(): boolean };

interface Row {
  at: (key?: string) => string;
  line: number;
  values: Record<string, unknown>;
}

export interface BulkSummary {
  kind: BulkKind;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

const LEVELS = ['REPUBLICAN', 'REGIONAL', 'DISTRICT'];
const MAX_TENGE = 1e13;
const MAX_STAFF = 1e6;

/** What a cell holds once read: text, numbers, yes/no and dates, never a plain object. */
type CellValue = string | number | boolean | Date | null | undefined;

/** A cell's value as `String()` writes it. */
const cellString = (v: CellValue) => String(v);

/** What an upsert returning `(xmax = 0) AS inserted` gives back, when it wrote. */
interface UpsertRow {
  inserted: boolean;
}

/** A year the budget tables accept. */
const validYear = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1991 && v <= 2100;
const text = (v: unknown) =>
  v === null || v === undefined || cellString(v as CellValue).trim() === '' ? null : cellString(v as CellValue).trim();
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/**
 * Budget programmes with their expenditure, budget links and headcount in the review teams' own
 * formats: XLSX, CSV or JSON Lines (one object per line with the same keys as the columns). Like the
 * function import, all or nothing: every problem of every row is reported with its row and cell,
 * and nothing is written unless there is none. Importing the same file again changes nothing.
 */
@Injectable()
export class BudgetBulkService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
  ) {}

  layout(kind: BulkKind): TableColumn[] {
    return LAYOUTS[kind];
  }

  async importFile(kind: BulkKind, path: string): Promise<BulkSummary> {
    const { rows, problems: readProblems } = await this.read(kind, path);
    const summary = await this.ds.transaction(async (em) => {
      await allowLongStatements(em);
      // Cells that did not convert are reported with every other problem of the file.
      const problems: LineProblem[] = [...readProblems];
      const problem: Problem = Object.assign(
        (r: Row, key: string | undefined, message: string) =>
          void problems.push({ line: r.line, at: r.at(key), message }),
        {
          any: () => problems.length > 0,
        },
      );
      const result =
        kind === 'programmes'
          ? await this.programmes(em, rows, problem)
          : kind === 'links'
            ? await this.links(em, rows, problem)
            : await this.headcount(em, rows, problem);
      if (problems.length) throw new ImportError(problems.sort((a, b) => a.line - b.line));
      return result;
    });
    this.counts.invalidate();
    return { kind, rows: rows.length, ...summary };
  }

  private async read(kind: BulkKind, path: string): Promise<{ rows: Row[]; problems: LineProblem[] }> {
    const columns = LAYOUTS[kind];
    if (tableFormatOf(path) !== 'jsonl') {
      const { rows, problems } = await readTable(path, columns);
      const cellProblems = problems.map((p) => ({ line: p.row, at: problemPlace(p), message: p.message }));
      // A file that cannot be read, or lacks a column, has nothing more worth checking.
      if (problems.some((p) => p.row <= 1) || !rows.length)
        throw new ImportError(cellProblems.length ? cellProblems : [{ line: 0, message: 'the file holds no rows' }]);
      const place = (r: (typeof rows)[number], key?: string) => {
        if (!key) return `row ${r.row}`;
        const ref = r.cellRef(key);
        return ref.startsWith('row')
          ? ref
          : `row ${r.row}, cell ${ref} (${columns.find((c) => c.key === key)?.header ?? key})`;
      };
      return {
        rows: rows.map((r) => ({ line: r.row, values: r.values, at: (key?: string) => place(r, key) })),
        problems: cellProblems,
      };
    }
    const out: Row[] = [];
    const problems: LineProblem[] = [];
    const byHeader = new Map(
      columns.flatMap(
        (c) =>
          [
            [c.header, c],
            [c.key, c],
          ] as const,
      ),
    );
    for await (const record of readJsonLines(path)) {
      const n = record.line;
      const parsed = parseJsonRecord(record);
      if ('problem' in parsed) {
        problems.push(parsed.problem);
        continue;
      }
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(parsed.record)) {
        const c = byHeader.get(k);
        if (!c) {
          problems.push({ line: n, message: `unknown key ${k}` });
          continue;
        }
        const typed = jsonCell(v, c.type);
        if (typed.problem) problems.push({ line: n, at: `line ${n}, ${c.header}`, message: typed.problem });
        values[c.key] = typed.value;
      }
      const lineNo = n;
      out.push({
        line: lineNo,
        values,
        at: (key?: string) =>
          key ? `line ${lineNo}, ${columns.find((c) => c.key === key)?.header ?? key}` : `line ${lineNo}`,
      });
    }
    if (problems.length) throw new ImportError(problems);
    if (!out.length) throw new ImportError([{ line: 0, message: 'the file holds no rows' }]);
    return { rows: out, problems: [] };
  }

  private async programmes(em: EntityManager, rows: Row[], problem: Problem) {
    const agencies = await this.codeMap(
      em,
      'agency',
      rows.map((r) => text(r.values.administratorCode)),
    );
    const existing: {
      id: string;
      code: string;
      parent_code: string | null;
      administrator_id: string;
      budget_level: string;
      functional_group: string | null;
      functional_subgroup: string | null;
      cofog_group: string | null;
      name_ru: string;
      name_kk: string | null;
    }[] = await em.query(
      `SELECT p.id, p.code, pp.code AS parent_code, p.administrator_id, p.budget_level, p.functional_group, p.functional_subgroup, p.cofog_group, p.name_ru, p.name_kk
         FROM budget_programme p LEFT JOIN budget_programme pp ON pp.id = p.parent_id`,
    );
    const known = new Map(existing.map((p) => [p.code, p]));
    const wanted = new Map<string, { row: Row; fields: unknown[] }>();
    const years: { row: Row; code: string; year: number; planned: number; actual: number | null }[] = [];
    for (const r of rows) {
      const v = r.values;
      const code = text(v.programmeCode);
      if (!code) {
        problem(r, 'programmeCode', 'a programme code is required');
        continue;
      }
      const level = text(v.budgetLevel)?.toUpperCase() ?? null;
      if (!level || !LEVELS.includes(level)) problem(r, 'budgetLevel', `must be one of ${LEVELS.join(', ')}`);
      const admin = agencies.get(text(v.administratorCode) ?? '');
      if (!admin) problem(r, 'administratorCode', `no agency has code ${text(v.administratorCode) ?? '(empty)'}`);
      if (!text(v.nameRu)) problem(r, 'nameRu', 'a name is required');
      const fields = [
        text(v.parentCode),
        admin,
        level,
        text(v.functionalGroup),
        text(v.functionalSubgroup),
        text(v.cofogGroup),
        text(v.nameRu),
        text(v.nameKk),
      ];
      const seen = wanted.get(code);
      if (seen && JSON.stringify(seen.fields) !== JSON.stringify(fields))
        problem(r, 'programmeCode', `programme ${code} is described differently on ${seen.row.at()}`);
      else if (!seen) wanted.set(code, { row: r, fields });
      if (v.year !== null && v.year !== undefined) {
        const planned = num(v.planned);
        const actual = num(v.actual);
        if (planned === null || planned < 0 || planned > MAX_TENGE)
          problem(r, 'planned', 'planned expenditure (tenge, from 0 to 10 trillion) is required with a year');
        if (actual !== null && (actual < 0 || actual > MAX_TENGE))
          problem(r, 'actual', 'actual expenditure is from 0 to 10 trillion tenge');
        if (!validYear(v.year)) problem(r, 'year', 'a year between 1991 and 2100');
        if (years.some((y) => y.code === code && y.year === Number(v.year)))
          problem(r, 'year', `programme ${code} has ${cellString(v.year as CellValue)} twice`);
        years.push({ row: r, code, year: Number(v.year), planned: planned ?? 0, actual });
      }
    }
    for (const [code, w] of wanted) {
      const parent = w.fields[0] as string | null;
      if (parent && !wanted.has(parent) && !known.has(parent))
        problem(w.row, 'parentCode', `no programme has code ${parent} (in the file or the registry)`);
      if (parent === code) problem(w.row, 'parentCode', 'a programme cannot be its own parent');
      // Programmes have subprogrammes, and subprogrammes have none.
      const parentsParent = parent
        ? wanted.has(parent)
          ? (wanted.get(parent)!.fields[0] as string | null)
          : (known.get(parent)?.parent_code ?? null)
        : null;
      if (parent && parentsParent)
        problem(
          w.row,
          'parentCode',
          `${parent} is a subprogramme of ${parentsParent}; a subprogramme belongs to a programme`,
        );
    }
    if (problem.any()) return { inserted: 0, updated: 0, unchanged: 0 };
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    // Programmes before subprogrammes, so that a parent exists when its child is written.
    const ordered = [...wanted.entries()].sort(([, a], [, b]) => Number(!!a.fields[0]) - Number(!!b.fields[0]));
    for (const [code, w] of ordered) {
      const [parent, admin, level, group, subgroup, cofog, nameRu, nameKk] = w.fields as (string | null)[];
      const k = known.get(code);
      if (
        k &&
        k.parent_code === parent &&
        k.administrator_id === admin &&
        k.budget_level === level &&
        k.functional_group === group &&
        k.functional_subgroup === subgroup &&
        k.cofog_group === cofog &&
        k.name_ru === nameRu &&
        k.name_kk === nameKk
      ) {
        unchanged++;
        continue;
      }
      if (!admin || !level || !nameRu) continue;
      await em.query(
        `INSERT INTO budget_programme (code, parent_id, administrator_id, budget_level, functional_group, functional_subgroup, cofog_group, name_ru, name_kk)
         VALUES ($1, (SELECT id FROM budget_programme WHERE code = $2), $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (code) DO UPDATE SET parent_id = EXCLUDED.parent_id, administrator_id = EXCLUDED.administrator_id, budget_level = EXCLUDED.budget_level,
           functional_group = EXCLUDED.functional_group, functional_subgroup = EXCLUDED.functional_subgroup, cofog_group = EXCLUDED.cofog_group,
           name_ru = EXCLUDED.name_ru, name_kk = EXCLUDED.name_kk`,
        [code, parent, admin, level, group, subgroup, cofog, nameRu, nameKk],
      );
      if (k) updated++;
      else inserted++;
    }
    for (const y of years) {
      const [res]: UpsertRow[] = await em.query(
        `INSERT INTO budget_expenditure (programme_id, year, planned, actual) SELECT id, $2, $3, $4 FROM budget_programme WHERE code = $1
         ON CONFLICT (programme_id, year) DO UPDATE SET planned = EXCLUDED.planned, actual = EXCLUDED.actual
         WHERE (budget_expenditure.planned, budget_expenditure.actual) IS DISTINCT FROM (EXCLUDED.planned, EXCLUDED.actual)
         RETURNING (xmax = 0) AS inserted`,
        [y.code, y.year, y.planned, y.actual],
      );
      if (!res) unchanged++;
      else if (res.inserted) inserted++;
      else updated++;
    }
    return { inserted, updated, unchanged };
  }

  private async links(em: EntityManager, rows: Row[], problem: Problem) {
    // The file is checked as a whole below; row by row, a valid file that moves shares between
    // functions could pass 100 % halfway (B raised before A lowered). The trigger still holds at commit.
    await em.query(`SET CONSTRAINTS budget_link_shares DEFERRED`);
    const programmes = await this.codeMap(
      em,
      'budget_programme',
      rows.map((r) => text(r.values.programmeCode)),
    );
    const functions = await this.functionMap(em, rows);
    const planned: {
      row: Row;
      programmeId: string;
      year: number;
      functionId: string;
      share: number;
      note: string | null;
    }[] = [];
    for (const r of rows) {
      const v = r.values;
      const programmeId = programmes.get(text(v.programmeCode) ?? '');
      if (!programmeId)
        problem(r, 'programmeCode', `no budget programme has code ${text(v.programmeCode) ?? '(empty)'}`);
      const functionId = this.functionOf(r, functions, problem);
      const share = num(v.sharePercent);
      if (share === null || !(share > 0 && share <= 100))
        problem(r, 'sharePercent', 'a share is more than 0 % and at most 100 %');
      if (!validYear(v.year)) problem(r, 'year', 'a year between 1991 and 2100');
      if (
        programmeId &&
        functionId &&
        share !== null &&
        planned.some((p) => p.programmeId === programmeId && p.year === Number(v.year) && p.functionId === functionId)
      ) {
        problem(r, 'functionCode', 'the same function is linked to this programme and year twice in the file');
      }
      if (programmeId && functionId && share !== null)
        planned.push({ row: r, programmeId, year: Number(v.year), functionId, share, note: text(v.note) });
    }
    // The 100 % rule per programme and year: the file's shares plus what the registry links to other functions.
    const existing: { programme_id: string; year: number; function_id: string; share: string; note: string | null }[] =
      await em.query(
        `SELECT programme_id, year, function_id, share::text, note FROM budget_link WHERE programme_id = ANY($1::uuid[])`,
        [[...new Set(planned.map((p) => p.programmeId))]],
      );
    const expenditureKeys: { k: string }[] = await em.query(
      `SELECT programme_id || '|' || year AS k FROM budget_expenditure WHERE programme_id = ANY($1::uuid[])`,
      [[...new Set(planned.map((p) => p.programmeId))]],
    );
    const expenditures = new Set(expenditureKeys.map((e) => e.k));
    const groups = new Map<string, typeof planned>();
    for (const p of planned) {
      if (!expenditures.has(`${p.programmeId}|${p.year}`))
        problem(
          p.row,
          'year',
          `the programme has no expenditure recorded for ${p.year}; import it with the programmes first`,
        );
      const k = `${p.programmeId}|${p.year}`;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    for (const [k, list] of groups) {
      const inFile = new Set(list.map((p) => p.functionId));
      const others = existing
        .filter((e) => `${e.programme_id}|${e.year}` === k && !inFile.has(e.function_id))
        .reduce((s, e) => s + Number(e.share), 0);
      const total = others + list.reduce((s, p) => s + p.share / 100, 0);
      if (total > 1 + 1e-9) {
        problem(
          list[list.length - 1].row,
          'sharePercent',
          `the shares of programme ${text(list[0].row.values.programmeCode)} in ${list[0].year} would add up to ${formatPercent(total)} (rows ${list.map((p) => p.row.line).join(', ')}${others ? `, and ${formatPercent(others)} linked already` : ''}), over 100 %`,
        );
      }
    }
    if (problem.any()) return { inserted: 0, updated: 0, unchanged: 0 };
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    for (const p of planned) {
      const share = (Math.round(p.share * 10_000) / 1_000_000).toFixed(6);
      const e = existing.find(
        (x) => x.programme_id === p.programmeId && x.year === p.year && x.function_id === p.functionId,
      );
      if (e && e.share === share && e.note === p.note) {
        unchanged++;
        continue;
      }
      await em.query(
        `INSERT INTO budget_link (programme_id, year, function_id, share, note, created_by) VALUES ($1, $2, $3, $4, $5, 'import')
         ON CONFLICT (programme_id, year, function_id) DO UPDATE SET share = EXCLUDED.share, note = EXCLUDED.note`,
        [p.programmeId, p.year, p.functionId, share, p.note],
      );
      if (e) updated++;
      else inserted++;
    }
    return { inserted, updated, unchanged };
  }

  private async headcount(em: EntityManager, rows: Row[], problem: Problem) {
    const functions = await this.functionMap(em, rows);
    const unitRows: { k: string; id: string }[] = await em.query(
      `SELECT a.code || '|' || u.code AS k, u.id FROM registry_structural_unit u JOIN registry_agency a ON a.id = u.agency_id WHERE a.code = ANY($1)`,
      [[...new Set(rows.map((r) => text(r.values.agencyCode)).filter(Boolean))]],
    );
    const units = new Map<string, string>(unitRows.map((u) => [u.k, u.id]));
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    const writes: (() => Promise<void>)[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      const v = r.values;
      const staff = num(v.staffUnits);
      if (staff === null || staff < 0 || staff > MAX_STAFF)
        problem(r, 'staffUnits', 'staff units (from 0 to a million) are required');
      if (!validYear(v.year)) problem(r, 'year', 'a year between 1991 and 2100');
      if (text(v.note) && !text(v.functionCode) && !text(v.functionExternalId))
        problem(r, 'note', 'a note is kept for a function row only');
      const isFunction = text(v.functionCode) || text(v.functionExternalId);
      const isUnit = text(v.agencyCode) || text(v.unitCode);
      if (isFunction && isUnit) {
        problem(
          r,
          'functionCode',
          'a row is either a function (function_code) or a structural unit (agency_code and unit_code), not both',
        );
        continue;
      }
      if (!isFunction && !isUnit) {
        problem(
          r,
          'functionCode',
          'name a function (function_code or function_external_id) or a unit (agency_code and unit_code)',
        );
        continue;
      }
      const target = isFunction
        ? this.functionOf(r, functions, problem)
        : units.get(`${text(v.agencyCode)}|${text(v.unitCode)}`);
      if (!isFunction && !target)
        problem(
          r,
          'unitCode',
          `agency ${text(v.agencyCode) ?? '(empty)'} has no structural unit with code ${text(v.unitCode) ?? '(empty)'}`,
        );
      if (!target || staff === null) continue;
      const key = `${isFunction ? 'f' : 'u'}|${target}|${cellString(v.year as CellValue)}`;
      if (seen.has(key)) problem(r, 'year', 'the same function or unit and year appear twice in the file');
      seen.add(key);
      writes.push(async () => {
        const [res]: UpsertRow[] = isFunction
          ? await em.query(
              `INSERT INTO function_headcount (function_id, year, staff_units, note) VALUES ($1, $2, $3, $4)
               ON CONFLICT (function_id, year) DO UPDATE SET staff_units = EXCLUDED.staff_units, note = EXCLUDED.note
               WHERE (function_headcount.staff_units, function_headcount.note) IS DISTINCT FROM (EXCLUDED.staff_units, EXCLUDED.note)
               RETURNING (xmax = 0) AS inserted`,
              [target, v.year, staff, text(v.note)],
            )
          : await em.query(
              `INSERT INTO unit_headcount (structural_unit_id, year, staff_units) VALUES ($1, $2, $3)
               ON CONFLICT (structural_unit_id, year) DO UPDATE SET staff_units = EXCLUDED.staff_units
               WHERE unit_headcount.staff_units IS DISTINCT FROM EXCLUDED.staff_units
               RETURNING (xmax = 0) AS inserted`,
              [target, v.year, staff],
            );
        if (!res) unchanged++;
        else if (res.inserted) inserted++;
        else updated++;
      });
    }
    if (problem.any()) return { inserted: 0, updated: 0, unchanged: 0 };
    for (const w of writes) await w();
    return { inserted, updated, unchanged };
  }

  async exportFile(kind: BulkKind, path: string): Promise<number> {
    const rows: Record<string, unknown>[] =
      kind === 'programmes'
        ? await this.ds.query(
            `SELECT p.code AS "programmeCode", pp.code AS "parentCode", a.code AS "administratorCode", p.budget_level AS "budgetLevel",
               p.functional_group AS "functionalGroup", p.functional_subgroup AS "functionalSubgroup", p.cofog_group AS "cofogGroup",
               p.name_ru AS "nameRu", p.name_kk AS "nameKk", e.year, e.planned::float8 AS planned, e.actual::float8 AS actual
             FROM budget_programme p JOIN registry_agency a ON a.id = p.administrator_id LEFT JOIN budget_programme pp ON pp.id = p.parent_id
             LEFT JOIN budget_expenditure e ON e.programme_id = p.id ORDER BY p.code, e.year`,
          )
        : kind === 'links'
          ? await this.ds.query(
              `SELECT p.code AS "programmeCode", l.year, f.code AS "functionCode", f.external_id AS "functionExternalId",
                 (l.share * 100)::float8 AS "sharePercent", l.note
               FROM budget_link l JOIN budget_programme p ON p.id = l.programme_id JOIN registry_function f ON f.id = l.function_id ORDER BY p.code, l.year, f.code`,
            )
          : await this.ds.query(
              `SELECT f.code AS "functionCode", f.external_id AS "functionExternalId", NULL AS "agencyCode", NULL AS "unitCode", h.year, h.staff_units::float8 AS "staffUnits", h.note
               FROM function_headcount h JOIN registry_function f ON f.id = h.function_id
               UNION ALL
               SELECT NULL, NULL, a.code, u.code, h.year, h.staff_units::float8, NULL
               FROM unit_headcount h JOIN registry_structural_unit u ON u.id = h.structural_unit_id JOIN registry_agency a ON a.id = u.agency_id
               ORDER BY 1 NULLS LAST, 3, 4, 5`,
            );
    if (tableFormatOf(path) === 'jsonl') {
      const headerOf = new Map(LAYOUTS[kind].map((c) => [c.key, c.header]));
      const lines = rows.map((r) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(r)
              .filter(([, v]) => v !== null)
              .map(([k, v]) => [headerOf.get(k) ?? k, v]),
          ),
        ),
      );
      await writeFile(path, lines.length ? `${lines.join('\n')}\n` : '');
      return rows.length;
    }
    return writeTable(path, LAYOUTS[kind], rows, { sheet: kind, title: `Budget ${kind}` });
  }

  private async codeMap(
    em: EntityManager,
    table: 'agency' | 'budget_programme',
    codes: (string | null)[],
  ): Promise<Map<string, string>> {
    const rows: { code: string; id: string }[] = await em.query(`SELECT code, id FROM ${table} WHERE code = ANY($1)`, [
      [...new Set(codes.filter(Boolean))],
    ]);
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  private async functionMap(
    em: EntityManager,
    rows: Row[],
  ): Promise<{ byCode: Map<string, string>; byExternal: Map<string, string> }> {
    const codes = [...new Set(rows.map((r) => text(r.values.functionCode)).filter(Boolean))];
    const externals = [...new Set(rows.map((r) => text(r.values.functionExternalId)).filter(Boolean))];
    const found: { id: string; code: string; external_id: string | null }[] = await em.query(
      `SELECT id, code, external_id FROM registry_function WHERE code = ANY($1) OR external_id = ANY($2)`,
      [codes, externals],
    );
    return {
      byCode: new Map(found.map((f) => [f.code, f.id])),
      byExternal: new Map(found.filter((f) => f.external_id).map((f) => [f.external_id!, f.id])),
    };
  }

  private functionOf(
    r: Row,
    maps: { byCode: Map<string, string>; byExternal: Map<string, string> },
    problem: Problem,
  ): string | undefined {
    const code = text(r.values.functionCode);
    const ext = text(r.values.functionExternalId);
    if (!code && !ext) {
      problem(r, 'functionCode', 'name the function: function_code or function_external_id');
      return undefined;
    }
    const byCode = code ? maps.byCode.get(code) : undefined;
    const byExt = ext ? maps.byExternal.get(ext) : undefined;
    if (code && !byCode) problem(r, 'functionCode', `no function has code ${code}`);
    if (ext && !byExt) problem(r, 'functionExternalId', `no function has external id ${ext}`);
    if (byCode && byExt && byCode !== byExt) problem(r, 'functionCode', `${code} and ${ext} are different functions`);
    return byCode ?? byExt;
  }
}
