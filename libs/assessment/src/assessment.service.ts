import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badInput } from '#core';
import { findingsTouching, ReviewCheckService, ReviewPair, ReviewRunService } from '#review';
import { suggestSupporting, suggestType, SupportingSuggestion, TypeSuggestion } from './classify/index.js';
import { DuplicateLink, SphereMarket, transferFlags, TransferFlag } from './transfer/transfer-flags.js';

/** What the assessment of one function reads besides its statement. */
export interface AssessedFunction {
  id: string;
  title: string;
  lang: string | null;
  type: string | null;
  supporting: boolean | null;
  sector: string | null;
  holder: { code: string; level: string; kind: string };
}

export interface ProposedAssessment {
  suggestedType: TypeSuggestion;
  supportingSuggestion: SupportingSuggestion;
  duplicates: ReviewPair[];
  transferFlags: TransferFlag[];
}

const CANDIDATE_SCOPE_LIMIT = 100_000;

/** The flags of a function whose type is decided, or else suggested. */
export function flagsOf(f: AssessedFunction, markets: SphereMarket[], duplicates: DuplicateLink[]): TransferFlag[] {
  const suggestion = f.type ? undefined : suggestType(f.title, f.lang as 'ru' | 'kk' | null);
  const supportingGuess = f.supporting === null ? suggestSupporting(f.title, f.lang as 'ru' | 'kk' | null) : undefined;
  const supporting = f.supporting ?? (supportingGuess?.confident ? supportingGuess.supporting : null);
  return transferFlags({
    title: f.title,
    lang: f.lang,
    type: f.type ?? (suggestion?.confident ? suggestion.type : null),
    typeIsSuggestion: !f.type,
    supporting,
    sector: f.sector,
    holder: f.holder,
    markets,
    duplicates,
  });
}

/**
 * Suggestions and transfer flags for registered functions, and the reasonableness test of a
 * proposed one (the Concept's check, before registration, that a new function could not sit in the
 * competitive environment, with an SRO or with local self-government from the start).
 */
