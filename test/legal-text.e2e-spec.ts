import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'legal-text');
const EDUCATION = readFileSync(join(FIXTURES, 'education-law.txt'), 'utf8');
const REGULATION = readFileSync(join(FIXTURES, 'regulation-fictional.txt'), 'utf8');
const LAW_TITLE = 'Закон Республики Казахстан от 27 июля 2007 года № 319-III «Об образовании»';

const PARSE = `query ($input: ParseLegalTextInput!) { parseLegalText(input: $input) {
  kind documentTitle lines
  drafts { key externalId title article clause subclause sectionHeading leadIn holderHint quote lineNumber flags }
  sections { heading lineNumber items }
  skipped { articles chapters excludedArticles items notes sections { heading items } }
  warnings { code lineNumber message } } }`;

const IMPORT = `mutation ($input: ImportLegalTextInput!) { importLegalText(input: $input) {
  act { title adiletCode actType number adoptedOn } actCreated
  created { code externalId title type status lang sector holder { code } tags { value } sourceAct { adiletCode }
    legalBasis { article clause subclause quote url act { adiletCode } } }
  alreadyPresent { externalId } textChanged skipped { key reason } warnings { code } } }`;

interface Draft {
  key: string;
  externalId: string;
  title: string;
  article: string | null;
  clause: string | null;
  subclause: string | null;
  sectionHeading: string | null;
  leadIn: string | null;
  holderHint: string | null;
  quote: string;
  lineNumber: number;
  flags: string[];
}

interface ParseResult {
  kind: string;
  documentTitle: string | null;
  lines: number;
  drafts: Draft[];
  sections: { heading: string; lineNumber: number; items: number }[];
  skipped: {
    articles: number;
    chapters: number;
    excludedArticles: number;
    items: number;
    notes: number;
    sections: { heading: string; items: number }[];
  };
  warnings: { code: string; lineNumber: number | null; message: string }[];
}

interface CreatedFunction {
  code: string;
  externalId: string;
  title: string;
  type: string | null;
  status: string;
  lang: string;
  sector: string | null;
  holder: { code: string };
  tags: { value: string }[];
  sourceAct: { adiletCode: string | null } | null;
  legalBasis: {
    article: string | null;
    clause: string | null;
    subclause: string | null;
    quote: string | null;
    url: string | null;
    act: { adiletCode: string | null };
  }[];
}

interface ImportResult {
  act: { title: string; adiletCode: string | null; actType: string; number: string | null; adoptedOn: string | null };
  actCreated: boolean;
  created: CreatedFunction[];
  alreadyPresent: { externalId: string }[];
  textChanged: string[];
  skipped: { key: string; reason: string }[];
  warnings: { code: string }[];
}

type ImportData = { importLegalText: ImportResult };

