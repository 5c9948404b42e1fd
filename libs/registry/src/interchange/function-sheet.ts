import type { TableColumn, TableHeader } from '#core';
import type { AnnotationField } from './function-annotator.js';

/**
 * The spreadsheet layout of functions (XLSX and CSV): one row per function, one column per field
 * of the interchange line, with the holder's fields repeated on each of its rows. A row becomes
 * the same object a JSON line is, so both formats go through one validation and one import.
 * Headers are the interchange keys (`agency.code`); Russian names are accepted too.
 */

/** The parts of one legal-basis provision, each a column of its group `basisN.*`. */
export const BASIS_PARTS = ['act', 'actCode', 'article', 'clause', 'subclause', 'url', 'quote'] as const;
type BasisPart = (typeof BASIS_PARTS)[number];

/** As many groups as the interchange format allows provisions on one function. */
export const MAX_BASIS_GROUPS = 100;

const BASIS_RU: Record<BasisPart, string> = {
  act: 'акт',
  actCode: 'код акта',
  article: 'статья',
  clause: 'пункт',
  subclause: 'подпункт',
  url: 'ссылка',
  quote: 'текст нормы',
};

const BASIS_DESCRIPTION: Record<BasisPart, string> = {
  act: 'the act cited, its full title (required in a group that has any other cell filled)',
  actCode: "the act's adilet.zan.kz document id (Z070000319_); acts are matched by it, or by title when it is empty",
  article: 'article',
  clause: 'clause (пункт)',
  subclause: 'sub-clause (подпункт)',
  url: 'link to the provision',
  quote: "the provision's text",
};

const col = (key: string, aliases: string[], description: string, extra: Partial<TableColumn> = {}): TableColumn => ({
  key,
  header: key,
  aliases,
  description,
  ...extra,
});

/** The columns before the annotations, which go right after `type`. */
const HEAD: TableColumn[] = [
  col(
    'externalId',
    ['внешний идентификатор', 'идентификатор', 'external id'],
    'unique, stable id of the function; re-imports update by it (1-64 letters, digits, ".", "_", "-")',
    { required: true },
  ),
  col(
    'code',
    ['код в реестре', 'код функции', 'registry code'],
    'registry code (F-0000001); written by export, ignored by import',
  ),
  col('lang', ['язык', 'language'], 'language of the statement: ru (default) or kk'),
  col(
    'titleRu',
    ['функция (рус)', 'наименование функции (рус)', 'функция рус'],
    'the statement in Russian, verbatim (required when lang is ru)',
  ),
  col(
    'titleKk',
    ['функция (каз)', 'наименование функции (каз)', 'функция каз'],
    'the statement in Kazakh (required when lang is kk)',
  ),
  col('type', ['тип', 'тип функции'], 'STRATEGIC, REGULATORY, IMPLEMENTING or CONTROL; empty = not classified'),
];

