import type ExcelJS from 'exceljs';
import { TableAssembler } from './assemble.js';
import { joinList, toDate } from './cells.js';
import { TableColumn, TableFileError, WriteTableOptions } from './table.js';
import { textOf } from './text.js';

/** Rows looked at to size the columns before the sheet is streamed out. */
const SAMPLE_ROWS = 200;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** The most characters a spreadsheet cell holds. */
const CELL_LIMIT = 32767;

/**
 * Characters an XLSX string cannot hold as they are (XML drops control characters and turns a
 * carriage return into a line feed), and text that looks like an escape itself. Spreadsheet
 * programs write them as `_xHHHH_`, and so do we; exceljs's reader decodes them, so a text comes
 * back exactly as it was written.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it finds
const NEEDS_ESCAPE = /[\x00-\x08\x0b\x0c\x0e-\x1f\r\x7f]|_x[0-9A-Fa-f]{4}_/g;

/**
 * The spreadsheet library, loaded when a workbook is first read or written: with the archive and XML
 * modules it brings it takes about half a second to load, which every process (each command, each
 * API replica, each test file) paid at start whether or not it ever touched a workbook.
 */
export async function excelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

export function excelEscape(text: string): string {
  return text.replace(NEEDS_ESCAPE, (m) =>
    m.length === 1 ? `_x${m.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_` : `_x005F_${m.slice(1)}`,
  );
}

/**
 * Reads one sheet: the named one, or the first tab. The workbook is loaded whole: exceljs's
 * streaming reader decodes each chunk of the archive on its own and so breaks Cyrillic letters
 * that straddle two chunks, which no import can afford. Styles are read, as they tell a date from
 * a number.
 */
export async function readXlsx(path: string, assembler: TableAssembler, sheet?: string): Promise<void> {
  const wb = new (await excelJs()).Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    throw new TableFileError(`not a readable XLSX workbook (${(err as Error).message})`);
  }
  // `worksheets` is in tab order, which is not always the order of the parts in the file.
  const ws = sheet === undefined ? wb.worksheets[0] : wb.worksheets.find((w) => w.name === sheet);
  if (!ws) {
    const names = wb.worksheets.map((w) => `"${w.name}"`).join(', ');
    throw new TableFileError(
      sheet === undefined
        ? 'the workbook has no sheets'
        : `the workbook has no sheet "${sheet}" (it has ${names || 'none'})`,
    );
  }
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as unknown[];
    const cells = new Array<unknown>(Math.max(values.length - 1, 0));
    for (let i = 1; i < values.length; i++) cells[i - 1] = values[i];
    assembler.add(number, cells);
  });
}

/** Excel refuses sheet names longer than 31 characters or holding any of `[]:*?/\`. */
function sheetName(name: string | undefined, fallback: string): string {
  const clean = (name ?? '')
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean || fallback;
}

function xlsxCell(value: unknown, column: TableColumn): unknown {
  if (value === null || value === undefined) return null;
  let out: unknown;
  switch (column.type ?? 'text') {
    case 'list':
      out = Array.isArray(value) ? joinList(value, column.header) : textOf(value);
      break;
    case 'int':
    case 'number':
      out = typeof value === 'number' ? value : textOf(value);
      break;
    case 'boolean':
      out = typeof value === 'boolean' ? value : textOf(value);
      break;
    case 'date':
      out = toDate(value) ?? textOf(value);
      break;
    default:
      // Text stays text: a code such as "007" or a clause such as "5.10" must not turn into a number.
      out = value instanceof Date ? value : textOf(value);
  }
  if (typeof out === 'string' && out.length > CELL_LIMIT) {
    throw new Error(
      `column ${column.header}: a value of ${out.length} characters is longer than the ${CELL_LIMIT} a spreadsheet cell holds`,
    );
  }
  return typeof out === 'string' ? excelEscape(out) : out;
}

/** The widest line a cell would show, in characters. */
function shownWidth(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date) return 10;
  return Math.max(
    ...textOf(value)
      .split('\n')
      .map((l) => l.length),
  );
}

function widths(columns: readonly TableColumn[], sample: readonly unknown[][]): number[] {
  return columns.map((c, i) => {
    let w = c.header.length;
    for (const row of sample) w = Math.max(w, shownWidth(row[i]));
    return Math.min(Math.max(w + 2, MIN_WIDTH), MAX_WIDTH);
  });
}

function columnStyle(column: TableColumn): Partial<ExcelJS.Style> {
  switch (column.type ?? 'text') {
    case 'text':
    case 'list':
      // The Text format keeps what a reviewer types as text too ("5.10" stays "5.10").
      return { numFmt: '@' };
    case 'date':
      return { numFmt: 'yyyy-mm-dd' };
    default:
      return {};
  }
}

/**
 * Streams the rows into a workbook: the header row bold, frozen and filtered, text columns in the
 * Text format, widths from the first rows; then a legend sheet (`README`) when the columns have
 * descriptions or notes are given.
 */
export async function writeXlsx(
  path: string,
  columns: readonly TableColumn[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  opts: WriteTableOptions = {},
): Promise<number> {
  const source = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  const sample: unknown[][] = [];
  let done = false;
  while (sample.length < SAMPLE_ROWS) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    sample.push(columns.map((c) => xlsxCell(next.value[c.key], c)));
  }

  const wb = new (await excelJs()).stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: true,
  });
  wb.creator = 'Electronic registry of state functions';
  wb.created = new Date();
  if (opts.title) wb.title = opts.title;
  const headerRow = opts.title ? 2 : 1;
  const ws = wb.addWorksheet(sheetName(opts.sheet, 'Sheet1'), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
  });
  const w = widths(columns, sample);
  ws.columns = columns.map((c, i) => ({ key: c.key, width: w[i], style: columnStyle(c) }));
  if (opts.title) {
    const t = ws.addRow([opts.title]);
    t.font = { bold: true, size: 13 };
    t.commit();
  }
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF2' } };
  header.commit();
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };

  let count = 0;
  for (const cells of sample) {
    ws.addRow(cells).commit();
    count += 1;
  }
  while (!done) {
    const next = await source.next();
    if (next.done) break;
    ws.addRow(columns.map((c) => xlsxCell(next.value[c.key], c))).commit();
    count += 1;
  }
  ws.commit();

  if (opts.notes?.length || columns.some((c) => c.description)) writeLegend(wb, columns, opts);
  await wb.commit();
  return count;
}

function writeLegend(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  columns: readonly TableColumn[],
  opts: WriteTableOptions,
): void {
  const ws = wb.addWorksheet('README', { views: [{ state: 'frozen', xSplit: 0, ySplit: 2 }] });
  ws.columns = [{ width: 24 }, { width: 28 }, { width: 10 }, { width: 10 }, { width: 100 }];
  const title = ws.addRow([
    `Columns of the sheet "${sheetName(opts.sheet, 'Sheet1')}"${opts.title ? `: ${opts.title}` : ''}`,
  ]);
  title.font = { bold: true, size: 13 };
  title.commit();
  const head = ws.addRow(['column', 'also accepted', 'type', 'required', 'meaning']);
  head.font = { bold: true };
  head.commit();
  for (const c of columns) {
    const row = ws.addRow([
      c.header,
      c.aliases?.length ? c.aliases.join('; ') : null,
      c.type ?? 'text',
      c.required ? 'yes' : null,
      c.description ?? null,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.commit();
  }
  if (opts.notes?.length) {
    ws.addRow([]).commit();
    for (const note of opts.notes) {
      const row = ws.addRow([note]);
      row.commit();
    }
  }
  ws.commit();
}
