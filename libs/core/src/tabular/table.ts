import { basename, extname } from 'node:path';

/** The spreadsheet formats this layer reads and writes. JSON Lines is named only so callers can branch on it. */
export type TableFormat = 'xlsx' | 'csv';

export type ColumnType = 'text' | 'int' | 'number' | 'boolean' | 'date' | 'list';

/** One column of a table layout. Headers are matched case-insensitively by `header`, `key` or an alias. */
export interface TableColumn {
  /** The name the values carry in code (`TableRow.values[key]`). */
  key: string;
  /** The header written on export. */
  header: string;
  /** Other headers accepted on import (a Russian name, an older spelling, ...). */
  aliases?: string[];
  /** The column must be in the file (a missing one is reported once, not on every row). Cells may still be empty. */
  required?: boolean;
  /** How a cell is read and written; `text` when omitted. */
  type?: ColumnType;
  /** One line for the legend sheet of an XLSX file. */
  description?: string;
}

/** A data row of a table that was read, with its values converted by column type. */
export interface TableRow {
  /** The row number a spreadsheet program shows (the header is usually row 1). */
  row: number;
  /**
   * A key for every column the file has: the converted value, or null for an empty cell (and for a
   * cell that could not be converted, which is reported as a problem). Columns the file lacks have no key.
   */
  values: Record<string, unknown>;
  /** Where a column's cell is: `C5` in an XLSX file, `row 5, column "type"` in a CSV file. */
  cellRef(key: string): string;
}

export interface TableProblem {
  row: number;
  /** The cell's address (`D7`), in XLSX files. */
  cell?: string;
  /** The header as the file spells it. */
  column?: string;
  message: string;
}

/** A column found in the header row. */
export interface TableHeader {
  key: string;
  /** As written in the file. */
  header: string;
  /** 1-based position. */
  index: number;
}

export interface ReadTableResult {
  rows: TableRow[];
  problems: TableProblem[];
  /** The columns the header row named, in file order (empty when no header row was found). */
  columns: TableHeader[];
  /** The header's row number (0 when none was found). */
  headerRow: number;
}

export interface ReadTableOptions {
  /** The XLSX sheet to read; the first sheet (in tab order) by default. Ignored for CSV. */
  sheet?: string;
}

export interface WriteTableOptions {
  /** The XLSX data sheet's name (`Sheet1` by default). Ignored for CSV. */
  sheet?: string;
  /** XLSX only: a bold line above the header row, also the workbook's title. CSV files always start with the header. */
  title?: string;
  /**
   * XLSX only: lines added under the column list of the legend sheet. The legend sheet
   * (`README`) is written when a column has a description or notes are given.
   */
  notes?: string[];
  /** CSV only: the separator, `,` by default (`;` suits spreadsheet programs set up for Russian). */
  delimiter?: ',' | ';';
}

/**
 * The format of a file by its extension, case-insensitively: `.xlsx`, `.csv`, or JSON Lines for
 * `.jsonl`, `.ndjson` and `.json`. Anything else is refused with the extensions that are understood.
 */
export function tableFormatOf(path: string): TableFormat | 'jsonl' {
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case '.xlsx':
      return 'xlsx';
    case '.csv':
      return 'csv';
    case '.jsonl':
    case '.ndjson':
    case '.json':
      return 'jsonl';
    case '.xls':
      throw new Error(
        `${basename(path)}: the old Excel format .xls is not read; save the file as .xlsx (Excel Workbook)`,
      );
    default:
      throw new Error(
        `${basename(path)}: cannot tell the file format from ${ext ? `the extension ${ext}` : 'a name without an extension'}; use .xlsx, .csv or .jsonl (.ndjson, .json)`,
      );
  }
}

/** The file as a whole cannot be read (its encoding, broken quoting, not a workbook); reported as a problem of row 0. */
export class TableFileError extends Error {}

/** `row 7, cell D7 (share): "abc" is not a number` (XLSX), `row 7, column "share": ...` (CSV), `row 7: ...`. */
export function formatTableProblem(p: TableProblem): string {
  return `${problemPlace(p)}: ${p.message}`;
}

/** The location part of a problem: `row 7, cell D7 (share)`, `row 7, column "share"`, `row 7`, or `file` for row 0. */
export function problemPlace(p: Omit<TableProblem, 'message'>): string {
  if (p.row === 0) return 'file';
  if (p.cell) return `row ${p.row}, cell ${p.cell}${p.column ? ` (${p.column})` : ''}`;
  if (p.column) return `row ${p.row}, column "${p.column}"`;
  return `row ${p.row}`;
}

/** The spreadsheet letters of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
