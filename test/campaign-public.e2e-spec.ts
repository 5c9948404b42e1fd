import { GraphQLSchemaHost } from '@nestjs/graphql';
import ExcelJS from 'exceljs';
import { GraphQLObjectType } from 'graphql';
import { join } from 'node:path';
import { ImportService } from '../libs/registry/src/index.js';
import { accessRule, READERS, Role } from '../libs/core/src/index.js';
import { Caller, createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

const PROPOSER: Caller = { subject: 'p.proposer', name: 'P. Proposer', roles: [Role.REVIEWER] };
const LEAD: Caller = { subject: 'l.lead', name: 'L. Lead', roles: [Role.REVIEWER] };
// Signed in, with no staff role: the public like an anonymous caller.
const CITIZEN: Caller = { subject: 'citizen', roles: [Role.PUBLIC] };

interface Decision {
  action: string;
  status: string;
  findings: number;
}

/**
 * What the public sees of review campaigns: closed campaigns only, approved and implemented findings
 * only, no internal notes and no names of who decided; staff (here AUDITOR) see everything.
 */
describe('review campaigns seen by the public', () => {
  let t: TestApp;
  let openId: string;
  let closedId: string;
  const findings: Record<string, string> = {};

  const xlsx = async (id: string, as: Caller) => {
    const res = await t
      .http()
      .get(`/reports/campaigns/${id}.xlsx`)
      .set(await t.auth(as))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return res;
  };

  /** The Findings sheet: one array of cell texts per finding. */
  const findingRows = async (body: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.getWorksheet('Findings')!.eachRow((row, n) => {
      if (n > 1) rows.push(Array.from({ length: 8 }, (_, i) => row.getCell(i + 1).text));
    });
    const summary: string[] = [];
    wb.getWorksheet('Summary')!.eachRow((row, n) => {
      if (n > 1) summary.push(row.getCell(15).text);
    });
    return { rows, header: wb.getWorksheet('Findings')!.getRow(1).getCell(8).value, summary: summary.join('; ') };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
    const fns = await t.ds.query<{ id: string }[]>(
      `SELECT id FROM state_function WHERE archived_at IS NULL ORDER BY code LIMIT 4`,
    );
    const create = async (code: string) =>
      ok(
        await t.gql<{ createReviewCampaign: { id: string } }>(
          `mutation($code: String!) { createReviewCampaign(input: { code: $code, title: "Public view", startsOn: "2026-01-01", endsOn: "2026-12-31" }) { id } }`,
          { code },
          LEAD,
        ),
      ).createReviewCampaign.id;
    openId = await create('PUB-OPEN');
    closedId = await create('PUB-CLOSED');
    const propose = async (campaignId: string, functionId: string) =>
      ok(
        await t.gql<{ proposeFinding: { id: string } }>(
          `mutation($c: ID!, $f: ID!) { proposeFinding(input: { campaignId: $c, functionIds: [$f], action: KEEP, rationale: "draft rationale" }) { id } }`,
          { c: campaignId, f: functionId },
          PROPOSER,
        ),
      ).proposeFinding.id;
    const step = async (id: string, status: string) =>
      ok(
        await t.gql(
          `mutation($f: ID!, $s: FindingStatus!) { advanceFinding(input: { findingId: $f, status: $s, note: "internal note" }) { id } }`,
          { f: id, s: status },
          LEAD,
        ),
      );
    findings.proposed = await propose(closedId, fns[0].id);
    findings.rejected = await propose(closedId, fns[1].id);
    await step(findings.rejected, 'REJECTED');
    findings.approved = await propose(closedId, fns[2].id);
    findings.implemented = await propose(closedId, fns[3].id);
    for (const id of [findings.approved, findings.implemented]) {
      await step(id, 'AGREED');
      await step(id, 'APPROVED');
    }
    await step(findings.implemented, 'IMPLEMENTED');
    findings.open = await propose(openId, fns[0].id);
    ok(await t.gql(`mutation($c: ID!) { setReviewCampaignStatus(id: $c, status: CLOSED) { id } }`, { c: closedId }));
  });
  afterAll(() => t?.close());

  it('lists closed campaigns only to the public, every campaign to staff', async () => {
    const list = async (as: Caller) =>
      ok(
        await t.gql<{ reviewCampaigns: { totalCount: number; items: { code: string; status: string }[] } }>(
          `{ reviewCampaigns { totalCount items { code status } } }`,
          {},
          as,
        ),
      ).reviewCampaigns;
    for (const as of ['anonymous', CITIZEN] as const)
      expect(await list(as)).toEqual({ totalCount: 1, items: [{ code: 'PUB-CLOSED', status: 'CLOSED' }] });
    const staff = await list(Role.AUDITOR);
    expect(staff.totalCount).toBe(2);
    expect(staff.items.map((c) => c.code).sort()).toEqual(['PUB-CLOSED', 'PUB-OPEN']);
  });

  it('answers NOT_FOUND to the public for a campaign that is not closed', async () => {
    const get = (id: string, as: Caller) =>
      t.gql<{ reviewCampaign: { code: string } }>(`query($id: ID!) { reviewCampaign(id: $id) { code } }`, { id }, as);
    for (const as of ['anonymous', CITIZEN] as const) {
      const open = await get(openId, as);
      expect(open.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(ok(await get(closedId, as)).reviewCampaign.code).toBe('PUB-CLOSED');
      const report = await t.gql(`query($id: ID!) { campaignReport(id: $id) { xlsxUrl } }`, { id: openId }, as);
      expect(report.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect(ok(await get(openId, Role.AUDITOR)).reviewCampaign.code).toBe('PUB-OPEN');
    ok(await t.gql(`query($id: ID!) { campaignReport(id: $id) { xlsxUrl } }`, { id: openId }, Role.AUDITOR));
  });

  it('refuses the public who created a campaign; staff read it', async () => {
    const q = `query($id: ID!) { reviewCampaign(id: $id) { code createdBy } }`;
    const anonymous = await t.gql<{ reviewCampaign: { createdBy: string | null } }>(q, { id: closedId }, 'anonymous');
    expect(anonymous.errors?.[0]).toMatchObject({
      path: ['reviewCampaign', 'createdBy'],
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(anonymous.data?.reviewCampaign.createdBy).toBeNull();
    const citizen = await t.gql<{ reviewCampaign: { createdBy: string | null } }>(q, { id: closedId }, CITIZEN);
    expect(citizen.errors?.[0]).toMatchObject({
      path: ['reviewCampaign', 'createdBy'],
      extensions: { code: 'FORBIDDEN' },
    });
    expect(ok(await t.gql<{ reviewCampaign: { createdBy: string } }>(q, { id: closedId }, Role.AUDITOR))).toEqual({
      reviewCampaign: { code: 'PUB-CLOSED', createdBy: 'L. Lead' },
    });
    // The same answer is never served from the cache across audiences.
    const again = await t.gql(q, { id: closedId }, 'anonymous');
    expect(again.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('counts only approved and implemented decisions in the report the public sees', async () => {
    const decisions = async (as: Caller) =>
      ok(
        await t.gql<{ campaignReport: { agencies: { decisions: Decision[] }[] } }>(
          `query($id: ID!) { campaignReport(id: $id) { agencies { decisions { action status findings } } } }`,
          { id: closedId },
          as,
        ),
      )
        .campaignReport.agencies.flatMap((a) => a.decisions.map((d) => d.status))
        .sort();
    for (const as of ['anonymous', CITIZEN] as const) expect(await decisions(as)).toEqual(['APPROVED', 'IMPLEMENTED']);
    expect(await decisions(Role.AUDITOR)).toEqual(['APPROVED', 'IMPLEMENTED', 'PROPOSED', 'REJECTED']);
  });

  it('refuses the public the actors and notes of finding steps and who proposed a finding', async () => {
    // Each of these fields carries its own rule: staff only, wherever the type is reached from.
    const schema = t.get(GraphQLSchemaHost).schema;
    for (const [type, field] of [
      ['ReviewCampaign', 'createdBy'],
      ['CampaignFinding', 'createdBy'],
      ['FindingEvent', 'actor'],
      ['FindingEvent', 'note'],
    ]) {
      const rule = accessRule((schema.getType(type) as GraphQLObjectType).getFields()[field]);
      expect([...(rule ?? [])].sort()).toEqual([Role.ADMIN, ...READERS].sort());
    }
    // The public reaches no finding through GraphQL today: campaignFindings is for staff.
    const anonymous = await t.gql(
      `query($id: ID!) { campaignFindings(campaignId: $id) { items { id } } }`,
      { id: closedId },
      'anonymous',
    );
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const staff = ok(
      await t.gql<{ campaignFindings: { items: { createdBy: string; events: { actor: string; note: string }[] }[] } }>(
        `query($id: ID!) { campaignFindings(campaignId: $id, filter: { statuses: [IMPLEMENTED] }) { items { createdBy events { toStatus actor note } } } }`,
        { id: closedId },
        Role.AUDITOR,
      ),
    ).campaignFindings.items;
    expect(staff[0].createdBy).toBe('P. Proposer');
    expect(staff[0].events.map((e) => e.actor)).toEqual(['P. Proposer', 'L. Lead', 'L. Lead', 'L. Lead']);
    expect(staff[0].events[1].note).toBe('internal note');
  });

  it('downloads the workbook with the same visibility', async () => {
    for (const as of ['anonymous', CITIZEN] as const) {
      expect((await xlsx(openId, as)).status).toBe(404);
      const res = await xlsx(closedId, as);
      expect(res.status).toBe(200);
      const { rows, header, summary } = await findingRows(res.body as Buffer);
      expect(rows.map((r) => r[0]).sort()).toEqual([findings.approved, findings.implemented].sort());
      expect(header).toBe('Steps (when)');
      const text = rows.flat().join(' | ');
      expect(text).not.toMatch(/P\. Proposer|L\. Lead| by |internal note/);
      expect(rows.find((r) => r[0] === findings.implemented)![7]).toMatch(
        /^PROPOSED on \d{4}-\d\d-\d\d; AGREED on .*; APPROVED on .*; IMPLEMENTED on \d{4}-\d\d-\d\d$/,
      );
      expect(summary).not.toMatch(/PROPOSED|REJECTED/);
    }
    const staff = await xlsx(closedId, Role.AUDITOR);
    expect(staff.status).toBe(200);
    const { rows, header, summary } = await findingRows(staff.body as Buffer);
    expect(rows).toHaveLength(4);
    expect(header).toBe('Steps (who, when)');
    expect(rows.find((r) => r[0] === findings.implemented)![7]).toMatch(
      /PROPOSED by P\. Proposer.*AGREED by L\. Lead.*\(internal note\)/,
    );
    expect(summary).toMatch(/PROPOSED/);
    expect((await xlsx(openId, Role.AUDITOR)).status).toBe(200);
  });
});
