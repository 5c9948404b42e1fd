import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, notFound, toLazyPage, type Page, type PageArgs } from '#core';
import type { ChangeRow } from './history.model.js';
import type { ChangeFilter } from './history.inputs.js';

const COLUMNS = `id, at, actor, request_id, table_name, row_id, operation, before, after`;

/** Which entries: a WHERE clause over `change_log` and its parameters. */
export interface ChangeSelection {
  where: string;
  params: unknown[];
}

/**
 * Reads the append-only change log (migration 1765400000000) for auditors: the history of one
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
}
