import { Ajv, ErrorObject } from 'ajv';
import type { LineProblem } from '#core';
import { AgencyKind, FunctionStatus, FunctionType, GovernmentLevel, TerritoryKind } from '../enums.js';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '\\S' });
const optionalText = (maxLength: number) => ({ type: ['string', 'null'], maxLength });
const code = { type: 'string', pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,63}$' };
const nullableEnum = (values: string[]) => ({ enum: [...values, null] });

/**
 * JSON Schema of one line of the registry interchange format (docs/interchange.md). Keys beyond
 * the base format (`code`, `status`, `tags`, `coExecutors`, ...) are the registry's extensions:
 * export writes them and import reads them when present. Unknown keys are ignored.
 */
export const FUNCTION_LINE_SCHEMA = {
  $id: 'https://registry.example/interchange/function-line.json',
  type: 'object',
  required: ['externalId', 'title', 'agency'],
  properties: {
    externalId: code,
    title: text(4000),
    lang: nullableEnum(['ru', 'kk']),
    type: nullableEnum(Object.values(FunctionType)),
    sector: optionalText(100),
    agency: {
      type: 'object',
      required: ['code', 'name', 'level'],
      properties: {
        code,
        name: text(1000),
        nameKk: optionalText(1000),
        kind: nullableEnum(Object.values(AgencyKind)),
        level: { enum: Object.values(GovernmentLevel) },
        territoryKinds: { type: ['array', 'null'], items: { enum: Object.values(TerritoryKind) } },
        territory: { type: ['string', 'null'], pattern: '^[0-9]{9}$' },
        collegial: { type: ['boolean', 'null'] },
        parentCode: { anyOf: [code, { type: 'null' }] },
      },
    },
    legalBasis: {
      type: ['array', 'null'],
      maxItems: 100,
      items: {
        type: 'object',
        required: ['act'],
        properties: {
          act: text(2000),
          actCode: { type: ['string', 'null'], pattern: '^[A-Za-z0-9_]{3,40}$' },
          article: optionalText(50),
          clause: optionalText(50),
          subclause: optionalText(50),
          url: optionalText(2000),
          quote: optionalText(20000),
        },
      },
    },
    code: { type: ['string', 'null'] },
    titleRu: optionalText(4000),
    titleKk: optionalText(4000),
    description: optionalText(20000),
    status: nullableEnum(Object.values(FunctionStatus)),
    supporting: { type: ['boolean', 'null'] },
    tags: {
      type: ['array', 'null'],
      maxItems: 100,
      items: {
        type: 'object',
        required: ['value'],
        properties: {
          value: text(200),
          vocabulary: { type: ['string', 'null'], pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' },
        },
      },
    },
    coExecutors: { type: ['array', 'null'], maxItems: 50, items: code },
  },
} as const;

export interface AgencyLine {
  code: string;
  name: string;
  nameKk?: string | null;
  kind?: AgencyKind | null;
  level: GovernmentLevel;
  territoryKinds?: TerritoryKind[] | null;
  territory?: string | null;
  collegial?: boolean | null;
  parentCode?: string | null;
}

export interface LegalBasisLine {
  act: string;
  actCode?: string | null;
  article?: string | null;
  clause?: string | null;
  subclause?: string | null;
  url?: string | null;
  quote?: string | null;
}

export interface TagLine {
  value: string;
  vocabulary?: string | null;
}

/** One validated line. An absent optional key is `undefined`; a key given as null is `null`. */
export interface FunctionLine {
  externalId: string;
  title: string;
  lang?: 'ru' | 'kk' | null;
  type?: FunctionType | null;
  sector?: string | null;
  agency: AgencyLine;
  legalBasis?: LegalBasisLine[] | null;
  titleRu?: string | null;
  titleKk?: string | null;
  description?: string | null;
  status?: FunctionStatus | null;
  supporting?: boolean | null;
  tags?: TagLine[] | null;
  coExecutors?: string[] | null;
}

export type { LineProblem };

// Compiled once: validating a line costs microseconds, so files of a million lines stay fast.
const validate = new Ajv({ allErrors: true, strict: false }).compile<FunctionLine>(FUNCTION_LINE_SCHEMA);

function describe(e: ErrorObject): { field: string; message: string } {
  const path = e.instancePath
    .slice(1)
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
  const field = e.keyword === 'required' ? [path, e.params.missingProperty].filter(Boolean).join('.') : path || 'line';
  return { field, message: `${field}: ${rule(e, field)}` };
}

function rule(e: ErrorObject, field: string): string {
  switch (e.keyword) {
    case 'required':
      return 'required';
    case 'enum':
      return `must be one of ${(e.params.allowedValues as (string | null)[]).filter((v) => v !== null).join(', ')}`;
    case 'pattern':
      return field.endsWith('territory')
        ? 'must be a 9-digit KATO code'
        : field.endsWith('actCode')
          ? 'must be an adilet.zan.kz document id such as Z070000319_'
          : e.params.pattern === '\\S'
            ? 'must not be blank'
            : `must match ${e.params.pattern}`;
    default:
      return e.message ?? 'is not valid';
  }
}

/** Parses and validates one line; returns the line or the problems found in it. */
export function parseFunctionLine(raw: string, line: number): FunctionLine | LineProblem[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return [{ line, message: `not valid JSON (${(err as Error).message})` }];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ line, message: 'a line must be one JSON object' }];
  return checkFunctionLine(value, line);
}

/**
 * Validates one interchange object, however it was read (a JSON line, a spreadsheet row); returns
 * it typed, or one problem per field at fault.
 */
export function checkFunctionLine(value: object, line: number): FunctionLine | LineProblem[] {
  if (validate(value)) return value;
  // anyOf reports each branch; one message per field is enough.
  const problems = new Map<string, LineProblem>();
  for (const e of validate.errors ?? []) {
    if (!((e.keyword !== 'anyOf' && e.keyword !== 'type') || !e.schemaPath.includes('anyOf'))) continue;
    const { field, message } = describe(e);
    if (!problems.has(message)) problems.set(message, { line, message, field });
  }
  return [...problems.values()];
}
