import { randomUUID } from 'node:crypto';
import { Role } from '../libs/core/src/auth/role.js';
import { createTestApp, TestApp } from './utils/test-app.js';

interface Listed {
  id: string;
  code: string;
  type: string | null;
  suggestedType: { type: string | null };
}

const ACCEPT = `mutation($input: AcceptSuggestedTypesInput!) {
  acceptSuggestedTypes(input: $input) { field value previousValue suggestedValue acceptedSuggestion note decidedBy }
}`;

/** Accepting suggested types in bulk (the workbench's classification list): all or nothing, for reviewers. */
describe('acceptSuggestedTypes', () => {
  let t: TestApp;
  let functions: Listed[];
  const typeOf = async (id: string) =>
    (
      await t.gql<{ stateFunction: { type: string | null } }>(`query($id: ID) { stateFunction(id: $id) { type } }`, {
        id,
      })
    ).data!.stateFunction.type;

  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
    functions = (
      await t.gql<{ stateFunctions: { items: Listed[] } }>(
        `{ stateFunctions(take: 100) { items { id code type suggestedType { type } } } }`,
      )
    ).data!.stateFunctions.items;
  });
  afterAll(() => t?.close());

  it('accepts the suggestions of several functions and keeps who did it and why', async () => {
    const chosen = functions.filter((f) => f.suggestedType.type).slice(0, 3);
    expect(chosen.length).toBe(3);
    const res = await t.gql<{ acceptSuggestedTypes: Record<string, unknown>[] }>(
      ACCEPT,
      { input: { functionIds: chosen.map((f) => f.id), note: 'приняли предложения' } },
      Role.REVIEWER,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.acceptSuggestedTypes).toEqual(
      // One decision per function, in the order given.
      chosen.map((f) => ({
        field: 'TYPE',
        value: f.suggestedType.type,
        previousValue: f.type,
        suggestedValue: f.suggestedType.type,
        acceptedSuggestion: true,
        note: 'приняли предложения',
        decidedBy: 'test-reviewer',
      })),
    );
    for (const f of chosen) expect(await typeOf(f.id)).toBe(f.suggestedType.type);
  });

  it('changes nothing when one function has no suggestion to accept, and says which', async () => {
    const created = await t.gql<{ createStateFunction: { id: string; code: string } }>(
      `mutation($input: CreateStateFunctionInput!) { createStateFunction(input: $input) { id code } }`,
      { input: { titleRu: 'осуществляет иные полномочия', holderId: await holderId() } },
    );
    const blank = created.data!.createStateFunction;
    const other = functions.find((f) => f.suggestedType.type && f.type !== f.suggestedType.type)!;
    const before = await typeOf(other.id);
    const res = await t.gql(ACCEPT, { input: { functionIds: [other.id, blank.id] } }, Role.REVIEWER);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain(blank.code);
    expect(await typeOf(other.id)).toBe(before);
  });

  it('refuses bad input with a clear error', async () => {
    const id = functions[0].id;
    for (const [functionIds, why] of [
      [[], /functionIds/],
      [Array.from({ length: 101 }, () => randomUUID()), /functionIds/],
      [[id, id], /functionIds/],
      [['not-an-id'], /functionIds/],
    ] as const) {
      const res = await t.gql(ACCEPT, { input: { functionIds } }, Role.REVIEWER);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(why);
    }
    const missing = await t.gql(ACCEPT, { input: { functionIds: [randomUUID()] } }, Role.REVIEWER);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('is for reviewers and administrators only', async () => {
    const input = { functionIds: [functions[0].id] };
    expect((await t.gql(ACCEPT, { input }, Role.AUDITOR)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(ACCEPT, { input }, Role.BUDGET_PLANNER)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(ACCEPT, { input }, 'anonymous')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  const holderId = async () =>
    (await t.gql<{ agencies: { items: { id: string }[] } }>(`{ agencies(take: 1) { items { id } } }`)).data!.agencies
      .items[0].id;
});
