import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, notFound, toLazyPage, type Page, type PageArgs } from '#core';
import type { FunctionAsOf, FunctionGrowth, LegalBasisAsOf } from './as-of.model.js';
import type { ChangeRow } from './history.model.js';
import type { ChangeFilter } from './history.inputs.js';

/**
 * The legal bases of the functions $1 (ids) in force at the instant $2: each basis as the change
 * log last wrote it by then, unless deleted; bases written before the log began count as always in
 * force. Rows: function_id (text), basis (the row's image).
 */
export const LEGAL_BASES_AS_OF = `
  SELECT parent_id AS function_id, after AS basis FROM (
    SELECT DISTINCT ON (row_id) parent_id, operation, after FROM change_log
     WHERE table_name = 'legal_basis' AND parent_id = ANY($1::text[]) AND at < $2
     ORDER BY row_id, id DESC) last
   WHERE operation <> 'DELETE'
  UNION ALL
  SELECT b.function_id::text, to_jsonb(b) FROM legal_basis b
   WHERE b.function_id = ANY($1::uuid[])
     AND NOT EXISTS (SELECT 1 FROM change_log c WHERE c.table_name = 'legal_basis' AND c.row_id = b.id::text)`;

const COLUMNS = `id, at, actor, actor_subject, request_id, table_name, row_id, operation, before, after`;

/** Which entries: a WHERE clause over `change_log` and its parameters. */
export interface ChangeSelection {
  where: string;
  params: unknown[];
}

/**
 * Reads the append-only change log (migration 1765500000000) for auditors: the history of one
 * function, agency or campaign with the rows that hang on it, or any entries by table, actor,
 * request and time. Newest first.
 */
@Injectable()
export class HistoryService {
  constructor(private readonly ds: DataSource) {}

