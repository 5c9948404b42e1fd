import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { provisionDatabase, TestDatabase } from './utils/test-database.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

/**
 * `npm run cli -- import|export` as an operator runs it: the compiled program in its own process
 * (npm test builds it first), on the run's database.
 */
describe('command line', () => {
  let db: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('the CLI is not built: run `npm run build` (npm test does it first)');
    db = await provisionDatabase();
    dir = mkdtempSync(join(tmpdir(), 'registry-cli-'));
    // Without a server the CLI opens an embedded database in a data folder of the test's own.
    env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url ?? '', DATA_DIR: join(dir, 'data') };
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env, cwd: ROOT });

  it('imports the dev set with progress and a summary, then exports it', async () => {
    const imported = await cli('import', DEV_SET);
    expect(imported.stderr).toMatch(/read 237 lines: 237 functions of 6 agencies/);
    expect(imported.stderr).toMatch(/imported 237 functions in [\d.]+ s .*237 new, 0 updated, 0 unchanged/);
    const again = await cli('import', DEV_SET);
    expect(again.stderr).toMatch(/0 new, 0 updated, 237 unchanged/);
    const out = join(dir, 'export.jsonl');
    const exported = await cli('export', out);
    expect(exported.stderr).toMatch(/exported 237 functions/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(237);
  });

  it('fails with line-numbered errors and a non-zero exit for a bad file', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      '{"externalId": "a", "title": "t", "agency": {"code": "X", "name": "Y", "level": "GALACTIC"}}\n',
    );
    const error = (await cli('import', bad).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/line 1: agency\.level: must be one of CENTRAL, REGIONAL, DISTRICT, RURAL/);
    expect(error.stderr).toMatch(/nothing was written/);
    expect(error.stderr).not.toMatch(/\s+at \S+\.js:\d+/);
  });

  it('refuses a file bad on 130,000 lines with a bounded message and the full list in a report', async () => {
    const bad = join(dir, 'many-bad.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 65_000; i++) lines.push('{"externalId":', '{"externalId": "x", "title": ""}');
    writeFileSync(bad, lines.join('\n'));
    const csv = join(dir, 'problems.csv');
    const jsonl = join(dir, 'problems.jsonl');
    const fail = (args: string[]) =>
      cli(...args).then(
        () => {
          throw new Error('the import was accepted');
        },
        (e: unknown) => e as { code: number; stderr: string },
      );
    const error = await fail(['import', bad, '--problems', csv]);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/nothing was written \(\d+ problems\)/);
    expect(error.stderr).toMatch(/\.\.\. and \d+ more/);
    expect(error.stderr).not.toMatch(/Maximum call stack|\s+at \S+\.js:\d+/);
    const total = Number(/\((\d+) problems\)/.exec(error.stderr)![1]);
    expect(total).toBeGreaterThanOrEqual(130_000);
    expect(error.stderr).toContain(`all ${total} problems written to ${csv}`);
    const rows = readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rows[0]).toBe('line,place,field,problem');
    expect(rows).toHaveLength(total + 1);
    expect(rows[1]).toMatch(/^1,line 1,,not valid JSON/);

    await fail(['import', bad, '--problems', jsonl]);
    const records = readFileSync(jsonl, 'utf8').trim().split('\n');
    expect(records).toHaveLength(total);
    const second = JSON.parse(records.find((r) => r.startsWith('{"line":2'))!) as Record<string, unknown>;
    expect(second).toMatchObject({ line: 2, place: 'line 2' });
    expect(typeof second.problem).toBe('string');
  });

  it('drafts functions from the text of a law loaded from a file, once', async () => {
    const law = join(import.meta.dirname, 'fixtures', 'legal-text', 'education-law.txt');
    const args = [
      'legal-text',
      law,
      '--holder',
      'EDU_MIN',
      '--act-code',
      'Z070000319_',
      '--item',
      '5.1',
      '--item',
      '5.2',
    ];
    const dry = await cli(...args, '--dry-run');
    expect(dry.stderr).toMatch(/2 drafts; nothing written/);
    expect((await cli(...args)).stderr).toMatch(/2 drafts created, 0 already present/);
    expect((await cli(...args)).stderr).toMatch(/0 drafts created, 2 already present/);
    const wrong = (await cli('legal-text', law, '--holder', 'NO_SUCH_BODY').catch((e: unknown) => e)) as {
      code?: number;
      stderr: string;
    };
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/no agency NO_SUCH_BODY/);
  });

  it('says so when the file does not exist', async () => {
    const error = (await cli('import', join(dir, 'missing.jsonl')).then(
      () => undefined,
      (e: unknown) => e,
    )) as { stderr: string };
    expect(error.stderr).toMatch(/no such file/);
  });
});
