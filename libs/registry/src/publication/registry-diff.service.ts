import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput, notFound, Page, PageArgs, toLazyPage } from '#core';

/** What happened to a function between two dates. */
export enum RegistryChangeKind {
  /** In force at the end, not at the start (registered, or brought back). */
  ADDED = 'ADDED',
  /** In force at the start, not at the end, and not transferred (abolished, archived, under review). */
  REMOVED = 'REMOVED',
  /** In force at the start, handed to the competitive environment, an SRO or local self-government by the end. */
  TRANSFERRED = 'TRANSFERRED',
  /** In force at both dates with another type. */
  RETYPED = 'RETYPED',
  /** In force at both dates with another holder. */
  MOVED = 'MOVED',
}

export interface RegistryDiffRow {
  functionId: string;
  code: string;
  title: string | null;
  kinds: RegistryChangeKind[];
  statusFrom: string | null;
  statusTo: string | null;
  typeFrom: string | null;
  typeTo: string | null;
  holderFromId: string | null;
  holderToId: string | null;
}

export interface DiffSummaryCounts {
  added: number;
  removed: number;
  transferred: number;
  retyped: number;
  moved: number;
}

export interface DiffPeriod {
  from: string;
  to: string;
  /** Instants instead of the ends of the dates (tests, and comparisons within a day). */
  fromAt?: Date;
  toAt?: Date;
  agencyId?: string;
  kinds?: RegistryChangeKind[];
}

const PUBLISHED_STATUSES = new Set(['ACTIVE', 'TRANSFERRED', 'ABOLISHED']);

/** For the public, a status of the working registry (a draft, under review) is not shown. */
export function publicView<T extends RegistryDiffRow>(row: T, staff: boolean): T {
  if (staff) return row;
  const shown = (s: string | null) => (s && PUBLISHED_STATUSES.has(s) ? s : null);
  return { ...row, statusFrom: shown(row.statusFrom), statusTo: shown(row.statusTo) };
}

/** The most rows a downloaded comparison holds (a workbook is built in memory). */
export const MAX_WORKBOOK_ROWS = 50_000;

/** The first instant after a date (UTC): the registry "as of" a date is its state at the end of it. */
export function endOf(date: string): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/**
 * Each function's state at two dates, from its revisions (every change writes one, with the whole
 * row), and what changed between them. Drafts never appear: a change needs the function in force at
 * one of the dates.
 */
const DIFF_SQL = `
  WITH a AS (
    SELECT DISTINCT ON (r.function_id) r.function_id, r.snapshot s FROM function_revision r
    WHERE r.changed_at < $1 ORDER BY r.function_id, r.revision DESC),
  b AS (
    SELECT DISTINCT ON (r.function_id) r.function_id, r.snapshot s FROM function_revision r
    WHERE r.changed_at < $2 ORDER BY r.function_id, r.revision DESC),
  pair AS (
    SELECT coalesce(a.function_id, b.function_id) AS id, a.s AS sa, b.s AS sb,
      coalesce(a.s->>'status' = 'ACTIVE' AND a.s->>'archived_at' IS NULL, false) AS active_a,
      coalesce(b.s->>'status' = 'ACTIVE' AND b.s->>'archived_at' IS NULL, false) AS active_b
    FROM a FULL JOIN b ON b.function_id = a.function_id),
  kinds AS (
    SELECT p.*, array_remove(ARRAY[
      CASE WHEN NOT p.active_a AND p.active_b THEN 'ADDED' END,
      CASE WHEN p.active_a AND NOT p.active_b AND p.sb->>'status' IS DISTINCT FROM 'TRANSFERRED' THEN 'REMOVED' END,
      CASE WHEN p.active_a AND p.sb->>'status' = 'TRANSFERRED' THEN 'TRANSFERRED' END,
      CASE WHEN p.active_a AND p.active_b AND p.sa->>'type' IS DISTINCT FROM p.sb->>'type' THEN 'RETYPED' END,
      CASE WHEN p.active_a AND p.active_b AND p.sa->>'holder_id' IS DISTINCT FROM p.sb->>'holder_id' THEN 'MOVED' END
    ], NULL) AS kinds
    FROM pair p)
  SELECT k.id AS "functionId", coalesce(k.sb->>'code', k.sa->>'code') AS code,
    CASE WHEN k.active_b THEN coalesce(k.sb->>'title_ru', k.sb->>'title_kk')
         ELSE coalesce(k.sa->>'title_ru', k.sa->>'title_kk') END AS title,
    k.kinds, k.sa->>'status' AS "statusFrom", k.sb->>'status' AS "statusTo",
    k.sa->>'type' AS "typeFrom", k.sb->>'type' AS "typeTo",
    k.sa->>'holder_id' AS "holderFromId",
    CASE WHEN k.active_b OR k.sb->>'status' = 'TRANSFERRED' THEN k.sb->>'holder_id' END AS "holderToId"
  FROM kinds k
  WHERE cardinality(k.kinds) > 0
    AND ($3::uuid IS NULL OR (k.sa->>'holder_id')::uuid IN (SELECT id FROM registry_agency_subtree(ARRAY[$3::uuid]) AS sub(id))
                          OR (k.sb->>'holder_id')::uuid IN (SELECT id FROM registry_agency_subtree(ARRAY[$3::uuid]) AS sub(id)))
    AND ($4::text[] IS NULL OR k.kinds && $4::text[])`;

