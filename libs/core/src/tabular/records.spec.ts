import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendAll,
  ImportError,
  jsonCell,
  LineProblem,
  parseJsonRecord,
  readJsonLines,
  readTable,
  writeTable,
} from './index.js';

/** The reader shared by the function import and the budget import. */
describe('shared record reader', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'records-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const collect = async (path: string) => {
    const out = [];
    for await (const line of readJsonLines(path)) out.push(line);
    return out;
  };

  it('reads JSON Lines with their line numbers, skipping blank lines and a byte order mark', async () => {
    const path = join(dir, 'a.jsonl');
    writeFileSync(path, '\uFEFF{"a":1}\r\n\n   \n{"b":"x"}\n');
    const lines = await collect(path);
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":"x"}' },
    ]);
    expect(lines.map((l) => parseJsonRecord(l))).toEqual([{ record: { a: 1 } }, { record: { b: 'x' } }]);
  });

  it('reports a bad line and a line that is not an object as problems of that line', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, '{"a":\n[1]\nnull\n{"ok":true}\n');
    const parsed = (await collect(path)).map((l) => parseJsonRecord(l));
    expect('problem' in parsed[0] && parsed[0].problem.line).toBe(1);
    expect('problem' in parsed[0] && parsed[0].problem.message).toMatch(/^not JSON: /);
    expect(parsed[1]).toEqual({ problem: { line: 2, message: 'a JSON object is expected' } });
    expect(parsed[2]).toEqual({ problem: { line: 3, message: 'a JSON object is expected' } });
    expect(parsed[3]).toEqual({ record: { ok: true } });
  });

  it('reads CSV and XLSX through the same table reader, a BOM in CSV included', async () => {
    const path = join(dir, 'a.csv');
    writeFileSync(path, '\uFEFFcode,staff\nX,3\nY,abc\n');
    const result = await readTable(path, [
      { key: 'code', header: 'code' },
      { key: 'staff', header: 'staff', type: 'int' },
    ]);
    expect(result.rows.map((r) => r.values)).toEqual([
      { code: 'X', staff: 3 },
      { code: 'Y', staff: null },
    ]);
    expect(result.problems).toEqual([expect.objectContaining({ row: 3, column: 'staff' })]);

    const xlsx = join(dir, 'a.xlsx');
    const columns = [
      { key: 'code', header: 'code' },
      { key: 'staff', header: 'staff', type: 'int' as const },
    ];
    await writeTable(xlsx, columns, [{ code: 'X', staff: 3 }]);
    const sheet = await readTable(xlsx, columns);
    expect(sheet.rows.map((r) => [r.row, r.values])).toEqual([[2, { code: 'X', staff: 3 }]]);
    expect(sheet.problems).toEqual([]);
  });

  it('types JSON cells by column', () => {
    expect(jsonCell(5, 'int')).toEqual({ value: 5 });
    expect(jsonCell(' 7 ', 'number')).toEqual({ value: 7 });
    expect(jsonCell(1.5, 'int')).toEqual({ value: null, problem: '1.5 is not a whole number' });
    expect(jsonCell('abc', 'number')).toEqual({ value: null, problem: '"abc" is not a number' });
    expect(jsonCell({}, undefined)).toEqual({ value: null, problem: 'a text value is expected' });
    expect(jsonCell('', 'int')).toEqual({ value: null });
  });

  it('collects and reports many problems without overflowing the stack', () => {
    const many: LineProblem[] = Array.from({ length: 300_000 }, (_, i) => ({ line: i + 1, message: 'bad' }));
    const all = appendAll([] as LineProblem[], many);
    expect(all).toHaveLength(300_000);
    const err = new ImportError(all);
    expect(err.message.split('\n')).toHaveLength(52);
    expect(err.message).toMatch(/\(300000 problems\)/);
    expect(err.message).toMatch(/\.\.\. and 299950 more$/);
  });
});
