import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput } from '#core';

/** One budget link's contribution to a saving: what it pays for, and how much of it is freed. */
export interface SavingLine {
  findingId: string;
  functionId: string;
  holderId: string;
  linkId: string;
  programmeId: string;
  year: number;
  linkShare: string;
  programmePlanned: string;
  programmeActual: string | null;
  savingsShare: string;
  freedPlanned: string;
  freedActual: string | null;
}

/** One headcount row's contribution to freed staff. */
export interface StaffLine {
  findingId: string;
  functionId: string;
  holderId: string;
  year: number;
  staffUnits: string;
  savingsShare: string;
  freedStaff: string;
}

export interface SavingTotal {
  year: number;
  holderId: string;
  freedPlanned: string;
  /** Null when no expenditure behind these lines has an actual figure yet. */
  freedActual: string | null;
  freedStaff: string;
}

export interface Savings {
  findingIds: string[];
  lines: SavingLine[];
  staff: StaffLine[];
  totals: SavingTotal[];
  /** Functions named by several of the findings: each is counted once, under the finding that frees most of it. */
  countedOnce: { functionId: string; findingIds: string[]; countedUnder: string }[];
}

/**
 * What a set of findings frees: for each function a finding abolishes, merges away or transfers out
 * of the state, each budget link of the function (programme, year, share) times the programme's
 * expenditure of that year times the finding's savings share, and its staff units likewise. Every
 * total is the sum of lines that name the link or headcount row it comes from. The arithmetic is
 * done by PostgreSQL in `numeric`, so no tenge is lost to floating point.
 */
@Injectable()
export class SavingsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async ofFindings(findingIds: string[]): Promise<Savings> {
    if (!findingIds.length) throw badInput('findingIds', 'name at least one finding');
    const known: { id: string }[] = await this.ds.query(`SELECT id FROM campaign_finding WHERE id = ANY($1::uuid[])`, [
      findingIds,
    ]);
    const missing = findingIds.filter((id) => !known.some((k) => k.id === id));
    if (missing.length) throw badInput('findingIds', `no finding has id ${missing.join(', ')}`);
    return this.compute(`f.id = ANY($1::uuid[])`, [findingIds]);
  }

  /** Savings of a campaign's findings in the given statuses (approved and implemented by default). */
  ofCampaign(campaignId: string, statuses: string[] = ['APPROVED', 'IMPLEMENTED']): Promise<Savings> {
    return this.compute(`f.campaign_id = $1 AND f.status = ANY($2)`, [campaignId, statuses]);
  }

  private async compute(findingCondition: string, params: unknown[]): Promise<Savings> {
    // Each function once, under the finding with the largest share (then the earliest).
    const chosen = `
      WITH subject AS (
        SELECT DISTINCT ON (ff.function_id) ff.function_id, f.id AS finding_id, f.savings_share
        FROM campaign_finding f JOIN campaign_finding_function ff ON ff.finding_id = f.id
        WHERE ${findingCondition}
        ORDER BY ff.function_id, f.savings_share DESC, f.created_at, f.id
      )`;
    // One snapshot for the lines, the totals and the list of findings, whatever is written meanwhile.
    const [lines, staff, overlaps, findings]: [SavingLine[], StaffLine[], Savings['countedOnce'], { id: string }[]] =
      await this.ds.transaction('REPEATABLE READ', async (em) => [
        await em.query(
          `${chosen}
         SELECT s.finding_id AS "findingId", s.function_id AS "functionId", sf.holder_id AS "holderId", l.id AS "linkId", l.programme_id AS "programmeId",
           l.year, l.share::text AS "linkShare", e.planned::text AS "programmePlanned", e.actual::text AS "programmeActual",
           s.savings_share::text AS "savingsShare",
           round(e.planned * l.share * s.savings_share, 2)::text AS "freedPlanned",
           round(e.actual * l.share * s.savings_share, 2)::text AS "freedActual"
         FROM subject s JOIN registry_function sf ON sf.id = s.function_id
         JOIN budget_link l ON l.function_id = s.function_id
         JOIN budget_expenditure e ON e.programme_id = l.programme_id AND e.year = l.year
         WHERE s.savings_share > 0
         ORDER BY l.year, sf.holder_id, s.finding_id, s.function_id, l.programme_id`,
          params,
        ),
        await em.query(
          `${chosen}
         SELECT s.finding_id AS "findingId", s.function_id AS "functionId", sf.holder_id AS "holderId", h.year, h.staff_units::text AS "staffUnits",
           s.savings_share::text AS "savingsShare", round(h.staff_units * s.savings_share, 2)::text AS "freedStaff"
         FROM subject s JOIN registry_function sf ON sf.id = s.function_id
         JOIN function_headcount h ON h.function_id = s.function_id
         WHERE s.savings_share > 0
         ORDER BY h.year, sf.holder_id, s.finding_id, s.function_id`,
          params,
        ),
        await em.query(
          `${chosen}
         SELECT ff.function_id AS "functionId", array_agg(f.id ORDER BY f.created_at, f.id) AS "findingIds", min(s.finding_id::text) AS "countedUnder"
         FROM campaign_finding f JOIN campaign_finding_function ff ON ff.finding_id = f.id JOIN subject s ON s.function_id = ff.function_id
         WHERE ${findingCondition}
         GROUP BY ff.function_id HAVING count(*) > 1`,
          params,
        ),
        await em.query(
          `SELECT f.id FROM campaign_finding f WHERE ${findingCondition} ORDER BY f.created_at, f.id`,
          params,
        ),
      ]);
    return {
      findingIds: findings.map((f) => f.id),
      lines,
      staff,
      totals: totalsOf(lines, staff),
      countedOnce: overlaps,
    };
  }
}

/** Totals per year and holder, summed in integer tiyn so that they equal the sum of their lines. */
export function totalsOf(lines: SavingLine[], staff: StaffLine[]): SavingTotal[] {
  const totals = new Map<
    string,
    { year: number; holderId: string; planned: bigint; actual: bigint; actualKnown: boolean; staff: bigint }
  >();
  const entry = (year: number, holderId: string) => {
    const key = `${year}|${holderId}`;
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { year, holderId, planned: 0n, actual: 0n, actualKnown: false, staff: 0n }));
    return t;
  };
  for (const l of lines) {
    const t = entry(l.year, l.holderId);
    t.planned += hundredths(l.freedPlanned);
    if (l.freedActual !== null) {
      t.actual += hundredths(l.freedActual);
      t.actualKnown = true;
    }
  }
  for (const s of staff) entry(s.year, s.holderId).staff += hundredths(s.freedStaff);
  return [...totals.values()]
    .sort((a, b) => a.year - b.year || a.holderId.localeCompare(b.holderId))
    .map((t) => ({
      year: t.year,
      holderId: t.holderId,
      freedPlanned: decimal(t.planned),
      freedActual: t.actualKnown ? decimal(t.actual) : null,
      freedStaff: decimal(t.staff),
    }));
}

/** '123.45' → 12345n (the values come from PostgreSQL rounded to two places). */
export function hundredths(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, frac = ''] = value.replace('-', '').split('.');
  const n = BigInt(whole || '0') * 100n + BigInt((frac + '00').slice(0, 2));
  return negative ? -n : n;
}

export function decimal(hundredthsValue: bigint): string {
  const negative = hundredthsValue < 0n;
  const v = negative ? -hundredthsValue : hundredthsValue;
  return `${negative ? '-' : ''}${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`;
}
