import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CountCache, notFound } from '#core';

export interface FunctionHeadcountRow {
  functionId: string;
  year: number;
  staffUnits: string;
  note: string | null;
}

export interface UnitHeadcountRow {
  structuralUnitId: string;
  year: number;
  staffUnits: string;
  /** Staff units of the unit's functions' headcount rows (functions of the unit), for comparison. */
  assignedToFunctions: string;
}

export interface StaffLoadRow {
  agencyId: string;
  level: string;
  functions: number;
  functionsWithHeadcount: number;
  staffUnits: string;
  staffPerFunction: string | null;
}

export interface TypicalComparisonRow {
  /** The typical function (template) or the shared wording the holders have in common. */
  groupKey: string;
  groupTitle: string;
  functionId: string;
  holderId: string;
  staffUnits: string;
  groupMedian: string;
  ratioToMedian: string | null;
  holders: number;
}

/**
 * Staff units (штатная численность) per structural unit and per function, and the disproportion
 * views the Concept asks for: staff per function by agency and level, and holders of one typical
 * function compared with each other.
 */
@Injectable()
export class HeadcountService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
  ) {}

  async setUnit(
    input: { structuralUnitId: string; year: number; staffUnits: number },
    em: EntityManager = this.ds.manager,
  ): Promise<UnitHeadcountRow> {
    // Outside a transaction, one of its own: the history names the actor and the request.
    if (!em.queryRunner?.isTransactionActive) return this.ds.transaction((m) => this.setUnit(input, m));
    const [u] = await em.query<{ id: string }[]>(`SELECT id FROM registry_structural_unit WHERE id = $1`, [
      input.structuralUnitId,
    ]);
    if (!u) throw notFound('Structural unit', input.structuralUnitId);
    await em.query(
      `INSERT INTO unit_headcount (structural_unit_id, year, staff_units) VALUES ($1, $2, $3)
       ON CONFLICT (structural_unit_id, year) DO UPDATE SET staff_units = EXCLUDED.staff_units`,
      [input.structuralUnitId, input.year, input.staffUnits],
    );
    this.counts.invalidate();
    return (await this.units([input.structuralUnitId], em)).find((r) => r.year === input.year)!;
  }

  async setFunction(
    input: { functionId: string; year: number; staffUnits: number; note?: string | null },
    em: EntityManager = this.ds.manager,
  ): Promise<FunctionHeadcountRow> {
    // Outside a transaction, one of its own: the history names the actor and the request.
    if (!em.queryRunner?.isTransactionActive) return this.ds.transaction((m) => this.setFunction(input, m));
    const [f] = await em.query<{ id: string }[]>(`SELECT id FROM registry_function WHERE id = $1`, [input.functionId]);
    if (!f) throw notFound('Function', input.functionId);
    const [row] = await em.query<FunctionHeadcountRow[]>(
      `INSERT INTO function_headcount (function_id, year, staff_units, note) VALUES ($1, $2, $3, $4)
       ON CONFLICT (function_id, year) DO UPDATE SET staff_units = EXCLUDED.staff_units, note = EXCLUDED.note
       RETURNING function_id AS "functionId", year, staff_units::text AS "staffUnits", note`,
      [input.functionId, input.year, input.staffUnits, input.note ?? null],
    );
    this.counts.invalidate();
    return row;
  }

  ofFunctions(ids: readonly string[], year?: number): Promise<FunctionHeadcountRow[]> {
    return this.ds.query(
      `SELECT function_id AS "functionId", year, staff_units::text AS "staffUnits", note FROM function_headcount
       WHERE function_id = ANY($1::uuid[]) ${year === undefined ? '' : 'AND year = $2'} ORDER BY year`,
      year === undefined ? [ids] : [ids, year],
    );
  }

  units(ids: readonly string[], em: EntityManager = this.ds.manager): Promise<UnitHeadcountRow[]> {
    return em.query(
      `SELECT h.structural_unit_id AS "structuralUnitId", h.year, h.staff_units::text AS "staffUnits",
         coalesce((SELECT sum(fh.staff_units) FROM function_headcount fh JOIN registry_function f ON f.id = fh.function_id
                   WHERE f.structural_unit_id = h.structural_unit_id AND fh.year = h.year), 0)::text AS "assignedToFunctions"
       FROM unit_headcount h WHERE h.structural_unit_id = ANY($1::uuid[]) ORDER BY h.year`,
      [ids],
    );
  }

  /** Staff per function for each agency (with its level) in a year, heaviest first. */
  staffLoad(year: number, filter: { levels?: string[] } = {}): Promise<StaffLoadRow[]> {
    const params: unknown[] = [year];
    let cond = '';
    if (filter.levels?.length) {
      params.push(filter.levels);
      cond = `AND a.level = ANY($2)`;
    }
    return this.ds.query(
      `SELECT a.id AS "agencyId", a.level, count(f.id)::int AS functions, count(fh.function_id)::int AS "functionsWithHeadcount",
         coalesce(sum(fh.staff_units), 0)::text AS "staffUnits",
         CASE WHEN count(fh.function_id) > 0 THEN round(sum(fh.staff_units) / count(fh.function_id), 2)::text END AS "staffPerFunction"
       FROM registry_agency a
       JOIN registry_function f ON f.holder_id = a.id AND NOT f.retired
       LEFT JOIN function_headcount fh ON fh.function_id = f.id AND fh.year = $1
       WHERE true ${cond}
       GROUP BY a.id, a.level, a.code HAVING count(fh.function_id) > 0
       ORDER BY sum(fh.staff_units) / count(fh.function_id) DESC, a.code`,
      params,
    );
  }

  /**
   * Holders of the same typical function side by side: functions grouped by their template or, for
   * functions registered without one, by identical wording; each with its staff units and its ratio
   * to the group's median. Only groups of two or more holders with headcount appear.
   */
  async typicalComparison(year: number, minRatio = 0): Promise<TypicalComparisonRow[]> {
    return this.ds.query(
      `WITH staffed AS (
         SELECT f.id, f.holder_id, coalesce(f.template_id::text, f.title_hash) AS group_key, fh.staff_units,
           coalesce(t.title_ru, f.title_ru, f.title_kk) AS group_title
         FROM registry_function f JOIN function_headcount fh ON fh.function_id = f.id AND fh.year = $1
         LEFT JOIN registry_function t ON t.id = f.template_id
         WHERE NOT f.retired
       ), groups AS (
         SELECT group_key, min(group_title) AS group_title, count(DISTINCT holder_id) AS holders,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY staff_units) AS median
         FROM staffed GROUP BY group_key HAVING count(DISTINCT holder_id) > 1
       )
       SELECT s.group_key AS "groupKey", g.group_title AS "groupTitle", s.id AS "functionId", s.holder_id AS "holderId",
         s.staff_units::text AS "staffUnits", round(g.median::numeric, 2)::text AS "groupMedian",
         CASE WHEN g.median > 0 THEN round(s.staff_units / g.median::numeric, 2)::text END AS "ratioToMedian", g.holders::int AS holders
       FROM staffed s JOIN groups g ON g.group_key = s.group_key
       WHERE g.median = 0 OR abs(ln(greatest(s.staff_units, 0.01) / greatest(g.median::numeric, 0.01))) >= ln(greatest($2::numeric, 1))
       ORDER BY g.group_title, s.staff_units DESC`,
      [year, minRatio],
    );
  }
}
