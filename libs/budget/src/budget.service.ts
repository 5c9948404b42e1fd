import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, containsPattern, CountCache, notFound, Page, PageArgs, toLazyPage } from '#core';

type BudgetLevel = 'REPUBLICAN' | 'REGIONAL' | 'DISTRICT';

export interface ProgrammeRow {
  id: string;
  code: string;
  parentId: string | null;
  administratorId: string;
  budgetLevel: BudgetLevel;
  functionalGroup: string | null;
  functionalSubgroup: string | null;
  cofogGroup: string | null;
  nameRu: string;
  nameKk: string | null;
}

export interface ExpenditureRow {
  programmeId: string;
  year: number;
  /** Tenge, as decimal text: money is never rounded through floating point. */
  planned: string;
  actual: string | null;
  /** Share of the year's expenditure linked to functions, 0 to 1. */
  linkedShare: string;
}

export interface LinkRow {
  id: string;
  programmeId: string;
  year: number;
  functionId: string;
  share: string;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
  /** This link's part of the planned and actual expenditure, in tenge. */
  plannedAmount: string;
  actualAmount: string | null;
}

export interface UnlinkedRow {
  programmeId: string;
  year: number;
  planned: string;
  actual: string | null;
  linkedShare: string;
  unlinkedPlanned: string;
  unlinkedActual: string | null;
}

interface IdRow {
  id: string;
}

interface CountRow {
  n: number;
}

const PROGRAMME = `p.id, p.code, p.parent_id AS "parentId", p.administrator_id AS "administratorId", p.budget_level AS "budgetLevel",
  p.functional_group AS "functionalGroup", p.functional_subgroup AS "functionalSubgroup", p.cofog_group AS "cofogGroup", p.name_ru AS "nameRu", p.name_kk AS "nameKk"`;

const LINK = `l.id, l.programme_id AS "programmeId", l.year, l.function_id AS "functionId", l.share::text, l.note, l.created_by AS "createdBy", l.created_at AS "createdAt",
  round(e.planned * l.share, 2)::text AS "plannedAmount", round(e.actual * l.share, 2)::text AS "actualAmount"`;

/** A share given in percent (what planners write) as the fraction the database keeps. */
export function percentToShare(percent: number, field = 'sharePercent'): string {
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100)
    throw badInput(field, `a share is more than 0 % and at most 100 % (got ${percent})`);
  return (Math.round(percent * 10_000) / 1_000_000).toFixed(6);
}

/**
 * Budget programmes and subprogrammes with their administrators and classification, expenditures
 * per year (plan and actual, in tenge), and the links by which a planner spreads a programme's
 * expenditure of a year over the functions it pays for. The shares of one programme and year never
 * pass 100 %: checked here with a clear message, and by a constraint trigger that also holds
 * against concurrent writers and plain SQL.
 */
