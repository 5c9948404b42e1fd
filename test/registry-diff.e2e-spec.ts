import ExcelJS from 'exceljs';
import { RegistryChangeKind, RegistryDiffService } from '../libs/registry/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe.each([
  ['the configured database', false],
  ['the embedded database', true],
] as const)('the registry at two dates compared, on %s', (_label, embedded) => {
  let t: TestApp;
  let diffs: RegistryDiffService;
  const fn: Record<string, string> = {};
  const at: Date[] = [];
  const agencies: string[] = [];

  const create = async (key: string, holder: string, status = 'ACTIVE') => {
    fn[key] = ok(
      await t.gql<{ createStateFunction: { id: string } }>(
        `mutation($h: ID!, $s: FunctionStatus!, $x: String!) {
           createStateFunction(input: { titleRu: $x, holderId: $h, status: $s, type: CONTROL }) { id } }`,
        { h: holder, s: status, x: `Функция для сравнения ${key}` },
      ),
    ).createStateFunction.id;
  };
  const update = (key: string, change: string) =>
    t.gql(`mutation($id: ID!) { updateStateFunction(input: { id: $id, ${change} }) { id } }`, { id: fn[key] });

  beforeAll(async () => {
    t = await createTestApp({ embedded });
    diffs = t.get(RegistryDiffService);
    const list = ok(await t.gql<{ agencies: { items: { id: string }[] } }>('{ agencies(take: 2) { items { id } } }'));
    agencies.push(...list.agencies.items.map((a) => a.id));
    for (const key of ['kept', 'retyped', 'moved', 'archived', 'transferred']) await create(key, agencies[0]);
    await create('draft', agencies[0], 'DRAFT');
    at.push(new Date());
    await new Promise((r) => setTimeout(r, 20));
    ok(await update('retyped', 'type: REGULATORY'));
    ok(await update('moved', `holderId: "${agencies[1]}"`));
    ok(await t.gql(`mutation($id: ID!) { archiveStateFunction(id: $id) { id } }`, { id: fn.archived }));
    ok(await update('transferred', 'status: TRANSFERRED'));
    await create('added', agencies[1]);
    await new Promise((r) => setTimeout(r, 20));
    at.push(new Date());
  });
  afterAll(() => t?.close());

  it('names what was added, removed, transferred, retyped and moved, and nothing else', async () => {
    const period = { from: today, to: today, fromAt: at[0], toAt: at[1] };
    const rows = (await diffs.all(period)).filter((r) => Object.values(fn).includes(r.functionId));
    const kinds = Object.fromEntries(
      rows.map((r): [string, RegistryChangeKind[]] => [Object.keys(fn).find((k) => fn[k] === r.functionId)!, r.kinds]),
    );
    expect(kinds).toEqual({
      retyped: [RegistryChangeKind.RETYPED],
      moved: [RegistryChangeKind.MOVED],
      archived: [RegistryChangeKind.REMOVED],
      transferred: [RegistryChangeKind.TRANSFERRED],
      added: [RegistryChangeKind.ADDED],
    });
    const retyped = rows.find((r) => r.functionId === fn.retyped)!;
    expect([retyped.typeFrom, retyped.typeTo]).toEqual(['CONTROL', 'REGULATORY']);
    const summary = await diffs.summary(period);
    expect(summary).toMatchObject({ added: 1, removed: 1, transferred: 1, retyped: 1, moved: 1 });
    // By agency: the moved function counts for both holders.
    const second = (await diffs.all({ ...period, agencyId: agencies[1] })).map((r) => r.functionId);
    expect(second.sort()).toEqual([fn.moved, fn.added].sort());
  });

  it('answers over GraphQL for anyone, by dates, with a workbook', async () => {
    const res = ok(
      await t.gql<{
        registryDiff: {
          summary: { added: number; transferred: number };
          xlsxUrl: string;
          changes: { totalCount: number; items: { code: string; kinds: string[] }[] };
        };
      }>(
        `query($p: RegistryDiffInput!) { registryDiff(period: $p, take: 100) { from to xlsxUrl summary { added removed transferred retyped moved }
           changes { totalCount items { code kinds holderTo { code } } } } }`,
        { p: { from: yesterday, to: today } },
        'anonymous',
      ),
    );
    // Yesterday the test's registry was empty: everything in force now was added; drafts, and a
    // function registered and transferred since (never in force at either date), do not appear.
    const kinds = res.registryDiff.changes.items.map((c) => c.kinds.join());
    expect(new Set(kinds)).toEqual(new Set(['ADDED']));
    expect(res.registryDiff.summary.added).toBe(res.registryDiff.changes.totalCount);
    expect(res.registryDiff.summary.transferred).toBe(0);
    const book = await t
      .http()
      .get(res.registryDiff.xlsxUrl)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(book.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((book.body as Buffer).buffer as ArrayBuffer);
    expect(wb.getWorksheet('Changes')!.rowCount).toBe(2 + res.registryDiff.changes.totalCount);
  });

  it('refuses bad periods with BAD_USER_INPUT or NOT_FOUND', async () => {
    const q = `query($p: RegistryDiffInput!) { registryDiff(period: $p) { from } }`;
    const codes = async (p: Record<string, unknown>) =>
      (await t.gql(q, { p }, 'anonymous')).errors?.[0]?.extensions?.code;
    expect(await codes({ from: today, to: yesterday })).toBe('BAD_USER_INPUT');
    expect(await codes({ from: today })).toBe('BAD_USER_INPUT');
    expect(await codes({ from: today, to: today, toCampaignId: '00000000-0000-4000-8000-000000000000' })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codes({ from: '1000-01-01', to: today })).toBe('BAD_USER_INPUT');
    expect(await codes({ from: today, toCampaignId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    const xlsx = await t.http().get(`/reports/registry-diff.xlsx?from=${today}&to=x`);
    expect(xlsx.status).toBe(400);
  });
});

describe('open data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
  });
  afterAll(() => t?.close());

  const text = (path: string) =>
    t
      .http()
      .get(path)
      .buffer(true)
      .parse((r, cb) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (body += c));
        r.on('end', () => cb(null, body));
      });

  it('publishes the functions in force as JSON Lines, without drafts, with holder and legal basis', async () => {
    const res = await text('/open-data/functions.jsonl');
    expect(res.status).toBe(200);
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const active = ok(
      await t.gql<{ stateFunctions: { totalCount: number } }>(
        '{ stateFunctions(take: 1) { totalCount } }',
        {},
        'anonymous',
      ),
    );
    expect(lines.length).toBe(active.stateFunctions.totalCount);
    expect(lines.length).toBeGreaterThan(100);
    const codes = lines.map((l) => l.code as string);
    expect([...codes].sort()).toEqual(codes);
    expect(typeof (lines[0].holder as { code: unknown }).code).toBe('string');
    expect(Array.isArray(lines[0].legalBasis)).toBe(true);
    expect(lines.some((l) => (l.legalBasis as unknown[]).length > 0)).toBe(true);
    // Yesterday this database held nothing.
    const before = await text(`/open-data/functions.jsonl?asOf=${yesterday}`);
    expect(before.body).toBe('');
  });

  it('publishes the same as CSV, and refuses bad parameters', async () => {
    const res = await text('/open-data/functions.csv?delimiter=;');
    expect(res.status).toBe(200);
    expect((res.body as string).startsWith('\ufeffcode;external_id;lang;title_ru')).toBe(true);
    const rows = (res.body as string).trim().split('\n');
    const json = await text('/open-data/functions.jsonl');
    expect(rows.length - 1).toBe((json.body as string).trim().split('\n').length);
    expect((await t.http().get('/open-data/functions.csv?asOf=2026-13-01')).status).toBe(400);
    expect((await t.http().get('/open-data/functions.csv?delimiter=x')).status).toBe(400);
  });
});
