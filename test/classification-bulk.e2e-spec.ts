import { randomUUID } from 'node:crypto';
import { Role } from '../libs/core/src/auth/role.js';
import { createTestApp, TestApp } from './utils/test-app.js';

interface Listed {
  id: string;
  code: string;
  type: string | null;
  version: number;
  holder: { code: string };
  suggestedType: { type: string | null };
}

const ACCEPT = `mutation($input: AcceptSuggestedTypesInput!) {
  acceptSuggestedTypes(input: $input) { field value previousValue suggestedValue acceptedSuggestion note decidedBy }
}`;

/** Accepting suggested types in bulk (the workbench's classification list): all or nothing, for reviewers. */
describe('acceptSuggestedTypes', () => {
  let t: TestApp;
  let functions: Listed[];
  const read = async (id: string) =>
    (
      await t.gql<{ stateFunction: { type: string | null; version: number } }>(
        `query($id: ID) { stateFunction(id: $id) { type version } }`,
        { id },
      )
    ).data!.stateFunction;
  const unclassify = async (f: Listed) => {
    const res = await t.gql(
      `mutation($id: ID!) { decideFunctionType(input: { functionId: $id, type: null }) { value } }`,
      { id: f.id },
      Role.REVIEWER,
    );
    expect(res.errors).toBeUndefined();
    return read(f.id);
  };
  const withSuggestion = () => functions.filter((f) => f.suggestedType.type);

  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
    functions = (
      await t.gql<{ stateFunctions: { items: Listed[] } }>(
        `{ stateFunctions(take: 100) { items { id code type version holder { code } suggestedType { type } } } }`,
      )
    ).data!.stateFunctions.items;
  });
  afterAll(() => t?.close());

  it('accepts the suggestions of several functions and keeps who did it and why', async () => {
    // Unclassified first, so that accepting visibly changes them.
    const chosen = withSuggestion().slice(0, 3);
    const versions = await Promise.all(chosen.map(unclassify));
    const res = await t.gql<{ acceptSuggestedTypes: Record<string, unknown>[] }>(
      ACCEPT,
      {
        input: {
          items: chosen.map((f, i) => ({ functionId: f.id, version: versions[i].version })),
          note: 'приняли предложения',
        },
      },
      Role.REVIEWER,
    );
    expect(res.errors).toBeUndefined();
    // One decision per function, in the order given.
    expect(res.data!.acceptSuggestedTypes).toEqual(
      chosen.map((f) => ({
        field: 'TYPE',
        value: f.suggestedType.type,
        previousValue: null,
        suggestedValue: f.suggestedType.type,
        acceptedSuggestion: true,
        note: 'приняли предложения',
        decidedBy: 'test-reviewer',
      })),
    );
    for (const f of chosen) expect((await read(f.id)).type).toBe(f.suggestedType.type);
  });

  it('changes nothing when one function has no suggestion, or was changed since it was read, and says which', async () => {
    const created = await t.gql<{ createStateFunction: { id: string; code: string } }>(
      `mutation($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { id code } }`,
      { input: { titleRu: 'осуществляет иные полномочия', holderId: await holderId() } },
    );
    const blank = created.data!.createStateFunction;
    const other = withSuggestion()[5];
    const before = await unclassify(other);
    const noSuggestion = await t.gql(
      ACCEPT,
      { input: { items: [{ functionId: other.id, version: before.version }, { functionId: blank.id }] } },
      Role.REVIEWER,
    );
    expect(noSuggestion.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(noSuggestion.errors?.[0].message).toContain(blank.code);
    expect((await read(other.id)).type).toBeNull();

    // Someone else set its type meanwhile: the version read is stale.
    await t.gql(
      `mutation($id: ID!) { decideFunctionType(input: { functionId: $id, type: CONTROL }) { value } }`,
      { id: other.id },
      Role.REVIEWER,
    );
    const stale = await t.gql(
      ACCEPT,
      { input: { items: [{ functionId: other.id, version: before.version }] } },
      Role.REVIEWER,
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(stale.errors?.[0].message).toContain(other.code);
    expect((await read(other.id)).type).toBe('CONTROL');
  });

  it('refuses bad input with a clear error', async () => {
    const id = functions[0].id;
    for (const [items, why] of [
      [[], /items/],
      [Array.from({ length: 101 }, () => ({ functionId: randomUUID() })), /items/],
      [[{ functionId: id }, { functionId: id }], /each function once/],
      [[{ functionId: 'not-an-id' }], /functionId/],
      [[{ functionId: id, version: 'one' }], /version|Int/],
    ] as const) {
      const res = await t.gql(ACCEPT, { input: { items } }, Role.REVIEWER);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(why);
    }
    const missing = await t.gql(ACCEPT, { input: { items: [{ functionId: randomUUID() }] } }, Role.REVIEWER);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('is for reviewers and administrators, within their scope', async () => {
    const f = withSuggestion()[7];
    const input = { items: [{ functionId: f.id }] };
    expect((await t.gql(ACCEPT, { input }, Role.AUDITOR)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(ACCEPT, { input }, Role.BUDGET_PLANNER)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(ACCEPT, { input }, 'anonymous')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // A reviewer whose writes are limited to another agency may not touch this one's functions.
    const elsewhere = functions.find((x) => x.holder.code !== f.holder.code)!.holder.code;
    const scoped = await t.gql(ACCEPT, { input }, { roles: [Role.REVIEWER], agencies: [elsewhere] });
    expect(scoped.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const admin = await t.gql(ACCEPT, { input }, Role.ADMIN);
    expect(admin.errors).toBeUndefined();
  });

  const holderId = async () =>
    (await t.gql<{ agencies: { items: { id: string }[] } }>(`{ agencies(take: 1) { items { id } } }`)).data!.agencies
      .items[0].id;
});