@Injectable()
export class BudgetService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
  ) {}

  async createProgramme(
    input: {
      code: string;
      parentCode?: string | null;
      administratorId: string;
      budgetLevel: BudgetLevel;
      functionalGroup?: string | null;
      functionalSubgroup?: string | null;
      cofogGroup?: string | null;
      nameRu: string;
      nameKk?: string | null;
    },
    em: EntityManager = this.ds.manager,
  ): Promise<ProgrammeRow> {
    // Outside a transaction, one of its own: the history names the actor and the request.
    if (!em.queryRunner?.isTransactionActive) return this.ds.transaction((m) => this.createProgramme(input, m));
    const [admin]: IdRow[] = await em.query(`SELECT id FROM registry_agency WHERE id = $1`, [input.administratorId]);
    if (!admin) throw badInput('administratorId', `no agency has id ${input.administratorId}`);
    let parentId: string | null = null;
    if (input.parentCode) {
      const [parent]: { id: string; parent_id: string | null }[] = await em.query(
        `SELECT id, parent_id FROM budget_programme WHERE code = $1`,
        [input.parentCode],
      );
      if (!parent) throw badInput('parentCode', `no budget programme has code ${input.parentCode}`);
      if (parent.parent_id)
        throw badInput('parentCode', `${input.parentCode} is a subprogramme; a subprogramme belongs to a programme`);
      parentId = parent.id;
    }
    const [exists]: unknown[] = await em.query(`SELECT 1 FROM budget_programme WHERE code = $1`, [input.code]);
    if (exists) throw conflict(`a budget programme with code ${input.code} exists already`);
    const [row]: IdRow[] = await em.query(
      `INSERT INTO budget_programme (code, parent_id, administrator_id, budget_level, functional_group, functional_subgroup, cofog_group, name_ru, name_kk)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        input.code,
        parentId,
        input.administratorId,
        input.budgetLevel,
        input.functionalGroup ?? null,
        input.functionalSubgroup ?? null,
        input.cofogGroup ?? null,
        input.nameRu,
        input.nameKk ?? null,
      ],
    );
    this.counts.invalidate();
    return (await this.programmesByIds([row.id], em))[0];
  }

  async programmesByIds(ids: readonly string[], em: EntityManager = this.ds.manager): Promise<ProgrammeRow[]> {
    return em.query(`SELECT ${PROGRAMME} FROM budget_programme p WHERE p.id = ANY($1::uuid[])`, [ids]);
  }

  childrenOf(ids: readonly string[]): Promise<ProgrammeRow[]> {
    return this.ds.query(
      `SELECT ${PROGRAMME} FROM budget_programme p WHERE p.parent_id = ANY($1::uuid[]) ORDER BY p.code`,
      [ids],
    );
  }

  async programmeByCode(code: string, em: EntityManager = this.ds.manager): Promise<ProgrammeRow> {
    const [row]: ProgrammeRow[] = await em.query(`SELECT ${PROGRAMME} FROM budget_programme p WHERE p.code = $1`, [
      code,
    ]);
    if (!row) throw notFound('Budget programme', code);
    return row;
  }

  async programmes(
    filter: { administratorId?: string; budgetLevel?: string; functionalGroup?: string; search?: string },
    page: PageArgs,
  ): Promise<Page<ProgrammeRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.administratorId) add('p.administrator_id = ?', filter.administratorId);
    if (filter.budgetLevel) add('p.budget_level = ?', filter.budgetLevel);
    if (filter.functionalGroup) add('p.functional_group = ?', filter.functionalGroup);
    if (filter.search) add(`(p.code ILIKE ? OR p.name_ru ILIKE ?)`, containsPattern(filter.search));
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: ProgrammeRow[] = await this.ds.query(
      `SELECT ${PROGRAMME} FROM budget_programme p ${cond} ORDER BY p.code OFFSET ${page.skip} LIMIT ${page.take + 1}`,
      params,
    );
    return toLazyPage(
      rows,
      page,
      async () =>
        (await this.ds.query<CountRow[]>(`SELECT count(*)::int AS n FROM budget_programme p ${cond}`, params))[0].n,
    );
  }

  async setExpenditure(
    input: { programmeId: string; year: number; planned: number; actual?: number | null },
    em: EntityManager = this.ds.manager,
  ): Promise<ExpenditureRow> {
    // Outside a transaction, one of its own: the history names the actor and the request.
    if (!em.queryRunner?.isTransactionActive) return this.ds.transaction((m) => this.setExpenditure(input, m));
    const [p]: IdRow[] = await em.query(`SELECT id FROM budget_programme WHERE id = $1`, [input.programmeId]);
    if (!p) throw notFound('Budget programme', input.programmeId);
    await em.query(
      `INSERT INTO budget_expenditure (programme_id, year, planned, actual) VALUES ($1, $2, $3, $4)
       ON CONFLICT (programme_id, year) DO UPDATE SET planned = EXCLUDED.planned, actual = EXCLUDED.actual`,
      [input.programmeId, input.year, input.planned, input.actual ?? null],
    );
    this.counts.invalidate();
    return (await this.expenditures([input.programmeId], em)).find((e) => e.year === input.year)!;
  }

  async expenditures(programmeIds: readonly string[], em: EntityManager = this.ds.manager): Promise<ExpenditureRow[]> {
    return em.query(
      `SELECT e.programme_id AS "programmeId", e.year, e.planned::text, e.actual::text,
         coalesce((SELECT sum(share) FROM budget_link l WHERE l.programme_id = e.programme_id AND l.year = e.year), 0)::text AS "linkedShare"
       FROM budget_expenditure e WHERE e.programme_id = ANY($1::uuid[]) ORDER BY e.year`,
      [programmeIds],
    );
  }

  /**
   * Links part of a programme's expenditure of a year to a function (a second link of the same
   * function replaces the first). Refused when the year's shares would pass 100 %.
   */
  async link(
    input: { programmeId: string; year: number; functionId: string; sharePercent: number; note?: string | null },
    actor: string | null,
    em?: EntityManager,
  ): Promise<LinkRow> {
    const share = percentToShare(input.sharePercent);
    const work = async (m: EntityManager) => {
      const [e]: { planned: string; code: string }[] = await m.query(
        `SELECT e.planned, p.code FROM budget_expenditure e JOIN budget_programme p ON p.id = e.programme_id
         WHERE e.programme_id = $1 AND e.year = $2 FOR UPDATE OF e`,
        [input.programmeId, input.year],
      );
      if (!e) {
        const [p]: { code: string }[] = await m.query(`SELECT code FROM budget_programme WHERE id = $1`, [
          input.programmeId,
        ]);
        if (!p) throw notFound('Budget programme', input.programmeId);
        throw badInput('year', `programme ${p.code} has no expenditure recorded for ${input.year}; record it first`);
      }
      const [f]: IdRow[] = await m.query(`SELECT id FROM registry_function WHERE id = $1`, [input.functionId]);
      if (!f) throw notFound('Function', input.functionId);
      const [{ others }]: { others: string }[] = await m.query(
        `SELECT coalesce(sum(share), 0)::text AS others FROM budget_link WHERE programme_id = $1 AND year = $2 AND function_id <> $3`,
        [input.programmeId, input.year, input.functionId],
      );
      const total = Number(others) + Number(share);
      if (total > 1 + 1e-9) {
        throw badInput(
          'sharePercent',
          `programme ${e.code} in ${input.year} has ${formatPercent(Number(others))} linked to other functions; ` +
            `${formatPercent(Number(share))} more would make ${formatPercent(total)}, over 100 % (at most ${formatPercent(1 - Number(others))} is left)`,
        );
      }
      const [row]: IdRow[] = await m.query(
        `INSERT INTO budget_link (programme_id, year, function_id, share, note, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (programme_id, year, function_id) DO UPDATE SET share = EXCLUDED.share, note = EXCLUDED.note, created_by = EXCLUDED.created_by, created_at = now()
         RETURNING id`,
        [input.programmeId, input.year, input.functionId, share, input.note ?? null, actor],
      );
      this.counts.invalidate();
      return (await this.linksWhere(m, 'l.id = $1', [row.id]))[0];
    };
    return em ? work(em) : this.ds.transaction(work);
  }

  async unlink(id: string): Promise<boolean> {
    const [, n]: [unknown, number] = await this.ds.transaction((em) =>
      em.query(`DELETE FROM budget_link WHERE id = $1`, [id]),
    );
    if (!n) throw notFound('Budget link', id);
    this.counts.invalidate();
    return true;
  }

  linksOfFunctions(ids: readonly string[], year?: number): Promise<LinkRow[]> {
    return year === undefined
      ? this.linksWhere(this.ds.manager, 'l.function_id = ANY($1::uuid[])', [ids])
      : this.linksWhere(this.ds.manager, 'l.function_id = ANY($1::uuid[]) AND l.year = $2', [ids, year]);
  }

  linksOfProgrammes(ids: readonly string[]): Promise<LinkRow[]> {
    return this.linksWhere(this.ds.manager, 'l.programme_id = ANY($1::uuid[])', [ids]);
  }

  private linksWhere(em: EntityManager, cond: string, params: unknown[]): Promise<LinkRow[]> {
    return em.query(
      `SELECT ${LINK} FROM budget_link l JOIN budget_expenditure e ON e.programme_id = l.programme_id AND e.year = l.year
       WHERE ${cond} ORDER BY l.year, l.programme_id, l.function_id`,
      params,
    );
  }

  /** Expenditure not linked to any function, per programme and year, largest first. */
  async unlinked(filter: { year?: number; administratorId?: string }, page: PageArgs): Promise<Page<UnlinkedRow>> {
    const where = ['e.planned * (1 - coalesce(s.linked, 0)) > 0 OR e.actual * (1 - coalesce(s.linked, 0)) > 0'];
    const params: unknown[] = [];
    if (filter.year !== undefined) {
      params.push(filter.year);
      where.push(`e.year = $${params.length}`);
    }
    if (filter.administratorId) {
      params.push(filter.administratorId);
      where.push(`p.administrator_id = $${params.length}`);
    }
    const from = `FROM budget_expenditure e JOIN budget_programme p ON p.id = e.programme_id
      LEFT JOIN (SELECT programme_id, year, sum(share) AS linked FROM budget_link GROUP BY 1, 2) s ON s.programme_id = e.programme_id AND s.year = e.year
      WHERE (${where.join(') AND (')})`;
    const rows: UnlinkedRow[] = await this.ds.query(
      `SELECT e.programme_id AS "programmeId", e.year, e.planned::text, e.actual::text, coalesce(s.linked, 0)::text AS "linkedShare",
         round(e.planned * (1 - coalesce(s.linked, 0)), 2)::text AS "unlinkedPlanned", round(e.actual * (1 - coalesce(s.linked, 0)), 2)::text AS "unlinkedActual"
       ${from} ORDER BY e.planned * (1 - coalesce(s.linked, 0)) DESC, p.code, e.year OFFSET ${page.skip} LIMIT ${page.take + 1}`,
      params,
    );
    return toLazyPage(
      rows,
      page,
      async () => (await this.ds.query<CountRow[]>(`SELECT count(*)::int AS n ${from}`, params))[0].n,
    );
  }
}

export function formatPercent(share: number): string {
  return `${(Math.round(share * 1_000_000) / 10_000).toString()} %`;
}
