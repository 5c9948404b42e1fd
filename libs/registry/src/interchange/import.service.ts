import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  appendAll,
  ImportError,
  readJsonLines,
  allowLongStatements,
  BulkColumn,
  bulkInsert,
  CountCache,
  problemPlace,
  readTable,
  ReadTableResult,
  TableFormat,
  tableFormatOf,
  TableRow,
  toColumns,
} from '#core';
import { AgencyKind, DEFAULT_TERRITORY_KINDS, Lang } from '../enums.js';
import { parseActTitle } from '../legal-act/act-title.js';
import { recordActor } from '../state-function/function-registry.js';
import { FUNCTION_ANNOTATOR } from './function-annotator.js';
import type { FunctionAnnotator } from './function-annotator.js';
import { columnOfField, functionColumns, layoutProblems, RowLine, rowToLine } from './function-sheet.js';
import { checkFunctionLine, FunctionLine, LineProblem, parseFunctionLine } from './interchange-line.js';

export interface ImportSummary {
  lines: number;
  functionsInserted: number;
  functionsUpdated: number;
  functionsUnchanged: number;
  agenciesInserted: number;
  agenciesUpdated: number;
  legalActsInserted: number;
  legalBases: number;
  seconds: number;
}

// Kept here too: callers imported it from the registry before the reader moved to the core.
export { ImportError };

export type Progress = (message: string) => void;

const col = (name: string, type: string): BulkColumn => ({ name, type });
const STAGED_FUNCTION: BulkColumn[] = [
  col('line', 'int'),
  col('external_id', 'text'),
  col('lang', 'text'),
  col('title_ru', 'text'),
  col('title_kk', 'text'),
  col('type', 'text'),
  col('sector', 'text'),
  col('holder_code', 'text'),
  col('status', 'text'),
  col('supporting', 'boolean'),
  col('description', 'text'),
  col('has_type', 'boolean'),
  col('has_sector', 'boolean'),
  col('has_other_title', 'boolean'),
];
const STAGED_BASIS: BulkColumn[] = [
  col('external_id', 'text'),
  col('legal_act_id', 'uuid'),
  col('article', 'text'),
  col('clause', 'text'),
  col('subclause', 'text'),
  col('url', 'text'),
  col('quote', 'text'),
  col('position', 'int'),
];

interface ParsedFile {
  functions: FunctionLine[];
  lineOf: Map<string, number>;
  agencies: Map<string, { line: number; agency: FunctionLine['agency'] }>;
  /** Says where a problem found while writing is: its line, or its row and cell. */
  locate: (problem: LineProblem) => LineProblem;
}

/**
 * The checks across lines, the same whether lines come from JSON Lines or from a spreadsheet's
 * rows: an externalId once per file, and one description per agency.
 */
class LineCollector {
  readonly problems: LineProblem[] = [];
  readonly functions: FunctionLine[] = [];
  readonly lineOf = new Map<string, number>();
  readonly agencies = new Map<string, { line: number; agency: FunctionLine['agency'] }>();

  constructor(private readonly unit: 'line' | 'row') {}

  add(f: FunctionLine, n: number): void {
    const seen = this.lineOf.get(f.externalId);
    if (seen) {
      this.problems.push({
        line: n,
        field: 'externalId',
        message: `externalId ${f.externalId} already appears on ${this.unit} ${seen}`,
      });
      return;
    }
    this.lineOf.set(f.externalId, n);
    const known = this.agencies.get(f.agency.code);
    if (!known) this.agencies.set(f.agency.code, { line: n, agency: f.agency });
    else {
      const diff = agencyDifference(known.agency, f.agency);
      if (diff)
        this.problems.push({
          line: n,
          field: `agency.${diff[0]}`,
          message: `agency ${f.agency.code} differs from ${this.unit} ${known.line} in ${diff.join(', ')}`,
        });
    }
    this.functions.push(f);
  }

  /** The checks that need every line; the problems of the file, sorted by line. */
  finish(): LineProblem[] {
    if (this.functions.length + this.problems.length === 0)
      this.problems.push({ line: 0, message: 'the file holds no functions' });
    for (const { line, agency } of this.agencies.values()) {
      if (agency.parentCode && agency.parentCode === agency.code) {
        this.problems.push({
          line,
          field: 'agency.parentCode',
          message: `agency.parentCode: agency ${agency.code} cannot be its own parent`,
        });
      }
    }
    return this.problems.sort((a, b) => a.line - b.line);
  }
}