const TAIL: TableColumn[] = [
  col('sector', ['отрасль', 'сфера'], 'free-text sector key (education)'),
  col('status', ['статус'], 'DRAFT, ACTIVE, ...; empty keeps the current one (ACTIVE for a new function)'),
  col(
    'supporting',
    ['обеспечивающая'],
    'true = supporting (internal), false = public-facing; empty keeps the current value',
    { type: 'boolean' },
  ),
  col('description', ['описание'], 'free text; empty keeps the current one'),
  col(
    'agency.code',
    ['код органа', 'agency code', 'holder'],
    "the holder's stable code; agencies are created or matched by it",
    { required: true },
  ),
  col('agency.name', ['орган', 'наименование органа', 'agency name'], "the holder's Russian name", { required: true }),
  col(
    'agency.nameKk',
    ['наименование органа (каз)', 'орган (каз)'],
    "the holder's Kazakh name; empty keeps the current one",
  ),
  col(
    'agency.kind',
    ['вид органа'],
    'MINISTRY, DEPARTMENT, ... (an AgencyKind); empty keeps the current one (OTHER for a new agency)',
  ),
  col('agency.level', ['уровень', 'уровень органа'], 'CENTRAL, REGIONAL, DISTRICT or RURAL', { required: true }),
  col(
    'agency.territoryKinds',
    ['виды территорий'],
    "list of TerritoryKinds the holder covers; empty = the level's default",
    { type: 'list' },
  ),
  col(
    'agency.territory',
    ['территория', 'като', 'kato'],
    '9-digit KATO code of a specific body; empty = a typical holder',
  ),
  col('agency.collegial', ['коллегиальный'], 'true for collegial bodies; empty keeps the current value', {
    type: 'boolean',
  }),
  col(
    'agency.parentCode',
    ['код вышестоящего органа', 'parent code'],
    'code of the agency this one belongs to (in the file or the registry); never cleared by import',
  ),
  col(
    'tags',
    ['теги', 'метки'],
    'list of tags: a free tag as written, a vocabulary term as vocabulary:value; the function gets exactly these',
    { type: 'list' },
  ),
  col(
    'coExecutors',
    ['соисполнители', 'co-executors'],
    'list of co-executor agency codes; the function gets exactly these',
    { type: 'list' },
  ),
];

function basisColumns(groups: number): TableColumn[] {
  const out: TableColumn[] = [];
  for (let n = 1; n <= groups; n++) {
    for (const part of BASIS_PARTS) {
      out.push({
        key: `basis${n}.${part}`,
        header: `basis${n}.${part}`,
        aliases: [`основание ${n} ${BASIS_RU[part]}`],
        description:
          n === 1 ? `legal basis, provision 1: ${BASIS_DESCRIPTION[part]}` : `legal basis, provision ${n}: ${part}`,
      });
    }
  }
  return out;
}

/** Interchange keys an annotator may not use: they are the data itself. */
const RESERVED = new Set(
  [...HEAD, ...TAIL].map((c) => c.key.split('.')[0]).concat(['title', 'agency', 'legalBasis', 'titleRu', 'titleKk']),
);

function annotationColumns(fields: readonly AnnotationField[]): TableColumn[] {
  return fields.map((f) => {
    if (RESERVED.has(f.key) || /^basis\d/.test(f.key))
      throw new Error(`function annotator: the field ${f.key} is an interchange key`);
    return {
      key: f.key,
      header: f.header ?? f.key,
      type: f.type,
      description: `${f.description ?? 'annotation'} (written by export, ignored by import)`,
    };
  });
}

/** The layout: `basisGroups` groups of legal-basis columns (export writes as many as the widest function needs). */
export function functionColumns(
  annotations: readonly AnnotationField[] = [],
  basisGroups = MAX_BASIS_GROUPS,
): TableColumn[] {
  return [...HEAD, ...annotationColumns(annotations), ...TAIL, ...basisColumns(Math.max(1, basisGroups))];
}

/** Lines for the legend sheet, under the column list. */
export const FUNCTION_SHEET_NOTES = [
  'One row per function. Import matches functions by externalId and agencies by agency.code; all rows of one agency must agree on its level, kind, territory, parentCode and collegial.',
  "A column left out of the sheet leaves that field as the registry has it. An empty cell in a column that is there clears type, sector, the other-language title, the legal basis, tags and co-executors; it keeps status, supporting, description and the agency's nameKk, kind, collegial and parentCode; an empty agency.territory makes the holder typical, an empty agency.territoryKinds gives the level's default.",
  'Lists (agency.territoryKinds, tags, coExecutors): items separated by ";" or one per line in the cell.',
  'Tags: a free tag as it is (пилот); a term of a controlled vocabulary as vocabulary:value (priority:high); a free tag that itself looks like word:value is written with a leading colon (:covid:19).',
  'Legal basis: one group of columns per provision, in order: basis1.act, basis1.actCode, basis1.article, basis1.clause, basis1.subclause, basis1.url, basis1.quote, then basis2.* and so on (up to basis100). Add a group for another provision; a group with any cell filled needs basisN.act.',
  'Import is all or nothing: every problem is reported with its row and cell, and nothing is written while there is one.',
];

