import { join } from 'node:path';
import { ImportService } from '../libs/registry/src/index.js';
import { Role } from '../libs/core/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

const DECIDE = `mutation($a: ID!, $b: ID!, $s: ReviewStatus!, $note: String) {
  decideDuplicatePair(input: { functionA: $a, functionB: $b, status: $s, note: $note }) { id } }`;
const DECISIONS = `query($id: ID!, $status: ReviewStatus, $skip: Int, $take: Int) {
  pairDecisions(functionId: $id, status: $status, skip: $skip, take: $take) {
    totalCount hasNextPage items { status note decidedBy decidedAt current function { externalId } } } }`;

interface Decision {
  status: string;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string;
  current: boolean;
  function: { externalId: string };
}
interface DecisionPage {
  totalCount: number;
  hasNextPage: boolean;
  items: Decision[];
}

/**
 * Pairs decided by hand: a reviewer records a duplicate the review never reported (or a look-alike
 * it should not report), and reads a function's decided pairs from either side.
 */
describe('decided pairs of a function', () => {
  let t: TestApp;
  const id = new Map<string, string>();
  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
    const rows: { id: string; external_id: string }[] = await t.ds.query(
      `SELECT id, external_id FROM state_function WHERE external_id = ANY($1)`,
      [['edu_min_5.3', 'edu_obl_6.2.21', 'edu_dist_6.4.17', 'edu_min_5.10']],
    );
    for (const r of rows) id.set(r.external_id, r.id);
  });
  afterAll(() => t?.close());

  const decisions = async (externalId: string, more: Record<string, unknown> = {}, as: Role = Role.AUDITOR) =>
    ok(await t.gql<{ pairDecisions: DecisionPage }>(DECISIONS, { id: id.get(externalId), ...more }, as)).pairDecisions;

  it('records a pair no run reported and lists it from both functions, newest first', async () => {
    // No review has run: the decision has no finding to return, and is kept all the same.
    const recorded = ok(
      await t.gql<{ decideDuplicatePair: null }>(
        DECIDE,
        { a: id.get('edu_min_5.3'), b: id.get('edu_obl_6.2.21'), s: 'CONFIRMED', note: 'одна обязанность' },
        { subject: 'a.reviewer', roles: [Role.REVIEWER] },
      ),
    );
    expect(recorded.decideDuplicatePair).toBeNull();
    ok(await t.gql(DECIDE, { a: id.get('edu_dist_6.4.17'), b: id.get('edu_min_5.3'), s: 'DISMISSED' }, Role.REVIEWER));

    const fromMinistry = await decisions('edu_min_5.3');
    expect(fromMinistry.totalCount).toBe(2);
    expect(fromMinistry.items.map((d) => [d.function.externalId, d.status])).toEqual([
      ['edu_dist_6.4.17', 'DISMISSED'],
      ['edu_obl_6.2.21', 'CONFIRMED'],
    ]);
    expect(fromMinistry.items[1]).toMatchObject({ note: 'одна обязанность', decidedBy: 'a.reviewer', current: true });
    expect(Number.isNaN(Date.parse(fromMinistry.items[1].decidedAt))).toBe(false);

    const fromOblast = await decisions('edu_obl_6.2.21');
    expect(fromOblast.items.map((d) => d.function.externalId)).toEqual(['edu_min_5.3']);
    expect((await decisions('edu_min_5.10')).totalCount).toBe(0);
  });

  it('filters by status and pages, with the total on every page', async () => {
    const confirmed = await decisions('edu_min_5.3', { status: 'CONFIRMED' });
    expect(confirmed.items.map((d) => d.function.externalId)).toEqual(['edu_obl_6.2.21']);
    const first = await decisions('edu_min_5.3', { take: 1 });
    expect(first).toMatchObject({ totalCount: 2, hasNextPage: true });
    const second = await decisions('edu_min_5.3', { take: 1, skip: 1 });
    expect(second).toMatchObject({ totalCount: 2, hasNextPage: false });
    expect(second.items[0].function.externalId).toBe('edu_obl_6.2.21');
    expect(await decisions('edu_min_5.3', { skip: 5 })).toMatchObject({ totalCount: 2, items: [] });
  });

  it('marks a decision no longer current once either statement changes, and withdraws one', async () => {
    ok(
      await t.gql(
        `mutation($id: ID!) { updateStateFunction(input: { id: $id, titleRu: "организует обучение педагогов по новой программе;" }) { version } }`,
        { id: id.get('edu_obl_6.2.21') },
      ),
    );
    const [confirmed] = (await decisions('edu_min_5.3', { status: 'CONFIRMED' })).items;
    expect(confirmed).toMatchObject({ function: { externalId: 'edu_obl_6.2.21' }, current: false });
    ok(await t.gql(DECIDE, { a: id.get('edu_min_5.3'), b: id.get('edu_dist_6.4.17'), s: 'OPEN' }, Role.REVIEWER));
    expect((await decisions('edu_min_5.3')).items.map((d) => d.function.externalId)).toEqual(['edu_obl_6.2.21']);
  });

  it('refuses bad input with a clear message and the public', async () => {
    const bad = async (variables: Record<string, unknown>) => {
      const error = (await t.gql(DECISIONS, variables, Role.AUDITOR)).errors?.[0];
      return [error?.extensions?.code, error?.message];
    };
    expect(await bad({ id: 'not-a-uuid' })).toEqual([
      'BAD_USER_INPUT',
      expect.stringMatching(/functionId must be a UUID/),
    ]);
    expect(await bad({ id: id.get('edu_min_5.3'), status: 'OPEN' })).toEqual([
      'BAD_USER_INPUT',
      expect.stringMatching(/status must be CONFIRMED or DISMISSED/),
    ]);
    expect((await bad({ id: id.get('edu_min_5.3'), take: 1000 }))[0]).toBe('BAD_USER_INPUT');
    expect((await bad({ id: '00000000-0000-4000-8000-000000000000' }))[0]).toBe('NOT_FOUND');
    const publicCall = await t.gql(DECISIONS, { id: id.get('edu_min_5.3') }, Role.PUBLIC);
    expect(publicCall.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A reviewer cannot decide a function with itself.
    const self = await t.gql(
      DECIDE,
      { a: id.get('edu_min_5.3'), b: id.get('edu_min_5.3'), s: 'CONFIRMED' },
      Role.REVIEWER,
    );
    expect(self.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(self.errors?.[0].message).toMatch(/two different functions/);
  });
});