describe('legal text import over GraphQL', () => {
  let t: TestApp;
  const functionCount = async () =>
    Number((await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM state_function`))[0].n);
  const actCount = async () =>
    Number((await t.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM legal_act`))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    for (const input of [
      { code: 'LT-EDU-MIN', nameRu: 'Министерство просвещения (тест)', kind: 'MINISTRY', level: 'CENTRAL' },
      { code: 'LT-EDU-OBL', nameRu: 'Местный исполнительный орган области (тест)', kind: 'AKIMAT', level: 'REGIONAL' },
      { code: 'LT-ENS', nameRu: 'Отдел цифровых услуг и архива Энского района', kind: 'DEPARTMENT', level: 'DISTRICT' },
    ]) {
      ok(await t.gql(`mutation ($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`, { input }));
    }
  });
  afterAll(() => t?.close());

  it('reads drafts from a law and writes nothing', async () => {
    const before = await functionCount();
    const res = ok(
      await t.gql<{ parseLegalText: ParseResult }>(PARSE, {
        input: { text: EDUCATION, actCode: 'Z070000319_', externalIdPrefix: 'edu' },
      }),
    ).parseLegalText;
    expect(res.kind).toBe('LAW');
    expect(res.documentTitle).toBe(LAW_TITLE);
    const kept = res.drafts.filter((d) => !d.flags.includes('EXCLUDED'));
    expect(kept).toHaveLength(237);
    expect(res.drafts.find((d) => d.key === '5-3.12')).toMatchObject({
      externalId: 'edu_Z070000319_5-3.12',
      article: '5-3',
      clause: '12',
      subclause: null,
      holderHint: 'Уполномоченный орган в области науки и высшего образования',
    });
    expect(res.drafts.find((d) => d.key === '5-3.16')!.flags).toEqual(['EXCLUDED']);
    expect(res.skipped).toMatchObject({ articles: 3, excludedArticles: 2 });
    expect(res.sections.map((s) => s.items).reduce((a: number, b: number) => a + b, 0)).toBe(res.drafts.length);
    expect(await functionCount()).toBe(before);
  });

  it('creates the drafts of one holder as DRAFT functions with their legal basis, once', async () => {
    const functionsBefore = await functionCount();
    const input = {
      text: EDUCATION,
      actCode: 'Z070000319_',
      actTitle: LAW_TITLE,
      holderCode: 'LT-EDU-MIN',
      sector: 'education',
      onlyItems: ['5.*'],
    };
    const first = ok(await t.gql<ImportData>(IMPORT, { input })).importLegalText;
    expect(first.actCreated).toBe(true);
    expect(first.act).toEqual({
      title: LAW_TITLE,
      adiletCode: 'Z070000319_',
      actType: 'LAW',
      number: '319-III',
      adoptedOn: '2007-07-27',
    });
    expect(first.created).toHaveLength(98);
    expect(first.created.map((f) => f.externalId)).toEqual(
      [...Array(97).keys()].flatMap((i) =>
        i + 1 === 42 ? ['Z070000319_5.42', 'Z070000319_5.42-1'] : [`Z070000319_5.${i + 1}`],
      ),
    );
    // Registry codes follow the order of the text.
    const codes = first.created.map((f) => f.code);
    expect([...codes].sort()).toEqual(codes);
    const f = first.created.find((x) => x.externalId === 'Z070000319_5.61');
    expect(f).toMatchObject({
      type: null,
      status: 'DRAFT',
      lang: 'ru',
      sector: 'education',
      holder: { code: 'LT-EDU-MIN' },
      tags: [],
      sourceAct: { adiletCode: 'Z070000319_' },
    });
    const [revision] = await t.ds.query<{ changed_by: string }[]>(
      `SELECT r.changed_by FROM function_revision r JOIN state_function s ON s.id = r.function_id WHERE s.external_id = 'Z070000319_5.61'`,
    );
    expect(revision.changed_by).toBe('legal-text:test-admin');
    expect(f!.legalBasis).toEqual([
      {
        article: '5',
        clause: '61',
        subclause: null,
        quote: expect.stringMatching(/^61\) /) as unknown,
        url: 'https://adilet.zan.kz/rus/docs/Z070000319_',
        act: { adiletCode: 'Z070000319_' },
      },
    ]);
    expect(first.created.find((x) => x.externalId === 'Z070000319_5.97')!.tags).toEqual([{ value: 'catch-all' }]);
    expect(first.alreadyPresent).toEqual([]);
    expect(await functionCount()).toBe(functionsBefore + 98);

    // The same text again: nothing new, every function reported as already there.
    const again = ok(await t.gql<ImportData>(IMPORT, { input })).importLegalText;
    expect(again.actCreated).toBe(false);
    expect(again.created).toEqual([]);
    expect(again.alreadyPresent).toHaveLength(98);
    expect(again.textChanged).toEqual([]);
    expect(await functionCount()).toBe(functionsBefore + 98);
  });

  it('reports an item whose text changed since the first import, and leaves it as the reviewer left it', async () => {
    const input = {
      text: EDUCATION,
      actCode: 'Z070000319_',
      holderCode: 'LT-EDU-OBL',
      onlyItems: ['6.2.1-1', '6.2.2'],
    };
    const first = ok(await t.gql<ImportData>(IMPORT, { input })).importLegalText;
    expect(first.created.map((f) => f.externalId)).toEqual(['Z070000319_6.2.1-1', 'Z070000319_6.2.2']);
    const amended = EDUCATION.replace(
      '1-1) реализует государственную политику в области образования;',
      '1-1) реализует государственную политику в области образования и науки;',
    );
    expect(amended).not.toBe(EDUCATION);
    const second = ok(await t.gql<ImportData>(IMPORT, { input: { ...input, text: amended } })).importLegalText;
    expect(second.created).toEqual([]);
    expect(second.textChanged).toEqual(['6.2.1-1']);
    const [{ title_ru }] = await t.ds.query<{ title_ru: string }[]>(
      `SELECT title_ru FROM state_function WHERE external_id = 'Z070000319_6.2.1-1'`,
    );
    expect(title_ru).toBe('реализует государственную политику в области образования');
  });

  it('imports a regulation, creating its act by title, and never the repealed items', async () => {
    const res = ok(
      await t.gql<ImportData>(IMPORT, {
        input: { text: REGULATION, holderCode: 'LT-ENS', externalIdPrefix: 'ens', onlyItems: ['15.*'] },
      }),
    ).importLegalText;
    expect(res.actCreated).toBe(true);
    expect(res.act).toMatchObject({
      title: 'Положение о государственном учреждении «Отдел цифровых услуг и архива Энского района»',
      adiletCode: null,
      actType: 'REGULATION',
    });
    expect(res.created.map((f) => f.legalBasis[0].subclause)).toEqual(['1', '2', '3', '4', '6', '7', '8']);
    expect(
      res.created.every(
        (f) =>
          f.externalId.startsWith('ens_act') && f.legalBasis[0].clause === '15' && f.legalBasis[0].article === null,
      ),
    ).toBe(true);
    expect(res.skipped).toEqual([{ key: '15.5', reason: 'EXCLUDED' }]);
    expect(res.created.find((f) => f.externalId.endsWith('_15.7'))!.tags).toEqual([{ value: 'reference-only' }]);
  });

  it('refuses bad input with BAD_USER_INPUT and writes nothing', async () => {
    const before = [await functionCount(), await actCount()];
    const refuse = async (input: Record<string, unknown>, field: string) => {
      const res = await t.gql<ImportData>(IMPORT, { input });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fields?.map((f) => f.field)).toContain(field);
      return res.errors![0].message;
    };
    expect(
      await refuse(
        { text: EDUCATION, actCode: 'Z070000319_', holderCode: 'NO-SUCH', onlyItems: ['4.12'] },
        'holderCode',
      ),
    ).toMatch(/no agency NO-SUCH/);
    expect(
      await refuse(
        { text: EDUCATION, actCode: 'Z070000319_', holderCode: 'LT-EDU-MIN', onlyItems: ['4.99'] },
        'onlyItems',
      ),
    ).toMatch(/no item 4\.99/);
    expect(
      await refuse({ text: '1) организует работу;', actTitle: 'Некий акт', holderCode: 'LT-EDU-MIN' }, 'text'),
    ).toMatch(/no competence or functions section/);
    await refuse({ text: 'Статья 1. Компетенция\n1) работает.', holderCode: 'LT-EDU-MIN' }, 'actTitle');
    await refuse({ text: '   ', actTitle: 'Некий акт', holderCode: 'LT-EDU-MIN' }, 'text');
    await refuse({ text: EDUCATION, actCode: 'not a code!', holderCode: 'LT-EDU-MIN' }, 'actCode');
    await refuse(
      { text: EDUCATION, actCode: 'Z070000319_', holderCode: 'LT-EDU-MIN', externalIdPrefix: 'bad prefix' },
      'externalIdPrefix',
    );
    // A text over 2 MB of UTF-8 (Cyrillic letters take two bytes each) is refused by validation.
    const huge = `Статья 1. Компетенция органа\n1) ${'ж'.repeat(1024 * 1024 + 10)};`;
    expect(await refuse({ text: huge, actTitle: 'Некий акт', holderCode: 'LT-EDU-MIN' }, 'text')).toMatch(/2 MB/);
    expect([await functionCount(), await actCount()]).toEqual(before);
  });

  it('is all or nothing: a failure half way leaves neither functions nor the new act', async () => {
    const before = [await functionCount(), await actCount()];
    // A failure after the act and the functions are written, while their legal bases are.
    // Triggers are the tables' owner's to create and drop, not the service role's.
    const asOwner = (sql: string) =>
      t.ds.transaction(async (em) => {
        await em.query('SET LOCAL ROLE NONE');
        await em.query(sql);
      });
    await asOwner(`
      CREATE FUNCTION lt_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.quote LIKE '%выдает архивные справки%' THEN RAISE EXCEPTION 'simulated failure' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER lt_fail BEFORE INSERT ON legal_basis FOR EACH ROW EXECUTE FUNCTION lt_fail();`);
    try {
      const text = REGULATION.replace(
        'Положение о государственном учреждении',
        'Положение о другом государственном учреждении',
      );
      const res = await t.gql<ImportData>(IMPORT, { input: { text, holderCode: 'LT-ENS', onlyItems: ['15.*'] } });
      expect(res.errors?.[0].message).toMatch(/simulated failure/);
    } finally {
      await asOwner(`DROP TRIGGER lt_fail ON legal_basis; DROP FUNCTION lt_fail();`);
    }
    expect([await functionCount(), await actCount()]).toEqual(before);
  });

  it('creates a text’s functions once when two imports run at the same time', async () => {
    const input = { text: EDUCATION, actCode: 'Z070000319_', holderCode: 'LT-EDU-MIN', onlyItems: ['5-3.*'] };
    const [a, b] = await Promise.all([t.gql<ImportData>(IMPORT, { input }), t.gql<ImportData>(IMPORT, { input })]);
    const results = [a, b].filter((r) => !r.errors).map((r) => r.data!.importLegalText);
    // Each run either created the 32 functions or found them; together they created them once.
    const created = results.reduce((n, r) => n + r.created.length, 0);
    expect(created).toBe(32);
    for (const r of [a, b].filter((x) => x.errors)) expect(r.errors![0].extensions?.code).toBe('CONFLICT');
    const [{ n }] = await t.ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM state_function WHERE external_id LIKE 'Z070000319_5-3.%'`,
    );
    expect(n).toBe(32);
  });
});