// --- tags in a list cell ---------------------------------------------------------------------

const VOCABULARY_TERM = /^([a-z0-9][a-z0-9_-]{0,63}):(.+)$/s;

export function tagText(tag: { value: string; vocabulary?: string | null }): string {
  if (tag.vocabulary) return `${tag.vocabulary}:${tag.value}`;
  return VOCABULARY_TERM.test(tag.value) || tag.value.startsWith(':') ? `:${tag.value}` : tag.value;
}

export function parseTag(text: string): { value: string; vocabulary?: string } {
  if (text.startsWith(':')) return { value: text.slice(1) };
  const m = VOCABULARY_TERM.exec(text);
  return m ? { vocabulary: m[1], value: m[2] } : { value: text };
}

// --- an exported line as a row, and a row as a line --------------------------------------------

type Line = Record<string, unknown>;

/** The row of an exported line (with its annotations, which the line carries right after `type`). */
export function lineToRow(line: Line, annotations: readonly AnnotationField[]): Record<string, unknown> {
  const kk = line.lang === 'kk';
  const a = (line.agency ?? {}) as Line;
  const row: Record<string, unknown> = {
    externalId: line.externalId,
    code: line.code,
    lang: line.lang,
    titleRu: kk ? line.titleRu : line.title,
    titleKk: kk ? line.title : line.titleKk,
    type: line.type,
    sector: line.sector,
    status: line.status,
    supporting: line.supporting,
    description: line.description,
    'agency.code': a.code,
    'agency.name': a.name,
    'agency.nameKk': a.nameKk,
    'agency.kind': a.kind,
    'agency.level': a.level,
    'agency.territoryKinds': a.territoryKinds,
    'agency.territory': a.territory,
    'agency.collegial': a.collegial,
    'agency.parentCode': a.parentCode,
    tags: ((line.tags ?? []) as Parameters<typeof tagText>[0][]).map(tagText),
    coExecutors: line.coExecutors ?? [],
  };
  for (const f of annotations) row[f.key] = line[f.key];
  ((line.legalBasis ?? []) as Line[]).forEach((b, i) => {
    for (const part of BASIS_PARTS) row[`basis${i + 1}.${part}`] = b[part];
  });
  return row;
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);

/**
 * The interchange object of a row. A column the sheet lacks gives an absent key (the registry keeps
 * the field); an empty cell gives null, or an empty list. Codes and enumerations are trimmed, and
 * enumerations upper-cased, since a stray space or a lower-case `control` typed in a cell means the
 * same; everything else goes to validation as it is.
 */