@Injectable()
export class RegistryDiffService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The closing dates of two campaigns, as a period (the registry when each one ended). */
  async campaignPeriod(
    fromCampaignId: string,
    toCampaignId: string,
    closedOnly: boolean,
  ): Promise<{ from: string; to: string }> {
    // The public knows closed campaigns only; the others do not exist for it.
    const rows = await this.ds.query<{ id: string; endsOn: string }[]>(
      `SELECT id, to_char(ends_on, 'YYYY-MM-DD') AS "endsOn" FROM review_campaign
       WHERE id = ANY($1::uuid[]) AND (NOT $2 OR status = 'CLOSED')`,
      [[fromCampaignId, toCampaignId], closedOnly],
    );
    const end = (id: string) => {
      const row = rows.find((r) => r.id === id);
      if (!row) throw notFound('Campaign', id);
      return row.endsOn;
    };
    return { from: end(fromCampaignId), to: end(toCampaignId) };
  }

  private params(p: DiffPeriod): unknown[] {
    if (p.from > p.to) throw badInput('from', `must not be after to (${p.to})`);
    return [p.fromAt ?? endOf(p.from), p.toAt ?? endOf(p.to), p.agencyId ?? null, p.kinds?.length ? p.kinds : null];
  }

  async page(p: DiffPeriod, args: PageArgs): Promise<Page<RegistryDiffRow>> {
    const params = this.params(p);
    const rows = await this.ds.query<RegistryDiffRow[]>(`${DIFF_SQL} ORDER BY code LIMIT $5 OFFSET $6`, [
      ...params,
      args.take + 1,
      args.skip,
    ]);
    return toLazyPage(rows, args, async () => {
      const [{ count }] = await this.ds.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM (${DIFF_SQL}) d`,
        params,
      );
      return count;
    });
  }

  async summary(p: DiffPeriod): Promise<DiffSummaryCounts> {
    const [row] = await this.ds.query<DiffSummaryCounts[]>(
      `SELECT count(*) FILTER (WHERE 'ADDED' = ANY(kinds))::int AS added,
              count(*) FILTER (WHERE 'REMOVED' = ANY(kinds))::int AS removed,
              count(*) FILTER (WHERE 'TRANSFERRED' = ANY(kinds))::int AS transferred,
              count(*) FILTER (WHERE 'RETYPED' = ANY(kinds))::int AS retyped,
              count(*) FILTER (WHERE 'MOVED' = ANY(kinds))::int AS moved
       FROM (${DIFF_SQL}) d`,
      this.params(p),
    );
    return row;
  }

  /**
   * Every row, for the workbook, with the holders' codes; at most `limit` (a comparison with more
   * is refused: narrow it by agency or kinds).
   */
  async all(
    p: DiffPeriod,
    limit = MAX_WORKBOOK_ROWS,
  ): Promise<(RegistryDiffRow & { holderFrom: string | null; holderTo: string | null })[]> {
    const rows = await this.ds.query<(RegistryDiffRow & { holderFrom: string | null; holderTo: string | null })[]>(
      `SELECT d.*, ha.code AS "holderFrom", hb.code AS "holderTo" FROM (${DIFF_SQL}) d
       LEFT JOIN agency ha ON ha.id = d."holderFromId"::uuid LEFT JOIN agency hb ON hb.id = d."holderToId"::uuid
       ORDER BY d.code LIMIT ${limit + 1}`,
      this.params(p),
    );
    if (rows.length > limit)
      throw badInput('from', `more than ${limit} functions changed in this period: narrow it by agencyId or kinds`);
    return rows;
  }
}
