import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LEGAL_BASES_AS_OF } from '../history/history.service.js';
import { endOf } from './registry-diff.service.js';

/** A function of the published registry as the open data gives it. */
export interface OpenFunction {
  code: string;
  externalId: string | null;
  lang: string;
  titleRu: string | null;
  titleKk: string | null;
  type: string | null;
  sector: string | null;
  inForceFrom: string | null;
  holder: { code: string; nameRu: string; level: string };
  legalBasis: {
    act: string | null;
    actTitle: string;
    article: string | null;
    clause: string | null;
    subclause: string | null;
  }[];
  /** The function's revision in force on the date, and when it was written. */
  revision: number;
  revisedAt: string;
}

const BATCH = 2000;

/**
 * The published registry (functions in force: ACTIVE and not archived) at the end of a date, for
 * the public's own analysis. Each function as its last revision by then gives it; its legal bases as
 * `registryAsOf` has them (LEGAL_BASES_AS_OF).
 */
@Injectable()
export class OpenDataService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Batches in code order; without a date, the registry as it is now. */
  async *functions(asOf?: string): AsyncGenerator<OpenFunction[]> {
    const end = asOf ? endOf(asOf) : new Date();
    let after = '';
    for (;;) {
      const ids = await this.ds.query<{ id: string; code: string }[]>(
        `SELECT id, code FROM state_function WHERE code > $1 ORDER BY code LIMIT ${BATCH}`,
        [after],
      );
      if (ids.length === 0) return;
      after = ids[ids.length - 1].code;
      const batch = await this.batch(
        ids.map((r) => r.id),
        end,
      );
      if (batch.length) yield batch;
    }
  }

  private async batch(ids: string[], end: Date): Promise<OpenFunction[]> {
    const rows = await this.ds.query<
      {
        id: string;
        revision: number;
        at: Date;
        s: Record<string, string | null>;
        hcode: string;
        hname: string;
        hlevel: string;
      }[]
    >(
      `SELECT v.function_id AS id, v.revision, v.changed_at AS at, v.snapshot AS s,
              h.code AS hcode, h.name_ru AS hname, h.level AS hlevel
       FROM (SELECT DISTINCT ON (r.function_id) r.function_id, r.revision, r.changed_at, r.snapshot
             FROM function_revision r WHERE r.function_id = ANY($1::uuid[]) AND r.changed_at < $2
             ORDER BY r.function_id, r.revision DESC) v
       JOIN agency h ON h.id = (v.snapshot ->> 'holder_id')::uuid
       WHERE v.snapshot ->> 'status' = 'ACTIVE' AND v.snapshot ->> 'archived_at' IS NULL
       ORDER BY v.snapshot ->> 'code'`,
      [ids, end],
    );
    if (rows.length === 0) return [];
    const bases = await this.ds.query<
      { fid: string; b: Record<string, string | null>; act: string | null; title: string }[]
    >(
      `SELECT x.function_id::uuid AS fid, x.basis AS b, a.adilet_code AS act, a.title
       FROM (${LEGAL_BASES_AS_OF}) x
       JOIN legal_act a ON a.id = (x.basis ->> 'legal_act_id')::uuid
       ORDER BY x.function_id, (x.basis ->> 'position')::int NULLS LAST`,
      [rows.map((r) => r.id), end],
    );
    const byFunction = new Map<string, OpenFunction['legalBasis']>();
    for (const { fid, b, act, title } of bases) {
      const list = byFunction.get(fid) ?? [];
      list.push({ act, actTitle: title, article: b.article, clause: b.clause, subclause: b.subclause });
      byFunction.set(fid, list);
    }
    return rows.map((r) => ({
      code: r.s.code ?? '',
      externalId: r.s.external_id,
      lang: r.s.lang ?? 'ru',
      titleRu: r.s.title_ru,
      titleKk: r.s.title_kk,
      type: r.s.type,
      sector: r.s.sector,
      inForceFrom: r.s.in_force_from,
      holder: { code: r.hcode, nameRu: r.hname, level: r.hlevel },
      legalBasis: byFunction.get(r.id) ?? [],
      revision: Number(r.revision),
      revisedAt: new Date(r.at).toISOString(),
    }));
  }
}