  /** A page of the entries `selection` picks, newest first; the total is counted only if asked for. */
  async page(selection: ChangeSelection, args: PageArgs): Promise<Page<ChangeRow>> {
    const { where, params } = selection;
    const rows = await this.ds.query<ChangeRow[]>(
      `SELECT ${COLUMNS} FROM change_log WHERE ${where} ORDER BY id DESC OFFSET ${args.skip} LIMIT ${args.take + 1}`,
      params,
    );
    return toLazyPage(rows, args, async () => {
      const [{ n }] = await this.ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM change_log WHERE ${where}`,
        params,
      );
      return n;
    });
  }

  /** NOT_FOUND unless the row exists now or the log has it (a deleted row keeps its history). */
  async mustExist(what: string, table: string, id: string): Promise<void> {
    const [found] = await this.ds.query<unknown[]>(
      `SELECT 1 FROM ${table} WHERE id = $1 UNION ALL SELECT 1 FROM change_log WHERE table_name = $2 AND row_id = $1::text LIMIT 1`,
      [id, table],
    );
    if (!found) throw notFound(what, id);
  }

  /** A function's own changes and those of its legal bases, tags, co-executors, budget links, headcount, decisions, transfers. */
  async functionHistory(id: string, args: PageArgs): Promise<Page<ChangeRow>> {
    await this.mustExist('Function', 'state_function', id);
    return this.page(
      {
        where: `(table_name = 'state_function' AND row_id = $1)
             OR (parent_id = $1 AND table_name IN ('legal_basis', 'function_tag', 'function_co_executor', 'budget_link',
                 'function_headcount', 'classification_decision', 'function_transfer'))`,
        params: [id],
      },
      args,
    );
  }

  /** An agency's own changes and those of its structural units and tasks. */
  async agencyHistory(id: string, args: PageArgs): Promise<Page<ChangeRow>> {
    await this.mustExist('Agency', 'agency', id);
    return this.page(
      {
        where: `(table_name = 'agency' AND row_id = $1)
             OR (parent_id = $1 AND table_name IN ('structural_unit', 'agency_task'))`,
        params: [id],
      },
      args,
    );
  }

  /** Any entries, by table, actor, request and time. */
  async changes(filter: ChangeFilter = {}, args: PageArgs): Promise<Page<ChangeRow>> {
    if (filter.from && filter.to && filter.from > filter.to) {
      throw badInput('filter.to', `must not be before filter.from (${filter.from.toISOString()})`);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.table) add('table_name = ?', filter.table);
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.requestId) add('request_id = ?', filter.requestId);
    if (filter.from) add('at >= ?', filter.from);
    if (filter.to) add('at < ?', filter.to);
    return this.page({ where: where.length ? where.join(' AND ') : 'true', params }, args);
  }

  /**
   * The functions an agency (and its subordinates, as they are today) held at the end of `date`
   * (UTC): each function's last revision written by then (`function_revision`), if it was not
   * archived and not deleted by then, with the legal bases in force then (the change log's last
   * image of each basis; bases written before the log began count as always in force).
   */
  async registryAsOf(
    date: string,
    agencyId: string,
    includeSubordinates: boolean,
    args: PageArgs,
  ): Promise<Page<FunctionAsOf>> {
    const end = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== date)
      throw badInput('date', `${date} is not a calendar date`);
    end.setUTCDate(end.getUTCDate() + 1);
    await this.mustExist('Agency', 'agency', agencyId);
    const holders = includeSubordinates
      ? `SELECT h::text FROM registry_agency_subtree(ARRAY[$2::uuid]) AS h`
      : `SELECT $2::text`;
    // The functions some revision before the date gave to these holders, each at its last revision by then.
    const from = `
      FROM (SELECT DISTINCT function_id FROM function_revision
             WHERE snapshot ->> 'holder_id' IN (${holders}) AND changed_at < $1) c
      CROSS JOIN LATERAL (
        SELECT r.function_id, r.revision, r.changed_at, r.snapshot FROM function_revision r
         WHERE r.function_id = c.function_id AND r.changed_at < $1 ORDER BY r.revision DESC LIMIT 1) s
      WHERE s.snapshot ->> 'holder_id' IN (${holders})
        AND s.snapshot ->> 'archived_at' IS NULL
        AND NOT EXISTS (SELECT 1 FROM change_log d WHERE d.table_name = 'state_function'
                          AND d.row_id = s.function_id::text AND d.operation = 'DELETE' AND d.at < $1)`;
    const rows = await this.ds.query<
      { id: string; revision: number; revised_at: Date; snapshot: Record<string, string | null> }[]
    >(
      `SELECT s.function_id AS id, s.revision, s.changed_at AS revised_at, s.snapshot ${from}
       ORDER BY s.snapshot ->> 'code' OFFSET ${args.skip} LIMIT ${args.take + 1}`,
      [end, agencyId],
    );
    const ids = rows.slice(0, args.take).map((r) => r.id);
    const bases = new Map<string, LegalBasisAsOf[]>();
    if (ids.length) {
      const found = await this.ds.query<{ function_id: string; basis: Record<string, string | null> }[]>(
        LEGAL_BASES_AS_OF,
        [ids, end],
      );
      for (const { function_id, basis } of found) {
        const list = bases.get(function_id) ?? [];
        list.push({
          id: basis.id!,
          legalActId: basis.legal_act_id,
          article: basis.article,
          clause: basis.clause,
          subclause: basis.subclause,
          position: Number(basis.position ?? 0),
        });
        bases.set(function_id, list);
      }
    }
    const functions = rows.map((r) => ({
      id: r.id,
      code: r.snapshot.code ?? '',
      title:
        r.snapshot.lang === 'kk'
          ? (r.snapshot.title_kk ?? r.snapshot.title_ru)
          : (r.snapshot.title_ru ?? r.snapshot.title_kk),
      holderId: r.snapshot.holder_id!,
      type: r.snapshot.type,
      status: r.snapshot.status ?? 'DRAFT',
      revision: r.revision,
      revisedAt: r.revised_at,
      legalBases: (bases.get(r.id) ?? []).sort((a, b) => a.position - b.position),
    }));
    return toLazyPage(functions, args, async () => {
      const [{ n }] = await this.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n ${from}`, [end, agencyId]);
      return n;
    });
  }

  /**
   * Per legal act and year, the functions that were given a legal basis citing it (an insert, or an
   * update that made a basis cite it) and those that lost one (a delete, an update citing another
   * act) or were archived while their bases cited it. Only what the change log holds.
   */
  async functionGrowth(actId: string | undefined, args: PageArgs): Promise<Page<FunctionGrowth>> {
    if (actId) {
      const [act] = await this.ds.query<unknown[]>(
        `SELECT 1 FROM legal_act WHERE id = $1 UNION ALL
         SELECT 1 FROM change_log WHERE table_name = 'legal_act' AND row_id = $1::text LIMIT 1`,
        [actId],
      );
      if (!act) throw notFound('Legal act', actId);
    }
    const events = `
      SELECT after ->> 'legal_act_id' AS act, parent_id AS fn, at, 1 AS added, 0 AS removed
        FROM change_log WHERE table_name = 'legal_basis' AND after IS NOT NULL
         AND after ->> 'legal_act_id' IS DISTINCT FROM before ->> 'legal_act_id'
      UNION ALL
      SELECT before ->> 'legal_act_id', parent_id, at, 0, 1
        FROM change_log WHERE table_name = 'legal_basis' AND before IS NOT NULL
         AND before ->> 'legal_act_id' IS DISTINCT FROM after ->> 'legal_act_id'
      UNION ALL
      SELECT b.legal_act_id::text, c.row_id, c.at, 0, 1
        FROM change_log c JOIN legal_basis b ON b.function_id::text = c.row_id
       WHERE c.table_name = 'state_function' AND c.operation = 'UPDATE'
         AND c.before ->> 'archived_at' IS NULL AND c.after ->> 'archived_at' IS NOT NULL`;
    const grouped = `
      SELECT e.act, extract(year FROM e.at AT TIME ZONE 'UTC')::int AS year,
             count(DISTINCT e.fn) FILTER (WHERE e.added = 1)::int AS added,
             count(DISTINCT e.fn) FILTER (WHERE e.removed = 1)::int AS removed
        FROM (${events}) e
       WHERE e.act IS NOT NULL ${actId ? 'AND e.act = $1' : ''}
       GROUP BY 1, 2`;
    const params = actId ? [actId] : [];
    const rows = await this.ds.query<
      { act: string; title: string | null; year: number; added: number; removed: number }[]
    >(
      `SELECT g.act, a.title, g.year, g.added, g.removed FROM (${grouped}) g
         LEFT JOIN legal_act a ON a.id::text = g.act
        ORDER BY g.act, g.year OFFSET ${args.skip} LIMIT ${args.take + 1}`,
      params,
    );
    return toLazyPage(
      rows.map((r) => ({ actId: r.act, actTitle: r.title, year: r.year, added: r.added, removed: r.removed })),
      args,
      async () => {
        const [{ n }] = await this.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${grouped}) g`, params);
        return n;
      },
    );
  }
}
