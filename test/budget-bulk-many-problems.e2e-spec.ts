import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportError } from '../libs/core/src/index.js';
import { BudgetBulkService } from '../libs/budget/src/index.js';
import { createTestApp, TestApp } from './utils/test-app.js';

/** A budget file that is wrong on every line is refused with a bounded message, not a crash. */
describe('budget import of a file with 130,000 bad lines', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'budget-many-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the first 50 problems and counts the rest', async () => {
    const path = join(dir, 'headcount.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 65_000; i++) lines.push('{"agency_code":', '{"staff_units":"many"}');
    writeFileSync(path, lines.join('\n'));

    const err = await t
      .get(BudgetBulkService)
      .importFile('headcount', path)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    const problems = (err as ImportError).problems;
    expect(problems).toHaveLength(130_000);
    expect(problems[0].line).toBe(1);
    expect(problems[0].message).toMatch(/^not JSON: /);
    expect(problems[1]).toEqual({ line: 2, at: 'line 2, staff_units', message: '"many" is not a number' });
    const message = (err as ImportError).message;
    expect(message.split('\n')).toHaveLength(52);
    expect(message).toMatch(/^The import was refused, nothing was written \(130000 problems\)/);
    expect(message).toMatch(/\n {2}\.\.\. and 129950 more$/);
    const [stored] = await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM function_headcount`);
    expect(stored.n).toBe(0);
  });
});