/**
 * Bulk import of the interchange format. The whole file is read and validated first; only a file
 * without problems is written, in one transaction, so a refused or failed import leaves the
 * registry as it was. Re-importing a file updates by `externalId` and agency code, never duplicates.
 */
@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly counts: CountCache,
    @Optional() @Inject(FUNCTION_ANNOTATOR) private readonly annotator?: FunctionAnnotator,
  ) {}

  /**
   * Imports a file in the format its extension names: JSON Lines (`.jsonl`, `.ndjson`, `.json`),
   * `.xlsx` or `.csv`. Spreadsheet rows become interchange lines, and from there on every format
   * takes the same path: validation, staging, one transaction.
   */
  async importFile(path: string, progress: Progress = () => {}): Promise<ImportSummary> {
    const started = Date.now();
    const format = tableFormatOf(path);
    const parsed =
      format === 'jsonl' ? await this.readLines(path, progress) : await this.readSheet(path, format, progress);
    const summary = await this.ds
      .transaction(async (em) => {
        await recordActor(em, path.split(/[\\/]/).pop() ?? null, 'import');
        await allowLongStatements(em);
        return this.write(em, parsed, progress);
      })
      .finally(() => this.counts.invalidate());
    return { ...summary, lines: parsed.functions.length, seconds: (Date.now() - started) / 1000 };
  }

  private async readLines(path: string, progress: Progress): Promise<ParsedFile> {
    const problems: LineProblem[] = [];
    const collector = new LineCollector('line');
    let n = 0;
    const counted = (line: number) => {
      n = line;
      if (n % 20000 === 0) progress(`read ${n} lines`);
    };
    for await (const { line, text } of readJsonLines(path, counted)) {
      const result = parseFunctionLine(text, line);
      if (Array.isArray(result)) appendAll(problems, result);
      else collector.add(result, line);
    }
    appendAll(collector.problems, problems);
    const all = collector.finish();
    if (all.length) throw new ImportError(all);
    progress(
      `read ${n} lines: ${collector.functions.length} functions of ${collector.agencies.size} agencies, no problems`,
    );
    return { functions: collector.functions, lineOf: collector.lineOf, agencies: collector.agencies, locate: (p) => p };
  }

  /**
   * Reads an XLSX or CSV sheet of functions (function-sheet.ts): each row becomes an interchange
   * line, checked by the same schema and the same cross-line checks as JSON Lines. Problems name
   * the row and the cell.
   */
  private async readSheet(path: string, format: TableFormat, progress: Progress): Promise<ParsedFile> {
    const table = await readTable(path, functionColumns(this.annotator?.fields ?? []));
    // Problems are listed by row, and within a row in the order of the sheet's columns.
    const byHeader = new Map(table.columns.map((c) => [c.header, c.index]));
    const columnOf = new Map<LineProblem, number>();
    const problems: LineProblem[] = table.problems.map((p) => {
      const problem = { line: p.row, message: p.message, at: problemPlace(p) };
      columnOf.set(problem, byHeader.get(p.column ?? '') ?? 0);
      return problem;
    });
    if (table.headerRow) {
      problems.push(
        ...layoutProblems(table.columns).map((message) => ({
          line: table.headerRow,
          message,
          at: `row ${table.headerRow}`,
        })),
      );
    }
    // Without its columns, every row would repeat the same complaint: the sheet's own problems are enough.
    if (!table.headerRow || problems.some((p) => p.line <= table.headerRow))
      throw new ImportError(problems.sort((a, b) => a.line - b.line));

    const present = new Set(table.columns.map((c) => c.key));
    const rows = new Map<number, { row: TableRow; line: RowLine }>();
    const locate = (p: LineProblem): LineProblem => (p.at ? p : sheetPlace(p, table, format, rows.get(p.line)));
    const collector = new LineCollector('row');
    for (const row of table.rows) {
      const line = rowToLine(row.values, present);
      rows.set(row.row, { row, line });
      const result = checkFunctionLine(line.line, row.row);
      if (Array.isArray(result)) appendAll(problems, result);
      else collector.add(result, row.row);
    }
    appendAll(collector.problems, problems);
    const all = collector.finish();
    if (all.length) {
      const position = new Map(table.columns.map((c) => [c.key, c.index]));
      const column = (p: LineProblem) =>
        columnOf.get(p) ??
        (p.field ? position.get(columnOfField(p.field, rows.get(p.line)?.line).key) : undefined) ??
        0;
      const ranked = all.map((p) => ({ p, column: column(p) }));
      ranked.sort((a, b) => a.p.line - b.p.line || a.column - b.column);
      throw new ImportError(ranked.map((r) => locate(r.p)));
    }
    progress(
      `read ${table.rows.length} rows: ${collector.functions.length} functions of ${collector.agencies.size} agencies, no problems`,
    );
    return { functions: collector.functions, lineOf: collector.lineOf, agencies: collector.agencies, locate };
  }

  private async write(
    em: EntityManager,
    file: ParsedFile,
    progress: Progress,
  ): Promise<Omit<ImportSummary, 'lines' | 'seconds'>> {
    const agencyCounts = await this.writeAgencies(em, file);
    progress(`agencies: ${agencyCounts.inserted} new, ${agencyCounts.updated} updated`);
    const acts = await this.writeLegalActs(em, file.functions);
    const legalActsInserted = acts.inserted;
    progress(`legal acts: ${legalActsInserted} new`);

    await em.query(`
      CREATE TEMP TABLE import_function (
        line integer, external_id text PRIMARY KEY, lang text, title_ru text, title_kk text, type text, sector text,
        holder_code text, status text, supporting boolean, description text,
        has_type boolean, has_sector boolean, has_other_title boolean
      ) ON COMMIT DROP`);
    await bulkInsert(
      em,
      'import_function',
      STAGED_FUNCTION,
      (function* () {
        for (const f of file.functions) yield [file.lineOf.get(f.externalId), ...toRow(f)];
      })(),
      { progress: (n) => progress(`staged ${n} / ${file.functions.length} functions`), progressEvery: 50_000 },
    );
    // Temporary tables are never analysed on their own; without statistics the joins below are planned blind.
    await em.query(`ANALYZE import_function`);
    // A key the line leaves out keeps what the registry has (a reviewer's classification survives a
    // re-import from a source system that does not carry it); a key given as null clears it.
    const next: Record<string, string> = {
      lang: 's.lang',
      title_ru: `CASE WHEN s.lang = 'ru' OR s.has_other_title THEN s.title_ru ELSE f.title_ru END`,
      title_kk: `CASE WHEN s.lang = 'kk' OR s.has_other_title THEN s.title_kk ELSE f.title_kk END`,
      type: 'CASE WHEN s.has_type THEN s.type ELSE f.type END',
      sector: 'CASE WHEN s.has_sector THEN s.sector ELSE f.sector END',
      holder_id: 'a.id',
      status: 'coalesce(s.status, f.status)',
      supporting: 'coalesce(s.supporting, f.supporting)',
      description: 'coalesce(s.description, f.description)',
      archived_at: 'NULL::timestamptz',
    };
    const cols = Object.keys(next);
    // Functions the registry held before this import: only theirs can have legal bases to compare.
    const known = new Set<string>(
      (
        await em.query<{ external_id: string }[]>(
          `SELECT s.external_id FROM import_function s JOIN state_function f ON f.external_id = s.external_id`,
        )
      ).map((r) => r.external_id),
    );
    // An UPDATE through the postgres driver resolves to [rows, affected count].
    const updated = await em.query<[unknown[], number]>(`
      UPDATE state_function f SET ${cols.map((c) => `${c} = ${next[c]}`).join(', ')}
      FROM import_function s JOIN agency a ON a.code = s.holder_code
      WHERE f.external_id = s.external_id
        AND (${cols.map((c) => `f.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => next[c]).join(', ')})`);
    const functionsUpdated = updated[1];
    // Counted in the database: RETURNING a row per function would ship them all to this process.
    const [{ n: functionsInserted }] = await em.query<{ n: number }[]>(`
      WITH ins AS (
        INSERT INTO state_function (external_id, lang, title_ru, title_kk, type, sector, holder_id, status, supporting, description)
        SELECT s.external_id, s.lang, s.title_ru, s.title_kk, s.type, s.sector, a.id, coalesce(s.status, 'ACTIVE'), s.supporting, s.description
        FROM import_function s JOIN agency a ON a.code = s.holder_code
        WHERE NOT EXISTS (SELECT 1 FROM state_function f WHERE f.external_id = s.external_id)
        ORDER BY s.line
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`);
    progress(`functions: ${functionsInserted} new, ${functionsUpdated} updated`);

    const legalBases = await this.writeLegalBases(em, file.functions, acts.ids, known);
    progress(`legal bases: ${legalBases} written`);
    await this.writeTags(em, file);
    await this.writeCoExecutors(em, file);
    // Fresh statistics for every table a bulk import grew, or the planner keeps reading them as
    // they were (a sequential scan of the legal bases for a page of fifty functions). The service's
    // role does not own them: registry_analyze runs ANALYZE as their owner.
    await em.query(
      `SELECT registry_analyze('state_function', 'legal_basis', 'agency', 'legal_act', 'function_tag', 'function_co_executor',
         'function_revision', 'function_title', 'change_log')`,
    );
    return {
      functionsInserted,
      functionsUpdated,
      functionsUnchanged: file.functions.length - functionsInserted - functionsUpdated,
      agenciesInserted: agencyCounts.inserted,
      agenciesUpdated: agencyCounts.updated,
      legalActsInserted,
      legalBases,
    };
  }

  private async writeAgencies(em: EntityManager, file: ParsedFile): Promise<{ inserted: number; updated: number }> {
    const refuse = (problems: LineProblem[]) => new ImportError(problems.map(file.locate));
    const list = [...file.agencies.values()].map(({ agency: a }) => a);
    const parentCodes = [...new Set(list.map((a) => a.parentCode).filter((c): c is string => !!c))];
    const outside = parentCodes.filter((c) => !file.agencies.has(c));
    if (outside.length) {
      const found: { code: string }[] = await em.query(`SELECT code FROM agency WHERE code = ANY($1)`, [outside]);
      const known = new Set(found.map((r) => r.code));
      const problems = [...file.agencies.values()]
        .filter(
          ({ agency }) => agency.parentCode && !file.agencies.has(agency.parentCode) && !known.has(agency.parentCode),
        )
        .map(({ line, agency }) => ({
          line,
          field: 'agency.parentCode',
          message: `agency.parentCode: no agency ${agency.parentCode} in the file or the registry`,
        }));
      if (problems.length) throw refuse(problems);
    }
    const rows = list.map((a) => [
      a.code,
      a.name.trim(),
      a.nameKk ?? null,
      a.kind ?? null,
      a.level,
      (a.territoryKinds?.length ? a.territoryKinds : DEFAULT_TERRITORY_KINDS[a.level]).join(','),
      a.territory ?? null,
      a.collegial ?? null,
      a.parentCode ?? null,
    ]);
    const src = `SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
                 AS s(code, name_ru, name_kk, kind, level, kinds, territory, collegial, parent_code)`;
    const params = toColumns(rows, 9);
    const updated = await em.query<[unknown[], number]>(
      `UPDATE agency a SET name_ru = s.name_ru, name_kk = coalesce(s.name_kk, a.name_kk), kind = coalesce(s.kind, a.kind),
         level = s.level, territory_kinds = string_to_array(s.kinds, ','), territory_kato = s.territory,
         collegial = coalesce(s.collegial, a.collegial), version = a.version + 1, updated_at = now()
       FROM (${src}) s
       WHERE a.code = s.code AND (a.name_ru, a.name_kk, a.kind, a.level, a.territory_kinds, a.territory_kato, a.collegial)
         IS DISTINCT FROM (s.name_ru, coalesce(s.name_kk, a.name_kk), coalesce(s.kind, a.kind), s.level,
                           string_to_array(s.kinds, ','), s.territory::char(9), coalesce(s.collegial, a.collegial))`,
      params,
    );
    const inserted = await em.query<unknown[]>(
      `INSERT INTO agency (code, name_ru, name_kk, kind, level, territory_kinds, territory_kato, collegial)
       SELECT s.code, s.name_ru, s.name_kk, coalesce(s.kind, '${AgencyKind.OTHER}'), s.level, string_to_array(s.kinds, ','),
              s.territory, coalesce(s.collegial, false)
       FROM (${src}) s WHERE NOT EXISTS (SELECT 1 FROM agency a WHERE a.code = s.code)
       RETURNING 1`,
      params,
    );
    // Parents are set once every agency of the file exists, whatever order the file lists them in.
    await em.query(
      `UPDATE agency a SET parent_id = p.id FROM (${src}) s JOIN agency p ON p.code = s.parent_code
       WHERE a.code = s.code AND a.parent_id IS DISTINCT FROM p.id`,
      params,
    );
    const cycle: { code: string }[] = await em.query(
      `WITH RECURSIVE walk AS (
         SELECT id, parent_id, ARRAY[id] AS path, false AS looped FROM agency WHERE code = ANY($1)
         UNION ALL SELECT w.id, a.parent_id, w.path || a.id, a.id = ANY(w.path)
         FROM walk w JOIN agency a ON a.id = w.parent_id WHERE NOT w.looped)
       SELECT DISTINCT ag.code FROM walk JOIN agency ag ON ag.id = walk.id WHERE looped`,
      [list.map((a) => a.code)],
    );
    if (cycle.length) {
      throw refuse(
        cycle.map(({ code }) => ({
          line: file.agencies.get(code)?.line ?? 0,
          field: 'agency.parentCode',
          message: `agency ${code} ends up subordinate to itself through parentCode`,
        })),
      );
    }
    return { inserted: inserted.length, updated: updated[1] };
  }

  /** Adds the acts the file cites that the registry lacks; returns every cited act's id by its key. */
  private async writeLegalActs(
    em: EntityManager,
    functions: FunctionLine[],
  ): Promise<{ inserted: number; ids: Map<string, string> }> {
    const acts = new Map<string, { title: string; code: string | null; url: string | null }>();
    for (const f of functions) {
      for (const b of f.legalBasis ?? []) {
        const key = actKey(b.actCode, b.act);
        if (!acts.has(key)) acts.set(key, { title: b.act.trim(), code: b.actCode ?? null, url: actUrl(b.url) });
      }
    }
    const ids = new Map<string, string>();
    if (acts.size === 0) return { inserted: 0, ids };
    const list = [...acts.values()];
    const rows = list.map((a) => {
      const p = parseActTitle(a.title);
      return [a.title, a.code, a.url, p.actType, p.number, p.adoptedOn];
    });
    const inserted = await em.query<unknown[]>(
      `INSERT INTO legal_act (title, adilet_code, url, act_type, number, adopted_on)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])
       ON CONFLICT DO NOTHING RETURNING 1`,
      toColumns(rows, 6),
    );
    const found: { id: string; adilet_code: string | null; title: string }[] = await em.query(
      `SELECT id, adilet_code, title FROM legal_act
       WHERE adilet_code = ANY($1) OR (adilet_code IS NULL AND md5(title) = ANY($2))`,
      [list.filter((a) => a.code).map((a) => a.code), list.filter((a) => !a.code).map((a) => md5(a.title))],
    );
    for (const r of found) ids.set(actKey(r.adilet_code, r.title), r.id);
    return { inserted: inserted.length, ids };
  }

  /**
   * Gives every imported function whose line has a legalBasis key exactly that legal basis,
   * rewriting only the functions whose basis differs from what the registry holds.
   */
  private async writeLegalBases(
    em: EntityManager,
    functions: FunctionLine[],
    actIds: Map<string, string>,
    known: Set<string>,
  ): Promise<number> {
    const lines = functions.filter((f) => f.legalBasis !== undefined);
    const wanted = new Map<string, unknown[][]>();
    for (const f of lines) {
      wanted.set(
        f.externalId,
        (f.legalBasis ?? []).map((b, i) => [
          actIds.get(actKey(b.actCode, b.act)),
          b.article ?? null,
          b.clause ?? null,
          b.subclause ?? null,
          b.url ?? null,
          b.quote ?? null,
          i,
        ]),
      );
    }
    const current = new Map<string, unknown[][]>();
    const existing: {
      external_id: string;
      legal_act_id: string;
      article: string | null;
      clause: string | null;
      subclause: string | null;
      url: string | null;
      quote: string | null;
    }[] = await em.query(
      `SELECT f.external_id, b.legal_act_id, b.article, b.clause, b.subclause, b.url, b.quote
         FROM legal_basis b JOIN state_function f ON f.id = b.function_id
         WHERE f.external_id = ANY($1) ORDER BY f.external_id, b.position, b.created_at`,
      [lines.filter((f) => known.has(f.externalId)).map((f) => f.externalId)],
    );
    for (const r of existing) {
      const list = current.get(r.external_id) ?? [];
      list.push([r.legal_act_id, r.article, r.clause, r.subclause, r.url, r.quote, list.length]);
      current.set(r.external_id, list);
    }
    const changed = [...wanted.keys()].filter(
      (id) => JSON.stringify(wanted.get(id)) !== JSON.stringify(current.get(id) ?? []),
    );
    if (changed.length === 0) return 0;
    const replaced = changed.filter((id) => known.has(id));
    if (replaced.length) {
      await em.query(
        `DELETE FROM legal_basis b USING state_function f WHERE b.function_id = f.id AND f.external_id = ANY($1)`,
        [replaced],
      );
    }
    await em.query(`
      CREATE TEMP TABLE import_basis (external_id text, legal_act_id uuid, article text, clause text, subclause text, url text, quote text, position int)
      ON COMMIT DROP`);
    await bulkInsert(
      em,
      'import_basis',
      STAGED_BASIS,
      (function* () {
        for (const id of changed) for (const r of wanted.get(id)!) yield [id, ...r];
      })(),
    );
    await em.query(`ANALYZE import_basis`);
    const [{ n: written }] = await em.query<{ n: number }[]>(`
      WITH ins AS (
        INSERT INTO legal_basis (function_id, legal_act_id, article, clause, subclause, url, quote, position)
        SELECT f.id, s.legal_act_id, s.article, s.clause, s.subclause, s.url, s.quote, s.position
        FROM import_basis s JOIN state_function f ON f.external_id = s.external_id
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`);
    return written;
  }

  /** Lines that carry `tags` get exactly those tags; free tags are created, vocabulary terms must exist. */
  private async writeTags(em: EntityManager, file: ParsedFile): Promise<void> {
    const tagged = file.functions.filter((f) => f.tags);
    if (tagged.length === 0) return;
    const pairs = tagged.flatMap((f) => f.tags!.map((t) => [f.externalId, t.vocabulary ?? null, t.value.trim()]));
    const params = toColumns(pairs, 3);
    const unknown: { external_id: string; vocabulary: string; value: string }[] = await em.query(
      `SELECT s.external_id, s.vocabulary, s.value FROM unnest($1::text[], $2::text[], $3::text[]) AS s(external_id, vocabulary, value)
       WHERE s.vocabulary IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM tag t JOIN tag_vocabulary v ON v.id = t.vocabulary_id WHERE v.code = s.vocabulary AND t.value = s.value)`,
      params,
    );
    if (unknown.length) {
      throw new ImportError(
        unknown.map((u) =>
          file.locate({
            line: file.lineOf.get(u.external_id) ?? 0,
            field: 'tags',
            message: `tags: "${u.value}" is not a term of the controlled vocabulary ${u.vocabulary}`,
          }),
        ),
      );
    }
    await em.query(
      `INSERT INTO tag (value) SELECT DISTINCT s.value FROM unnest($1::text[], $2::text[], $3::text[]) AS s(external_id, vocabulary, value)
       WHERE s.vocabulary IS NULL ON CONFLICT DO NOTHING`,
      params,
    );
    await em.query(
      `DELETE FROM function_tag ft USING state_function f WHERE ft.function_id = f.id AND f.external_id = ANY($1)`,
      [tagged.map((f) => f.externalId)],
    );
    await em.query(
      `INSERT INTO function_tag (function_id, tag_id)
       SELECT DISTINCT f.id, t.id FROM unnest($1::text[], $2::text[], $3::text[]) AS s(external_id, vocabulary, value)
       JOIN state_function f ON f.external_id = s.external_id
       LEFT JOIN tag_vocabulary v ON v.code = s.vocabulary
       JOIN tag t ON t.value = s.value AND t.vocabulary_id IS NOT DISTINCT FROM v.id`,
      params,
    );
  }

  /** Lines that carry `coExecutors` (agency codes) get exactly those co-executors. */
  private async writeCoExecutors(em: EntityManager, file: ParsedFile): Promise<void> {
    const lines = file.functions.filter((f) => f.coExecutors);
    if (lines.length === 0) return;
    const pairs = lines.flatMap((f) => f.coExecutors!.map((c) => [f.externalId, c]));
    const missing: { external_id: string; code: string }[] = await em.query(
      `SELECT s.external_id, s.code FROM unnest($1::text[], $2::text[]) AS s(external_id, code)
       WHERE NOT EXISTS (SELECT 1 FROM agency a WHERE a.code = s.code)`,
      toColumns(pairs, 2),
    );
    if (missing.length) {
      throw new ImportError(
        missing.map((m) =>
          file.locate({
            line: file.lineOf.get(m.external_id) ?? 0,
            field: 'coExecutors',
            message: `coExecutors: no agency ${m.code} in the file or the registry`,
          }),
        ),
      );
    }
    await em.query(
      `DELETE FROM function_co_executor c USING state_function f WHERE c.function_id = f.id AND f.external_id = ANY($1)`,
      [lines.map((f) => f.externalId)],
    );
    await em.query(
      `INSERT INTO function_co_executor (function_id, agency_id)
       SELECT DISTINCT f.id, a.id FROM unnest($1::text[], $2::text[]) AS s(external_id, code)
       JOIN state_function f ON f.external_id = s.external_id JOIN agency a ON a.code = s.code
       WHERE a.id <> f.holder_id`,
      toColumns(pairs, 2),
    );
  }
}

function toRow(f: FunctionLine): unknown[] {
  const lang = f.lang ?? Lang.ru;
  const titleRu = lang === Lang.ru ? f.title.trim() : (f.titleRu ?? null);
  const titleKk = lang === Lang.kk ? f.title.trim() : (f.titleKk ?? null);
  return [
    f.externalId,
    lang,
    titleRu,
    titleKk,
    f.type ?? null,
    f.sector ?? null,
    f.agency.code,
    f.status ?? null,
    f.supporting ?? null,
    f.description ?? null,
    f.type !== undefined,
    f.sector !== undefined,
    (lang === Lang.ru ? f.titleKk : f.titleRu) !== undefined,
  ];
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function actKey(code: string | null | undefined, title: string): string {
  return code ? `code:${code}` : `title:${title.trim()}`;
}

/** The act's own address, without a fragment pointing into it. */
function actUrl(url: string | null | undefined): string | null {
  return url ? url.split('#')[0] : null;
}

function agencyDifference(a: FunctionLine['agency'], b: FunctionLine['agency']): string[] | undefined {
  const keys = ['level', 'kind', 'territory', 'parentCode', 'collegial'] as const;
  const diff = keys.filter((k) => (a[k] ?? null) !== (b[k] ?? null));
  return diff.length ? diff : undefined;
}

/**
 * A problem's place in a sheet: `row 7, cell F7 (type)` (XLSX) or `row 7, column "type"` (CSV), with
 * the field's name dropped from the message when the cell already says it.
 */
function sheetPlace(
  p: LineProblem,
  table: ReadTableResult,
  format: TableFormat,
  found: { row: TableRow; line: RowLine } | undefined,
): LineProblem {
  if (p.line === 0) return { ...p, at: 'file' };
  if (!p.field || !found) return { ...p, at: `row ${p.line}` };
  const { key, item } = columnOfField(p.field, found.line);
  const header = table.columns.find((c) => c.key === key);
  if (!header) return { ...p, at: `row ${p.line}` };
  const ref = found.row.cellRef(key);
  const at = format === 'xlsx' ? `row ${p.line}, cell ${ref} (${header.header})` : ref;
  const prefix = `${p.field}: `;
  const rule = p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
  return { ...p, at, message: item ? `item ${item}: ${rule}` : rule };
}
