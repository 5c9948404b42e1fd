import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportService, FunctionLine, FunctionType, ImportError, ImportService } from '../libs/registry/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

interface Counts {
  functions: number;
  agencies: number;
  bases: number;
  acts: number;
  revisions: number;
}

/** A line of an export: the interchange line plus the function's registry code. */
type ExportedLine = FunctionLine & { code?: string };

const counts = async (t: TestApp): Promise<Counts> =>
  (
    await t.ds.query<
      Counts[]
    >(`SELECT (SELECT count(*) FROM state_function)::int AS functions, (SELECT count(*) FROM agency)::int AS agencies,
    (SELECT count(*) FROM legal_basis)::int AS bases, (SELECT count(*) FROM legal_act)::int AS acts,
    (SELECT count(*) FROM function_revision)::int AS revisions`)
  )[0];

/** Bulk import and export of the interchange format. */
describe('interchange import and export', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'registry-interchange-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the dev set, with progress, and answers queries about it', async () => {
    const progress: string[] = [];
    const summary = await t.get(ImportService).importFile(DEV_SET, (m) => progress.push(m));
    expect(summary).toMatchObject({
      lines: 237,
      functionsInserted: 237,
      functionsUpdated: 0,
      legalBases: 237,
      legalActsInserted: 1,
    });
    expect(progress.some((m) => /237 functions of 6 agencies/.test(m))).toBe(true);
    const fn = ok(
      await t.gql<{
        stateFunction: {
          externalId: string;
          type: string;
          holder: { code: string; collegial: boolean; level: string };
          legalBasis: {
            article: string | null;
            clause: string | null;
            act: { adiletCode: string; actType: string; adoptedOn: string };
          }[];
        };
      }>(
        `{ stateFunction(code: "F-0000001") { externalId type holder { code collegial level } legalBasis { article clause act { adiletCode actType adoptedOn } } } }`,
      ),
    ).stateFunction;
    expect(fn).toEqual({
      externalId: 'edu_gov_4.12',
      type: 'IMPLEMENTING',
      holder: { code: 'KZ-GOV', collegial: true, level: 'CENTRAL' },
      legalBasis: [
        { article: '4', clause: '4.12', act: { adiletCode: 'Z070000319_', actType: 'LAW', adoptedOn: '2007-07-27' } },
      ],
    });
  });

  it('re-importing the same file changes nothing and duplicates nothing', async () => {
    const before = await counts(t);
    const summary = await t.get(ImportService).importFile(DEV_SET);
    expect(summary).toMatchObject({
      functionsInserted: 0,
      functionsUpdated: 0,
      functionsUnchanged: 237,
      agenciesInserted: 0,
      agenciesUpdated: 0,
    });
    expect(await counts(t)).toEqual(before);
  });

  it('updates changed lines in place and records a revision', async () => {
    const lines = readFileSync(DEV_SET, 'utf8')
      .trim()
      .split('\n')
      .slice(0, 3)
      .map((l) => JSON.parse(l) as FunctionLine);
    lines[0].type = FunctionType.REGULATORY;
    lines[1].title = `${lines[1].title} (изм.)`;
    const file = join(dir, 'changed.jsonl');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const summary = await t.get(ImportService).importFile(file);
    expect(summary).toMatchObject({ functionsInserted: 0, functionsUpdated: 2, functionsUnchanged: 1 });
    const fn = ok(
      await t.gql<{
        stateFunctions: {
          items: { type: string; version: number; revisions: { revision: number; changedBy: string }[] }[];
        };
      }>(
        `{ stateFunctions(filter: { search: "${lines[0].externalId}" }) { items { type version revisions { revision changedBy } } } }`,
      ),
    ).stateFunctions.items[0];
    expect(fn.type).toBe('REGULATORY');
    expect(fn.version).toBe(2);
    expect(fn.revisions[0]).toEqual({ revision: 2, changedBy: 'import:changed.jsonl' });
  });

  it('keeps what a line leaves out: a classification survives a re-import without type', async () => {
    const line = JSON.parse(readFileSync(DEV_SET, 'utf8').split('\n')[10]) as FunctionLine;
    const { type, sector: _sector, legalBasis: _basis, ...bare } = line;
    expect(type).toBeTruthy();
    const file = join(dir, 'bare.jsonl');
    writeFileSync(file, JSON.stringify(bare));
    const summary = await t.get(ImportService).importFile(file);
    expect(summary).toMatchObject({ functionsUpdated: 0, functionsUnchanged: 1 });
    const fn = ok(
      await t.gql<{
        stateFunctions: {
          items: { type: string | null; sector: string | null; legalBasis: { clause: string | null }[] }[];
        };
      }>(
        `{ stateFunctions(filter: { search: "${line.externalId}" }) { items { type sector legalBasis { clause } } } }`,
      ),
    ).stateFunctions.items[0];
    expect(fn).toEqual({ type, sector: line.sector, legalBasis: [{ clause: line.legalBasis![0].clause }] });
    // An explicit null clears the field.
    writeFileSync(file, JSON.stringify({ ...bare, type: null }));
    expect(await t.get(ImportService).importFile(file)).toMatchObject({ functionsUpdated: 1 });
    expect(
      ok(
        await t.gql<{ stateFunctions: { items: { type: string | null }[] } }>(
          `{ stateFunctions(filter: { search: "${line.externalId}" }) { items { type } } }`,
        ),
      ).stateFunctions.items[0].type,
    ).toBeNull();
    writeFileSync(file, JSON.stringify(line));
    await t.get(ImportService).importFile(file);
  });

  it('refuses a file with bad lines as a whole, naming every bad line, and writes nothing', async () => {
    const good = readFileSync(DEV_SET, 'utf8').trim().split('\n');
    const fresh = JSON.parse(good[5]) as FunctionLine;
    fresh.externalId = 'brand_new_1';
    const bad = [
      JSON.stringify(fresh),
      '{"externalId": "x1", "title": "нет агентства"}',
      'this is not json',
      JSON.stringify({
        ...fresh,
        externalId: 'x2',
        type: 'SOMETHING',
        agency: { ...fresh.agency, territory: '12345' },
      }),
      JSON.stringify({ ...fresh }),
    ].join('\n');
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, bad);
    const before = await counts(t);
    const error = await t
      .get(ImportService)
      .importFile(file)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ImportError);
    const problems = (error as ImportError).problems;
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 4, 5]);
    expect(problems.find((p) => p.line === 2)?.message).toMatch(/agency: required/);
    expect(problems.find((p) => p.line === 3)?.message).toMatch(/not valid JSON/);
    expect(
      problems
        .filter((p) => p.line === 4)
        .map((p) => p.message)
        .join(' '),
    ).toMatch(/type.*agency\.territory|agency\.territory.*type/s);
    expect(problems.find((p) => p.line === 5)?.message).toMatch(/already appears on line 1/);
    expect((error as ImportError).message).toMatch(/nothing was written/);
    expect(await counts(t)).toEqual(before);
  });

  it('rolls back everything when a problem is found while writing', async () => {
    const line = JSON.parse(readFileSync(DEV_SET, 'utf8').split('\n')[0]) as FunctionLine;
    const rows = [
      { ...line, externalId: 'rollback_1', agency: { ...line.agency, code: 'NEW-BODY', parentCode: 'NO-SUCH-PARENT' } },
      { ...line, externalId: 'rollback_2' },
    ];
    const file = join(dir, 'rollback.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const before = await counts(t);
    await expect(t.get(ImportService).importFile(file)).rejects.toThrow(
      /line 1: agency.parentCode: no agency NO-SUCH-PARENT/,
    );
    expect(await counts(t)).toEqual(before);
  });

  it('exports the registry and the export re-imports into an empty registry unchanged', async () => {
    ok(await t.gql(`mutation { createTagVocabulary(input: { code: "priority", name: "Приоритет" }) { id } }`));
    ok(await t.gql(`mutation { createTag(input: { vocabulary: "priority", value: "high" }) { id } }`));
    const fnId = ok(await t.gql<{ stateFunction: { id: string } }>(`{ stateFunction(code: "F-0000002") { id } }`))
      .stateFunction.id;
    ok(
      await t.gql(
        `mutation { tagStateFunction(input: { functionId: "${fnId}", tags: [{ value: "пилот" }, { vocabulary: "priority", value: "high" }] }) { id } }`,
      ),
    );
    const first = join(dir, 'export-1.jsonl');
    const { functions } = await t.get(ExportService).exportFile(first);
    expect(functions).toBe(237);
    const exported = readFileSync(first, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ExportedLine);
    expect(exported.map((l) => l.externalId)).toEqual([...exported.map((l) => l.externalId)].sort());
    expect(exported.find((l) => l.tags)).toMatchObject({
      tags: [{ value: 'пилот' }, { value: 'high', vocabulary: 'priority' }],
    });

    const other = await createTestApp();
    try {
      ok(await other.gql(`mutation { createTagVocabulary(input: { code: "priority", name: "Приоритет" }) { id } }`));
      ok(await other.gql(`mutation { createTag(input: { vocabulary: "priority", value: "high" }) { id } }`));
      await other.get(ImportService).importFile(first);
      const second = join(dir, 'export-2.jsonl');
      await other.get(ExportService).exportFile(second);
      const strip = (file: string) =>
        readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => {
            const { code: _c, ...rest } = JSON.parse(l) as ExportedLine;
            return rest;
          });
      expect(strip(second)).toEqual(strip(first));
    } finally {
      await other.close();
    }
  });
});
