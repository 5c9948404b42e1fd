import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import type { Progress } from './import.service.js';

const BATCH = 5000;

interface FunctionRow {
  id: string;
  code: string;
  external_id: string;
  lang: string;
  title_ru: string | null;
  title_kk: string | null;
  type: string | null;
  sector: string | null;
  status: string;
  supporting: boolean | null;
  description: string | null;
  agency: Record<string, unknown>;
}

/** Writes the registry in the interchange format, one function a line, in external-id order. */
@Injectable()
export class ExportService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async exportFile(path: string, options: { includeArchived?: boolean } = {}, progress: Progress = () => {}): Promise<{ functions: number }> {
    const out = createWriteStream(path, { encoding: 'utf8' });
    let after = '';
    let count = 0;
    try {
      for (;;) {
        const rows: FunctionRow[] = await this.ds.query(
          `SELECT f.id, f.code, f.external_id, f.lang, f.title_ru, f.title_kk, f.type, f.sector, f.status, f.supporting, f.description,
             json_build_object('code', a.code, 'name', a.name_ru, 'nameKk', a.name_kk, 'kind', a.kind, 'level', a.level,
               'territoryKinds', a.territory_kinds, 'territory', a.territory_kato, 'collegial', a.collegial, 'parentCode', p.code) AS agency
           FROM state_function f JOIN agency a ON a.id = f.holder_id LEFT JOIN agency p ON p.id = a.parent_id
           WHERE f.external_id > $1 ${options.includeArchived ? '' : 'AND f.archived_at IS NULL'}
           ORDER BY f.external_id LIMIT ${BATCH}`,
          [after],
        );
        if (rows.length === 0) break;
        const ids = rows.map((r) => r.id);
        const [bases, tags, coExecutors] = await Promise.all([
          this.grouped(
            `SELECT b.function_id AS key, json_strip_nulls(json_build_object('act', l.title, 'actCode', l.adilet_code, 'article', b.article,
               'clause', b.clause, 'subclause', b.subclause, 'url', b.url, 'quote', b.quote)) AS value
             FROM legal_basis b JOIN legal_act l ON l.id = b.legal_act_id WHERE b.function_id = ANY($1) ORDER BY b.position, b.created_at`,
            ids,
          ),
          this.grouped(
            `SELECT ft.function_id AS key, json_strip_nulls(json_build_object('value', t.value, 'vocabulary', v.code)) AS value
             FROM function_tag ft JOIN tag t ON t.id = ft.tag_id LEFT JOIN tag_vocabulary v ON v.id = t.vocabulary_id
             WHERE ft.function_id = ANY($1) ORDER BY v.code NULLS FIRST, t.value`,
            ids,
          ),
          this.grouped(
            `SELECT c.function_id AS key, a.code AS value FROM function_co_executor c JOIN agency a ON a.id = c.agency_id
             WHERE c.function_id = ANY($1) ORDER BY a.code`,
            ids,
          ),
        ]);
        const chunk = rows.map((r) => JSON.stringify(toLine(r, bases.get(r.id), tags.get(r.id), coExecutors.get(r.id)))).join('\n') + '\n';
        if (!out.write(chunk)) await once(out, 'drain');
        count += rows.length;
        after = rows[rows.length - 1].external_id;
        progress(`exported ${count} functions`);
      }
    } finally {
      out.end();
      await once(out, 'finish');
    }
    return { functions: count };
  }

  private async grouped(sql: string, ids: string[]): Promise<Map<string, unknown[]>> {
    const rows: { key: string; value: unknown }[] = await this.ds.query(sql, [ids]);
    const map = new Map<string, unknown[]>();
    for (const r of rows) {
      const list = map.get(r.key);
      if (list) list.push(r.value);
      else map.set(r.key, [r.value]);
    }
    return map;
  }
}

function toLine(r: FunctionRow, bases: unknown[] = [], tags?: unknown[], coExecutors?: unknown[]): Record<string, unknown> {
  const title = r.lang === 'kk' ? (r.title_kk ?? r.title_ru) : (r.title_ru ?? r.title_kk);
  const other = r.lang === 'kk' ? { titleRu: r.title_ru ?? undefined } : { titleKk: r.title_kk ?? undefined };
  return {
    externalId: r.external_id,
    code: r.code,
    title,
    lang: r.lang,
    ...other,
    type: r.type,
    sector: r.sector,
    status: r.status,
    ...(r.supporting !== null ? { supporting: r.supporting } : {}),
    ...(r.description ? { description: r.description } : {}),
    agency: r.agency,
    legalBasis: bases,
    ...(tags ? { tags } : {}),
    ...(coExecutors ? { coExecutors } : {}),
  };
}