export function rowToLine(values: Record<string, unknown>, present: ReadonlySet<string>): RowLine {
  const has = (k: string) => present.has(k);
  const line: Record<string, unknown> = {};
  const set = (key: string, column: string, convert: (v: unknown) => unknown = (v) => v) => {
    if (has(column)) line[key] = convert(values[column]);
  };
  // Required text left empty is left out, so validation says `required` rather than a type error.
  const required = (key: string, column: string, target: Record<string, unknown> = line) => {
    const v = trimmed(values[column]);
    if (v !== null && v !== undefined && v !== '') target[key] = v;
  };
  required('externalId', 'externalId');
  const lang = has('lang') ? trimmed(values.lang) : null;
  if (typeof lang === 'string') line.lang = lang.toLowerCase();
  const kk = line.lang === 'kk';
  const main = kk ? 'titleKk' : 'titleRu';
  const other = kk ? 'titleRu' : 'titleKk';
  if (values[main] !== null && values[main] !== undefined) line.title = values[main];
  set(other, other);
  set('type', 'type', upper);
  set('sector', 'sector');
  set('status', 'status', upper);
  set('supporting', 'supporting');
  set('description', 'description');

  const agency: Record<string, unknown> = {};
  required('code', 'agency.code', agency);
  required('name', 'agency.name', agency);
  const level = upper(values['agency.level']);
  if (level) agency.level = level;
  if (has('agency.nameKk')) agency.nameKk = values['agency.nameKk'];
  if (has('agency.kind')) agency.kind = upper(values['agency.kind']);
  if (has('agency.territoryKinds'))
    agency.territoryKinds = (values['agency.territoryKinds'] as string[] | null)?.map((k) => k.toUpperCase()) ?? null;
  if (has('agency.territory')) agency.territory = trimmed(values['agency.territory']);
  if (has('agency.collegial')) agency.collegial = values['agency.collegial'];
  if (has('agency.parentCode')) agency.parentCode = trimmed(values['agency.parentCode']);
  line.agency = agency;

  if (has('tags')) line.tags = ((values.tags as string[] | null) ?? []).map(parseTag);
  if (has('coExecutors')) line.coExecutors = values.coExecutors ?? [];

  let groups = 0;
  for (const key of present) {
    const m = /^basis(\d+)\./.exec(key);
    if (m) groups = Math.max(groups, Number(m[1]));
  }
  const filled: number[] = [];
  if (groups > 0) {
    const bases: Record<string, unknown>[] = [];
    for (let n = 1; n <= groups; n++) {
      const basis: Record<string, unknown> = {};
      for (const part of BASIS_PARTS) {
        const v = values[`basis${n}.${part}`];
        if (v !== null && v !== undefined) basis[part] = part === 'actCode' ? trimmed(v) : v;
      }
      // An empty group is no provision; the groups that are filled keep their order.
      if (Object.keys(basis).length) {
        bases.push(basis);
        filled.push(n);
      }
    }
    line.legalBasis = bases;
  }
  return { line, basisGroups: filled };
}

/** A row as an interchange object, and the group number (`basisN`) of each of its provisions. */
export interface RowLine {
  line: Record<string, unknown>;
  basisGroups: number[];
}

/** Problems of the sheet as a whole that make its rows meaningless to check one by one. */
export function layoutProblems(columns: readonly TableHeader[]): string[] {
  const keys = new Set(columns.map((c) => c.key));
  const problems: string[] = [];
  if (!keys.has('titleRu') && !keys.has('titleKk'))
    problems.push('no title column: the sheet needs titleRu or titleKk');
  const groups = new Set<number>();
  for (const k of keys) {
    const m = /^basis(\d+)\./.exec(k);
    if (m) groups.add(Number(m[1]));
  }
  for (const n of [...groups].sort((a, b) => a - b)) {
    if (!keys.has(`basis${n}.act`)) problems.push(`the legal-basis group basis${n} has no basis${n}.act column`);
  }
  return problems;
}

/**
 * The column of an interchange field, and what is left of the field's path inside that column:
 * `legalBasis[1].actCode` → `basis2.actCode`; `tags[2].value` → `tags`, item 3; `title` → the
 * title column of the row's language.
 */
export function columnOfField(field: string, row: RowLine | undefined): { key: string; item?: number } {
  const basis = /^legalBasis\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (basis) {
    // Provisions are numbered among the filled groups: an empty group between two is skipped.
    const i = Number(basis[1]);
    return { key: `basis${row?.basisGroups[i] ?? i + 1}.${basis[2] ?? 'act'}` };
  }
  if (field === 'legalBasis') return { key: 'basis1.act' };
  if (field === 'title') return { key: row?.line.lang === 'kk' ? 'titleKk' : 'titleRu' };
  const list = /^(tags|coExecutors|agency\.territoryKinds)\[(\d+)\]/.exec(field);
  if (list) return { key: list[1], item: Number(list[2]) + 1 };
  return { key: field };
}