@Injectable()
export class AssessmentService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly runs: ReviewRunService,
    private readonly checks: ReviewCheckService,
  ) {}

  async markets(): Promise<SphereMarket[]> {
    return this.ds.query(
      `SELECT kind, sector, keywords, name, providers, source FROM sphere_market ORDER BY sector, name`,
    );
  }

  /** Pairs of the latest full review that involve each function, leaving out dismissed ones. */
  async duplicatesOf(ids: readonly string[]): Promise<Map<string, DuplicateLink[]>> {
    const out = new Map<string, DuplicateLink[]>(ids.map((id) => [id, []]));
    const run = await this.runs.latest();
    if (!run || ids.length === 0) return out;
    const rows: {
      a: string;
      b: string;
      band: 'DUPLICATE' | 'OVERLAP';
      axis: string;
      score: number;
      code_a: string;
      code_b: string;
      holder_a: string;
      holder_b: string;
    }[] = await this.ds.query(
      `SELECT p.function_a AS a, p.function_b AS b, p.band, p.axis, p.score, fa.code AS code_a, fb.code AS code_b, ha.code AS holder_a, hb.code AS holder_b
         FROM ${findingsTouching('$1', '$2')} p
         JOIN registry_function fa ON fa.id = p.function_a JOIN registry_agency ha ON ha.id = fa.holder_id
         JOIN registry_function fb ON fb.id = p.function_b JOIN registry_agency hb ON hb.id = fb.holder_id
         LEFT JOIN review_decision d ON d.function_a = p.function_a AND d.function_b = p.function_b
           AND d.text_hash_a = fa.title_hash AND d.text_hash_b = fb.title_hash
         WHERE coalesce(d.status, 'OPEN') <> 'DISMISSED'
         ORDER BY p.score DESC`,
      [run.id, ids],
    );
    for (const r of rows) {
      out.get(r.a)?.push({ otherCode: r.code_b, otherHolder: r.holder_b, band: r.band, axis: r.axis, score: r.score });
      out.get(r.b)?.push({ otherCode: r.code_a, otherHolder: r.holder_a, band: r.band, axis: r.axis, score: r.score });
    }
    return out;
  }

  /**
   * Functions of a scope with the transfer options raised for them, strongest first. Flags are
   * computed when asked (they follow the registry, the markets and the latest review at once), so
   * the scope is capped: a national registry is read a sector, an agency or a level at a time.
   */
  async candidates(
    filter: {
      options?: string[];
      minStrength?: 'STRONG' | 'WEAK';
      agencyId?: string;
      levels?: string[];
      sector?: string;
    },
    skip: number,
    take: number,
  ): Promise<{ items: { functionId: string; flags: TransferFlag[] }[]; total: number }> {
    const where = [`NOT f.retired`];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.agencyId) {
      add(`f.holder_id IN (SELECT id FROM registry_agency_subtree(ARRAY[?::uuid]) AS sub(id))`, filter.agencyId);
    }
    if (filter.levels?.length) add('h.level = ANY(?)', filter.levels);
    if (filter.sector) add('f.sector = ?', filter.sector);
    const from = `FROM registry_function f JOIN registry_agency h ON h.id = f.holder_id WHERE ${where.join(' AND ')}`;
    const [{ n }] = await this.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n ${from}`, params);
    if (n > CANDIDATE_SCOPE_LIMIT) {
      throw badInput(
        'filter',
        `the scope holds ${n} functions; narrow it (agency, level, sector) to at most ${CANDIDATE_SCOPE_LIMIT}`,
      );
    }
    const flags = await this.flagsWhere(`${where.join(' AND ')} ORDER BY f.code`, params);
    const rank = (list: TransferFlag[]) => list.filter((x) => x.strength === 'STRONG').length * 10 + list.length;
    const wanted = (x: TransferFlag) =>
      (!filter.options?.length || filter.options.includes(x.option)) &&
      (filter.minStrength !== 'STRONG' || x.strength === 'STRONG');
    const found = [...flags]
      .map(([functionId, list]) => ({ functionId, flags: list.filter(wanted) }))
      .filter((c) => c.flags.length > 0)
      .sort((a, b) => rank(b.flags) - rank(a.flags));
    return { items: found.slice(skip, skip + take), total: found.length };
  }

  /** The flags of many registered functions at once (for reports). */
  flagsForMany(ids: readonly string[]): Promise<Map<string, TransferFlag[]>> {
    return this.flagsWhere('f.id = ANY($1::uuid[])', [ids]);
  }

  /** Flags of the functions (alias `f`, holder `h`) a condition selects, in its order. */
  private async flagsWhere(condition: string, params: unknown[]): Promise<Map<string, TransferFlag[]>> {
    const rows: (AssessedFunction & { holderCode: string; level: string; kind: string })[] = await this.ds.query(
      `SELECT f.id, f.title, f.lang, f.type, f.supporting, f.sector, h.code AS "holderCode", h.level, h.kind
       FROM registry_function f JOIN registry_agency h ON h.id = f.holder_id WHERE ${condition}`,
      params,
    );
    const markets = await this.markets();
    const duplicates = await this.duplicatesOf(rows.map((r) => r.id));
    return new Map(
      rows.map((r) => [
        r.id,
        flagsOf(
          { ...r, holder: { code: r.holderCode, level: r.level, kind: r.kind } },
          markets,
          duplicates.get(r.id) ?? [],
        ),
      ]),
    );
  }

  async assessProposed(input: {
    title: string;
    holderId: string;
    sector?: string | null;
    lang?: 'ru' | 'kk' | null;
    supporting?: boolean | null;
  }): Promise<ProposedAssessment> {
    const [holder]: { code: string; level: string; kind: string }[] = await this.ds.query(
      `SELECT code, level, kind FROM registry_agency WHERE id = $1`,
      [input.holderId],
    );
    if (!holder) throw badInput('holderId', `no agency has id ${input.holderId}`);
    const duplicates = await this.checks.checkProposed(input.title, input.holderId, 10);
    const links: DuplicateLink[] = duplicates.map((p) => ({
      otherCode: p.b.externalId,
      otherHolder: p.b.holder.code,
      band: p.band,
      axis: p.axis,
      score: p.score,
    }));
    const codes: { id: string; code: string }[] = duplicates.length
      ? await this.ds.query(`SELECT id, code FROM registry_function WHERE id = ANY($1::uuid[])`, [
          duplicates.map((p) => p.b.id),
        ])
      : [];
    const codeOf = new Map(codes.map((c) => [c.id, c.code]));
    links.forEach((l, i) => (l.otherCode = codeOf.get(duplicates[i].b.id) ?? l.otherCode));
    const suggestedType = suggestType(input.title, input.lang ?? null);
    const supportingSuggestion = suggestSupporting(input.title, input.lang ?? null);
    const flags = flagsOf(
      {
        id: 'proposed',
        title: input.title,
        lang: input.lang ?? null,
        type: null,
        supporting: input.supporting ?? null,
        sector: input.sector ?? null,
        holder,
      },
      await this.markets(),
      links,
    );
    return { suggestedType, supportingSuggestion, duplicates, transferFlags: flags };
  }
}
