import { join } from 'node:path';
import { ImportService } from '../libs/registry/src/index.js';
import { Role } from '../libs/core/src/index.js';
import { Caller, createTestApp, GqlResponse, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

// Two reviewers with the same display name: the rules tell people apart by their token subject.
const ALICE: Caller = { subject: 'alice', name: 'Reviewer', roles: [Role.REVIEWER] };
const BOB: Caller = { subject: 'bob', name: 'Reviewer', roles: [Role.REVIEWER] };
const CAROL: Caller = { subject: 'carol', name: 'Carol', roles: [Role.REVIEWER] };
// ADMIN is bound like everyone else.
const ALICE_AS_ADMIN: Caller = { subject: 'alice', name: 'Alice (admin)', roles: [Role.ADMIN] };

const RULES =
  'separationOfDuties { approverNotProposer implementerNotProposer implementerNotApprover agreerNotProposer }';

/** Separation of duties on campaign findings: who may not take a step after whom. */
describe.each([
  ['the configured database', false],
  ['the embedded database', true],
] as const)('separation of duties on findings, on %s', (_label, embedded) => {
  let t: TestApp;
  let functionId: string;
  let codes = 0;

  const createCampaign = async (separationOfDuties?: Record<string, unknown>, as: Caller = CAROL) =>
    ok(
      await t.gql<{ createReviewCampaign: { id: string; separationOfDuties: Record<string, boolean> } }>(
        `mutation($code: String!, $sod: SeparationOfDutiesInput) {
           createReviewCampaign(input: { code: $code, title: "SoD", startsOn: "2026-01-01", endsOn: "2026-12-31", separationOfDuties: $sod })
           { id ${RULES} } }`,
        { code: `SOD-${++codes}`, sod: separationOfDuties },
        as,
      ),
    ).createReviewCampaign;

  const propose = async (campaignId: string, as: Caller) =>
    ok(
      await t.gql<{ proposeFinding: { id: string } }>(
        `mutation($c: ID!, $f: ID!) { proposeFinding(input: { campaignId: $c, functionIds: [$f], action: KEEP, rationale: "keep it" }) { id } }`,
        { c: campaignId, f: functionId },
        as,
      ),
    ).proposeFinding.id;

  const advance = (
    findingId: string,
    status: string,
    as: Caller,
  ): Promise<GqlResponse<{ advanceFinding: { status: string } }>> =>
    t.gql(
      `mutation($f: ID!, $s: FindingStatus!) { advanceFinding(input: { findingId: $f, status: $s }) { status } }`,
      { f: findingId, s: status },
      as,
    );

  const stateOf = async (findingId: string) => {
    const [row] = await t.ds.query<{ status: string; version: number; steps: number }[]>(
      `SELECT f.status, f.version, (SELECT count(*)::int FROM campaign_finding_event e WHERE e.finding_id = f.id) AS steps
       FROM campaign_finding f WHERE f.id = $1`,
      [findingId],
    );
    return row;
  };

  const expectRefused = (res: GqlResponse<{ advanceFinding: unknown }>, rule: string) => {
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule });
    expect(res.errors?.[0].message).toContain(`separation of duties (${rule})`);
    expect(res.data?.advanceFinding ?? null).toBeNull();
  };

  beforeAll(async () => {
    t = await createTestApp({ embedded });
    await t.get(ImportService).importFile(DEV_SET);
    [{ id: functionId }] = await t.ds.query<{ id: string }[]>(
      `SELECT id FROM state_function WHERE archived_at IS NULL ORDER BY code LIMIT 1`,
    );
  });
  afterAll(() => t?.close());

  it('has the defaults: approver and implementer other than the proposer', async () => {
    const c = await createCampaign();
    expect(c.separationOfDuties).toEqual({
      approverNotProposer: true,
      implementerNotProposer: true,
      implementerNotApprover: false,
      agreerNotProposer: false,
    });
  });

  it('refuses the proposer the approval (ADMIN too), changes nothing, and lets another person approve', async () => {
    const c = await createCampaign();
    const f = await propose(c.id, ALICE);
    // Agreeing is not reserved by default.
    expect(ok(await advance(f, 'AGREED', ALICE)).advanceFinding.status).toBe('AGREED');
    const before = await stateOf(f);
    expectRefused(await advance(f, 'APPROVED', ALICE), 'approverNotProposer');
    expectRefused(await advance(f, 'APPROVED', ALICE_AS_ADMIN), 'approverNotProposer');
    expect(await stateOf(f)).toEqual(before);
    // Bob carries the same display name as Alice but is another person.
    expect(ok(await advance(f, 'APPROVED', BOB)).advanceFinding.status).toBe('APPROVED');
    const steps: { to_status: string; actor: string; actor_subject: string }[] = await t.ds.query(
      `SELECT to_status, actor, actor_subject FROM campaign_finding_event WHERE finding_id = $1 ORDER BY id`,
      [f],
    );
    expect(steps).toEqual([
      { to_status: 'PROPOSED', actor: 'Reviewer', actor_subject: 'alice' },
      { to_status: 'AGREED', actor: 'Reviewer', actor_subject: 'alice' },
      { to_status: 'APPROVED', actor: 'Reviewer', actor_subject: 'bob' },
    ]);
  });

  it('refuses the proposer the implementation; the approver may implement by default', async () => {
    const c = await createCampaign();
    const f = await propose(c.id, ALICE);
    ok(await advance(f, 'AGREED', CAROL));
    ok(await advance(f, 'APPROVED', BOB));
    const before = await stateOf(f);
    expectRefused(await advance(f, 'IMPLEMENTED', ALICE), 'implementerNotProposer');
    expectRefused(await advance(f, 'IMPLEMENTED', ALICE_AS_ADMIN), 'implementerNotProposer');
    expect(await stateOf(f)).toEqual(before);
    expect(ok(await advance(f, 'IMPLEMENTED', BOB)).advanceFinding.status).toBe('IMPLEMENTED');
  });

  it('enforces the optional rules when a campaign asks: agreer and implementer other than proposer and approver', async () => {
    const c = await createCampaign({ agreerNotProposer: true, implementerNotApprover: true });
    expect(c.separationOfDuties).toEqual({
      approverNotProposer: true,
      implementerNotProposer: true,
      implementerNotApprover: true,
      agreerNotProposer: true,
    });
    const f = await propose(c.id, ALICE);
    expectRefused(await advance(f, 'AGREED', ALICE), 'agreerNotProposer');
    ok(await advance(f, 'AGREED', BOB));
    ok(await advance(f, 'APPROVED', CAROL));
    expectRefused(await advance(f, 'IMPLEMENTED', CAROL), 'implementerNotApprover');
    expectRefused(await advance(f, 'IMPLEMENTED', ALICE), 'implementerNotProposer');
    expect(ok(await advance(f, 'IMPLEMENTED', BOB)).advanceFinding.status).toBe('IMPLEMENTED');
    // Rejecting is never reserved.
    const g = await propose(c.id, ALICE);
    expect(ok(await advance(g, 'REJECTED', ALICE)).advanceFinding.status).toBe('REJECTED');
  });

  it('lets reviewers make the rules stricter, never weaker, when they create a campaign', async () => {
    const stricter = await createCampaign({ implementerNotApprover: true, agreerNotProposer: true });
    expect(stricter.separationOfDuties).toMatchObject({ implementerNotApprover: true, agreerNotProposer: true });
    const weaker = await t.gql(
      `mutation($sod: SeparationOfDutiesInput) {
         createReviewCampaign(input: { code: "SOD-WEAK", title: "SoD", startsOn: "2026-01-01", endsOn: "2026-12-31", separationOfDuties: $sod }) { id } }`,
      { sod: { approverNotProposer: false } },
      CAROL,
    );
    expect(weaker.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(weaker.errors?.[0]?.message).toMatch(/approverNotProposer/);
  });

  it('allows every step to one person when an administrator turns the rules off', async () => {
    const c = await createCampaign({ approverNotProposer: false, implementerNotProposer: false }, Role.ADMIN);
    const f = await propose(c.id, ALICE);
    for (const status of ['AGREED', 'APPROVED', 'IMPLEMENTED'])
      expect(ok(await advance(f, status, ALICE)).advanceFinding.status).toBe(status);
  });

  it('lets ADMIN (only) change the rules of a campaign; they bind the steps from then on', async () => {
    const c = await createCampaign();
    const f = await propose(c.id, ALICE);
    ok(await advance(f, 'AGREED', BOB));
    expectRefused(await advance(f, 'APPROVED', ALICE), 'approverNotProposer');
    const set = (rules: Record<string, unknown>, as: Caller = Role.ADMIN) =>
      t.gql<{ setCampaignSeparationOfDuties: Record<string, unknown> }>(
        `mutation($id: ID!, $rules: SeparationOfDutiesInput!) { setCampaignSeparationOfDuties(id: $id, rules: $rules) { ${RULES} } }`,
        { id: c.id, rules },
        as,
      );
    const byReviewer = await set({ approverNotProposer: false }, CAROL);
    expect(byReviewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(ok(await set({ approverNotProposer: false })).setCampaignSeparationOfDuties).toEqual({
      separationOfDuties: {
        approverNotProposer: false,
        implementerNotProposer: true,
        implementerNotApprover: false,
        agreerNotProposer: false,
      },
    });
    expect(ok(await advance(f, 'APPROVED', ALICE)).advanceFinding.status).toBe('APPROVED');
    expectRefused(await advance(f, 'IMPLEMENTED', ALICE), 'implementerNotProposer');
  });

  it('matches steps recorded before subjects were kept by the name recorded', async () => {
    const c = await createCampaign();
    const f = await propose(c.id, CAROL);
    ok(await advance(f, 'AGREED', BOB));
    await t.ds.query(`UPDATE campaign_finding_event SET actor_subject = NULL WHERE finding_id = $1`, [f]);
    expectRefused(
      await advance(f, 'APPROVED', { subject: 'carol-2', name: 'Carol', roles: [Role.REVIEWER] }),
      'approverNotProposer',
    );
    ok(await advance(f, 'APPROVED', ALICE));
  });

  it('refuses bad configuration with BAD_USER_INPUT', async () => {
    const nullRule = await t.gql(
      `mutation { createReviewCampaign(input: { code: "SOD-BAD-1", title: "x", startsOn: "2026-01-01", endsOn: "2026-12-31",
         separationOfDuties: { approverNotProposer: null } }) { id } }`,
    );
    expect(nullRule.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(nullRule.errors?.[0].message).toMatch(/approverNotProposer must be true or false/);
    const notBoolean = await t.gql(
      `mutation($sod: SeparationOfDutiesInput) { createReviewCampaign(input: { code: "SOD-BAD-2", title: "x", startsOn: "2026-01-01", endsOn: "2026-12-31",
         separationOfDuties: $sod }) { id } }`,
      { sod: { approverNotProposer: 'yes' } },
    );
    expect(notBoolean.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknownRule = await t.gql(
      `mutation($sod: SeparationOfDutiesInput) { createReviewCampaign(input: { code: "SOD-BAD-3", title: "x", startsOn: "2026-01-01", endsOn: "2026-12-31",
         separationOfDuties: $sod }) { id } }`,
      { sod: { reviewerNotProposer: true } },
    );
    expect(unknownRule.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const [{ n }] = await t.ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM review_campaign WHERE code LIKE 'SOD-BAD-%'`,
    );
    expect(n).toBe(0);

    const c = await createCampaign();
    const set = (rules: Record<string, unknown>) =>
      t.gql(
        `mutation($id: ID!, $rules: SeparationOfDutiesInput!) { setCampaignSeparationOfDuties(id: $id, rules: $rules) { id } }`,
        {
          id: c.id,
          rules,
        },
      );
    const nothing = await set({});
    expect(nothing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(nothing.errors?.[0].message).toMatch(/name at least one rule/);
    ok(await t.gql(`mutation($id: ID!) { setReviewCampaignStatus(id: $id, status: CLOSED) { id } }`, { id: c.id }));
    const closed = await set({ approverNotProposer: false });
    expect(closed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(closed.errors?.[0].message).toMatch(/is closed/);
  });
});
