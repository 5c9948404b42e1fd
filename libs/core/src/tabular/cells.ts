import type { ColumnType } from './table.js';

/** What a cell holds once rich text, hyperlinks and formulas are reduced to their value. */
export type PlainValue = string | number | boolean | Date | null;

export type Converted = { value: unknown } | { problem: string };

/**
 * Reduces an exceljs cell value (or a CSV field) to a plain value. Rich text becomes its text, a
 * hyperlink its text, a formula its saved result. A formula without a saved result and an error
 * value (`#N/A`) come back as problems: the file holds no value to import there.
 */
export function plainCell(v: unknown): Converted {
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'string' || typeof v === 'boolean') return { value: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v } : { problem: 'holds an error value' };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { problem: 'holds an invalid date' } : { value: v };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return {
        value: (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''),
      };
    if ('error' in o) return { problem: `holds the error ${String(o.error)}` };
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result === undefined || o.result === null) {
        return {
          problem: `the formula ${o.formula ? `=${o.formula as string} ` : ''}has no saved result (open and save the file in a spreadsheet program)`,
        };
      }
      return plainCell(o.result);
    }
    if ('text' in o) return plainCell(o.text);
  }
  return { problem: 'holds something that is not a value' };
}

/** Whether a plain value counts as an empty cell (nothing, or only spaces). */
export function isBlank(v: PlainValue): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'да', 'д', 'иә', 'ия', 'истина', '+']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'нет', 'н', 'жоқ', 'ложь', '-']);

/** How a value looks in a problem message: `"abc"`, `12.5`, `2024-01-31`, shortened past 60 characters. */
export function shown(v: PlainValue): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (v instanceof Date) return isoDate(v);
  return String(v);
}

/** Converts a non-empty plain value to the column's type, or says why it cannot. */
export function convertCell(v: PlainValue, type: ColumnType): Converted {
  if (isBlank(v)) return { value: null };
  switch (type) {
    case 'text':
      return { value: asText(v!) };
    case 'list': {
      const items = splitList(asText(v!));
      return { value: items.length ? items : null };
    }
    case 'int': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : undefined;
      return n !== undefined && Number.isSafeInteger(n)
        ? { value: n }
        : { problem: `${shown(v)} is not a whole number` };
    }
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v) : undefined;
      return n !== undefined ? { value: n } : { problem: `${shown(v)} is not a number` };
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { value: v };
      const word = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().toLowerCase() : '';
      if (TRUE_WORDS.has(word)) return { value: true };
      if (FALSE_WORDS.has(word)) return { value: false };
      return { problem: `${shown(v)} is not a yes/no value (true or false, да or нет, 1 or 0)` };
    }
    case 'date': {
      const d = v instanceof Date ? isoDate(v) : typeof v === 'string' ? parseDate(v) : undefined;
      return d ? { value: d } : { problem: `${shown(v)} is not a date (write it as YYYY-MM-DD or DD.MM.YYYY)` };
    }
  }
}

function asText(v: Exclude<PlainValue, null>): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return isoDate(v);
  return String(v);
}

/**
 * A list cell: items one per line, or separated by `;` when the cell has no line break. Items are
 * trimmed and empty ones dropped.
 */
export function splitList(text: string): string[] {
  const parts = /[\r\n]/.test(text) ? text.split(/\r\n|\r|\n/) : text.split(';');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The cell text of a list: `a; b`, or one item per line when an item holds a `;`. */
export function joinList(items: readonly unknown[], column: string): string {
  const texts = items.map((i) => String(i));
  const broken = texts.find((t) => /[\r\n]/.test(t));
  if (broken !== undefined)
    throw new Error(
      `column ${column}: the list item ${JSON.stringify(broken)} holds a line break and cannot be written as a list cell`,
    );
  return texts.some((t) => t.includes(';')) ? texts.join('\n') : texts.join('; ');
}

/**
 * A number as people type it: spaces (also non-breaking) between thousands, and a comma as the
 * decimal separator (`1 234,5`) as well as a point. With both, the last one is the decimal separator.
 */
function parseNumber(s: string): number | undefined {
  let t = s.trim().replace(/[\s\u00a0\u202f]/g, '');
  const comma = t.lastIndexOf(',');
  const point = t.lastIndexOf('.');
  if (comma >= 0 && point >= 0) t = comma > point ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  else if (comma >= 0) t = /^[+-]?\d*,\d+$/.test(t) ? t.replace(',', '.') : t;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** `YYYY-MM-DD` (a time after it is ignored) or `DD.MM.YYYY`, checked against the calendar. */
function parseDate(s: string): string | undefined {
  const t = s.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dotted ? [dotted[3], dotted[2], dotted[1]] : [];
  if (!y) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)
    ? isoDate(date)
    : undefined;
}

/** Spreadsheet dates carry no time zone: exceljs gives them as UTC midnight, so the UTC date is the cell's date. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A date value to write: a `Date`, or a `YYYY-MM-DD` text. */
export function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'string') {
    const iso = parseDate(v);
    return iso ? new Date(`${iso}T00:00:00Z`) : undefined;
  }
  return undefined;
}

/**
 * A JSON Lines value read as its column's type: numbers must be JSON numbers (or numeric text),
 * never NaN. JSON already carries text and booleans, so only numbers and objects are checked.
 */
export function jsonCell(v: unknown, type: string | undefined): { value: unknown; problem?: string } {
  if (v === null || v === undefined || v === '') return { value: null };
  if (type === 'int' || type === 'number') {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) return { value: null, problem: `${JSON.stringify(v)} is not a number` };
    if (type === 'int' && !Number.isInteger(n))
      return { value: null, problem: `${JSON.stringify(v)} is not a whole number` };
    return { value: n };
  }
  if (typeof v === 'object') return { value: null, problem: 'a text value is expected' };
  return { value: v };
}
