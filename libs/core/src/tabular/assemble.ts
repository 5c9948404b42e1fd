import { convertCell, isBlank, PlainValue, plainCell } from './cells.js';
import {
  columnLetters,
  ReadTableResult,
  TableColumn,
  TableFormat,
  TableHeader,
  TableProblem,
  TableRow,
} from './table.js';

/** Non-empty rows above the header that may hold titles before the header row is given up on. */
const MAX_ROWS_BEFORE_HEADER = 5;

/** Header text as compared: case, `ё`, spaces and punctuation (`.`, `_`, `-`, `:`, brackets, `*`) do not count. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s._:*()\-–—/\\]+/g, '');
}

/** Every name a layout answers to, normalised; two columns answering to one name is a bug in the layout. */
export function headerLookup(columns: readonly TableColumn[]): Map<string, TableColumn> {
  const lookup = new Map<string, TableColumn>();
  for (const c of columns) {
    for (const name of [c.header, c.key, ...(c.aliases ?? [])]) {
      const n = normalizeHeader(name);
      const other = lookup.get(n);
      if (other && other !== c)
        throw new Error(`table layout: columns ${other.key} and ${c.key} both answer to the header "${name}"`);
      lookup.set(n, c);
    }
  }
  return lookup;
}

interface Mapped {
  column: TableColumn;
  header: string;
  index: number;
}

/**
 * Turns raw rows (whatever the format gave, by 0-based position) into typed rows: finds the header
 * row, matches its cells to columns, and converts every cell, collecting a problem per bad cell.
 */
export class TableAssembler {
  private readonly lookup: Map<string, TableColumn>;
  private readonly problems: TableProblem[] = [];
  private readonly rows: TableRow[] = [];
  private byIndex: (Mapped | undefined)[] | undefined;
  private mapped: Mapped[] = [];
  private headerRow = 0;
  private firstRow = 0;
  private rowsBefore = 0;
  private gaveUp = false;
  /** Positions without a header where a value was already reported, so each is reported once. */
  private readonly strays = new Set<number>();

  constructor(
    private readonly columns: readonly TableColumn[],
    private readonly format: TableFormat,
  ) {
    this.lookup = headerLookup(columns);
  }

  add(row: number, cells: readonly unknown[]): void {
    if (this.gaveUp) return;
    const plain = cells.map((c) => plainCell(c));
    const values = plain.map((p) => ('value' in p ? (p.value as PlainValue) : null));
    const blank = plain.every((p, i) => 'value' in p && isBlank(values[i]));
    if (blank) return;
    if (!this.firstRow) this.firstRow = row;
    if (!this.byIndex) {
      if (!this.tryHeader(row, values)) {
        this.rowsBefore += 1;
        if (this.rowsBefore >= MAX_ROWS_BEFORE_HEADER) this.giveUp();
      }
      return;
    }
    const out: Record<string, unknown> = {};
    for (const m of this.mapped) out[m.column.key] = null;
    for (let i = 0; i < cells.length; i++) {
      const p = plain[i];
      const m = this.byIndex[i];
      if (!m) {
        const empty = 'value' in p && isBlank(values[i]);
        if (!empty && !this.strays.has(i)) {
          this.strays.add(i);
          const where = this.format === 'csv' ? ` (field ${i + 1})` : '';
          this.problems.push({
            row,
            ...this.place(row, i + 1),
            message: `a value in a column without a header${where}: give the column a header, or clear it`,
          });
        }
        continue;
      }
      const converted = 'problem' in p ? p : convertCell(values[i], m.column.type ?? 'text');
      if ('problem' in converted)
        this.problems.push({ row, ...this.place(row, m.index, m.header), message: converted.problem });
      else out[m.column.key] = converted.value;
    }
    const refs = this.refs;
    this.rows.push({ row, values: out, cellRef: (key) => refs(key, row) });
  }

  finish(): ReadTableResult {
    if (!this.byIndex && !this.gaveUp) this.giveUp();
    return {
      rows: this.rows,
      problems: this.problems,
      columns: this.mapped.map((m): TableHeader => ({ key: m.column.key, header: m.header, index: m.index })),
      headerRow: this.headerRow,
    };
  }

  private tryHeader(row: number, values: PlainValue[]): boolean {
    const found = values.map((v) =>
      typeof v === 'string' || typeof v === 'number' ? this.lookup.get(normalizeHeader(String(v))) : undefined,
    );
    if (!found.some(Boolean)) return false;
    this.headerRow = row;
    this.byIndex = [];
    const seen = new Map<string, Mapped>();
    values.forEach((v, i) => {
      if (isBlank(v)) return;
      const text = String(v instanceof Date ? v.toISOString() : v).trim();
      const column = found[i];
      if (!column) {
        this.problems.push({ row, ...this.place(row, i + 1, text), message: 'unknown column' });
        this.strays.add(i);
        return;
      }
      const twice = seen.get(column.key);
      if (twice) {
        this.problems.push({
          row,
          ...this.place(row, i + 1, text),
          message: `the column ${column.key} appears twice (also ${this.format === 'xlsx' ? `in column ${columnLetters(twice.index)}` : `as "${twice.header}"`})`,
        });
        this.strays.add(i);
        return;
      }
      const m = { column, header: text, index: i + 1 };
      seen.set(column.key, m);
      this.byIndex![i] = m;
      this.mapped.push(m);
    });
    for (const c of this.columns) {
      if (c.required && !seen.has(c.key))
        this.problems.push({ row, column: c.header, message: 'required column is missing' });
    }
    return true;
  }

  private giveUp(): void {
    this.gaveUp = true;
    const examples = this.columns
      .slice(0, 4)
      .map((c) => c.header)
      .join(', ');
    this.problems.push({
      row: this.firstRow || 1,
      message: this.firstRow
        ? `no header row: none of the first rows names a known column (such as ${examples})`
        : 'the table is empty: no header row and no data',
    });
  }

  private place(row: number, index: number, header?: string): Pick<TableProblem, 'cell' | 'column'> {
    if (this.format === 'xlsx') return { cell: `${columnLetters(index)}${row}`, ...(header ? { column: header } : {}) };
    return header ? { column: header } : {};
  }

  private readonly refs = (key: string, row: number): string => {
    const m = this.mapped.find((x) => x.column.key === key);
    if (!m) return `row ${row}`;
    return this.format === 'xlsx' ? `${columnLetters(m.index)}${row}` : `row ${row}, column "${m.header}"`;
  };
}
