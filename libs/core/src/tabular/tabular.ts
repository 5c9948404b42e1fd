import { TableAssembler } from './assemble.js';
import { readCsv, writeCsv } from './csv.js';
import {
  ReadTableOptions,
  ReadTableResult,
  TableColumn,
  TableFileError,
  TableFormat,
  tableFormatOf,
  WriteTableOptions,
} from './table.js';
import { readXlsx, writeXlsx } from './xlsx.js';

function spreadsheetFormat(path: string): TableFormat {
  const format = tableFormatOf(path);
  if (format === 'jsonl') throw new Error(`${path}: JSON Lines is not a table; read it as interchange lines`);
  return format;
}

/**
 * Reads an XLSX or CSV file (by extension) against a layout. Nothing is thrown for bad content:
 * unknown, repeated or missing columns, cells that do not convert, and a file that cannot be read
 * at all come back as problems, each with its row and cell, so a caller can report them all at once.
 * Empty rows are skipped.
 */
export async function readTable(
  path: string,
  columns: TableColumn[],
  opts: ReadTableOptions = {},
): Promise<ReadTableResult> {
  const format = spreadsheetFormat(path);
  const assembler = new TableAssembler(columns, format);
  try {
    if (format === 'xlsx') await readXlsx(path, assembler, opts.sheet);
    else await readCsv(path, assembler);
  } catch (err) {
    if (!(err instanceof TableFileError)) throw err;
    const result = assembler.finish();
    return { ...result, rows: [], problems: [{ row: 0, message: err.message }] };
  }
  return assembler.finish();
}

/**
 * Writes the rows as an XLSX or CSV file (by extension), one column per layout column, and returns
 * the number of rows written. Rows may come from an async generator: they are streamed out, never
 * all held at once.
 */
export async function writeTable(
  path: string,
  columns: TableColumn[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  opts: WriteTableOptions = {},
): Promise<number> {
  const format = spreadsheetFormat(path);
  return format === 'xlsx' ? writeXlsx(path, columns, rows, opts) : writeCsv(path, columns, rows, opts.delimiter);
}
