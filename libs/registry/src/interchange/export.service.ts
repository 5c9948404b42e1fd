import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { tableFormatOf, writeTable } from '#core';
import { FunctionStatus, FunctionType } from '../enums.js';
import { functionTitle } from '../state-function/function-registry.js';
import { FUNCTION_ANNOTATOR } from './function-annotator.js';
import type { AnnotationField, FunctionAnnotator, FunctionToAnnotate } from './function-annotator.js';
import { FUNCTION_SHEET_NOTES, functionColumns, lineToRow } from './function-sheet.js';
import type { Progress } from './import.service.js';

export { FUNCTION_ANNOTATOR } from './function-annotator.js';
export type { AnnotationField, FunctionAnnotator, FunctionToAnnotate } from './function-annotator.js';

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

export interface ExportOptions {
  includeArchived?: boolean;
}

/**
 * Writes the registry in external-id order, one function a line (JSON Lines) or a row (XLSX, CSV),
 * in the format the file's extension names. An injected `FunctionAnnotator` adds its fields beside
 * `type` in every format.
 */
@Injectable()
export class ExportService {
  private readonly annotations: readonly AnnotationField[];

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() @Inject(FUNCTION_ANNOTATOR) private readonly annotator?: FunctionAnnotator,
  ) {
    this.annotations = annotator?.fields ?? [];
    // Fails at start-up, not halfway through an export, when an annotator claims a key of the format.
    functionColumns(this.annotations, 1);
  }

  async exportFile(
    path: string,
    options: ExportOptions = {},
    progress: Progress = () => {},
  ): Promise<{ functions: number }> {
    const format = tableFormatOf(path);
    if (format === 'jsonl') return this.exportLines(path, options, progress);
    const groups = Math.max(1, await this.widestLegalBasis(options));
    const annotations = this.annotations;
    const rows = async function* (batches: AsyncGenerator<Record<string, unknown>[]>) {
      for await (const lines of batches) {
        for (const line of lines) {
          // A provision added while the export runs would have no columns: better no file than a short one.
          if ((line.legalBasis as unknown[]).length > groups)
            throw new Error(`the legal basis of ${String(line.externalId)} grew during the export; export again`);
          yield lineToRow(line, annotations);
        }
      }
    };
    const functions = await writeTable(
      path,
      functionColumns(annotations, groups),
      rows(this.batches(options, progress)),
      {
        sheet: 'functions',
        notes: FUNCTION_SHEET_NOTES,
      },
    );
    return { functions };
  }

  private async exportLines(path: string, options: ExportOptions, progress: Progress): Promise<{ functions: number }> {
    const out = createWriteStream(path, { encoding: 'utf8' });
    let count = 0;
    try {
      for await (const lines of this.batches(options, progress)) {
        const chunk = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
        if (!out.write(chunk)) await once(out, 'drain');
        count += lines.length;
      }
    } finally {
      out.end();
      await once(out, 'finish');
    }
    return { functions: count };
  }

  /** The most provisions one exported function has: the number of legal-basis column groups a sheet needs. */
  private async widestLegalBasis(options: ExportOptions): Promise<number> {
    const [{ n }]: { n: number }[] = await this.ds.query(
      `SELECT coalesce(max(c), 0)::int AS n FROM (
         SELECT count(*) AS c FROM legal_basis b JOIN state_function f ON f.id = b.function_id
         ${options.includeArchived ? '' : 'WHERE f.archived_at IS NULL'} GROUP BY b.function_id) x`,
    );
    return n;
  }

  /** The exported lines, in batches of 5,000 in external-id order, with their annotations. */
  private async *batches(options: ExportOptions, progress: Progress): AsyncGenerator<Record<string, unknown>[]> {
    let after = '';
    let count = 0;
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
      const extra = this.annotator ? await this.annotate(rows) : undefined;
      yield rows.map((r, i) => toLine(r, bases.get(r.id), tags.get(r.id), coExecutors.get(r.id), extra?.[i]));
      count += rows.length;
      after = rows[rows.length - 1].external_id;
      progress(`exported ${count} functions`);
    }
  }

  /** The annotator's fields for a batch, only those it declares, in its order. */
  private async annotate(rows: FunctionRow[]): Promise<(Record<string, unknown> | undefined)[]> {
    const functions = rows.map((r): FunctionToAnnotate => ({
      id: r.id,
      externalId: r.external_id,
      code: r.code,
      lang: r.lang === 'kk' ? 'kk' : 'ru',
      title: functionTitle(r.lang, r.title_ru, r.title_kk) ?? '',
      titleRu: r.title_ru,
      titleKk: r.title_kk,
      type: r.type as FunctionType | null,
      sector: r.sector,
      status: r.status as FunctionStatus,
      supporting: r.supporting,
      holderCode: r.agency.code as string,
    }));
    const found = await this.annotator!.annotate(functions);
    if (found.length !== rows.length)
      throw new Error(`function annotator: ${found.length} annotations for ${rows.length} functions`);
    return found.map((a) => {
      if (!a) return undefined;
      const picked: Record<string, unknown> = {};
      for (const f of this.annotations) if (a[f.key] !== undefined) picked[f.key] = a[f.key];
      return picked;
    });
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

function toLine(
  r: FunctionRow,
  bases: unknown[] = [],
  tags?: unknown[],
  coExecutors?: unknown[],
  extra?: Record<string, unknown>,
): Record<string, unknown> {
  const title = functionTitle(r.lang, r.title_ru, r.title_kk);
  const other = r.lang === 'kk' ? { titleRu: r.title_ru ?? undefined } : { titleKk: r.title_kk ?? undefined };
  return {
    externalId: r.external_id,
    code: r.code,
    title,
    lang: r.lang,
    ...other,
    type: r.type,
    ...extra,
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
