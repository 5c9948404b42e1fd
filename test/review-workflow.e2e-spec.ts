import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { ImportService } from '../libs/registry/src/index.js';
import { GqlAnswer, runCampaignExample, Step } from '../scripts/examples/campaign-example.js';
import { Role } from '../libs/core/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

const DEV_SET = join(import.meta.dirname, 'fixtures', 'dev-functions.jsonl');

const cents = (s: string | null) => BigInt(Math.round(Number(s ?? 0) * 100));

interface AgencyReport {
  agencyCode: string;
  decisions: unknown[];
  duplicatePairs: number;
  functions: number;
  strategic: number;
  regulatory: number;
  implementing: number;
  control: number;
  unclassified: number;
  transferCandidates: number;
}

/**
 * The worked example of docs/functional-review.md, run against a fresh registry: one campaign from
 * import to approved decisions, the savings they free, the report, a transfer and its monitoring.
 */
describe('functional review workflow (the worked example)', () => {
  let t: TestApp;
  let steps: Step[];
  // Each step's answer has the shape of its own query; the test names it where it reads the data.
  const step = <T = unknown>(title: string) => {
    const s = steps.find((x) => x.title === title);
    if (!s) throw new Error(`no step "${title}"`);
    return s.answer as GqlAnswer<T>;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.get(ImportService).importFile(DEV_SET);
    steps = await runCampaignExample(async (query, variables, actor) => {
      const res = await t
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set(await t.auth({ subject: actor.name, roles: actor.roles }))
        .send({ query, variables });
      return res.body as GqlAnswer;
    });
  });
  afterAll(() => t?.close());

  it('keeps who accepted a suggested type', () => {
    const d = step<{ decideFunctionType: { value: string; suggestedValue: string } }>('Accept the suggested type').data!
      .decideFunctionType;
    expect(d).toMatchObject({
      field: 'TYPE',
      acceptedSuggestion: true,
      decidedBy: 'a.seitkali',
    });
    expect(d.value).toBe(d.suggestedValue);
  });

  it('records who changed a function in its revision history', async () => {
    const rows: { changed_by: string }[] = await t.ds.query(
      `SELECT r.changed_by FROM function_revision r JOIN state_function f ON f.id = r.function_id
       WHERE f.external_id = 'edu_obl_6.2.13' ORDER BY r.revision`,
    );
    // Accepting the suggestion left the type as it was, so it made no revision of its own.
    expect(rows.map((r) => r.changed_by)).toEqual(['import:dev-functions.jsonl', 'transfer:d.nurlanov']);
  });

  it('refuses a link that would take a programme past 100 % and writes nothing', async () => {
    const refused = step('A link that would pass 100 % is refused');
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toMatch(/75 %.*105 %.*over 100 %/s);
    const [{ n }] = await t.ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM budget_link l JOIN budget_programme p ON p.id = l.programme_id WHERE p.code = 'DEMO-360-015'`,
    );
    expect(n).toBe(2);
    // The database holds the line too, for writers that bypass the service.
    await expect(
      t.ds.query(
        `UPDATE budget_link SET share = 0.7 WHERE programme_id = (SELECT id FROM budget_programme WHERE code = 'DEMO-360-015') AND share = 0.35`,
      ),
    ).rejects.toThrow(/more than 100 %/);
  });

  it('reports unlinked expenditure', () => {
    const items = step<{ unlinkedExpenditure: { items: unknown[] } }>('Unlinked expenditure').data!.unlinkedExpenditure
      .items;
    expect(items).toEqual([
      {
        programme: { code: 'DEMO-360-015' },
        planned: '480000000.00',
        linkedPercent: '75',
        unlinkedPlanned: '120000000.00',
        unlinkedActual: '113750000.00',
      },
      {
        programme: { code: 'DEMO-464-003' },
        planned: '36000000.00',
        linkedPercent: '10',
        unlinkedPlanned: '32400000.00',
        unlinkedActual: '30600000.00',
      },
    ]);
  });

  it('frees what the approved findings cost, traceable line by line to the budget links and headcount', async () => {
    const s = step<{
      savingsOf: {
        totals: { year: number; agency: { code: string }; freedPlanned: string }[];
        lines: {
          year: number;
          linkId: string;
          linkShare: string;
          programmePlanned: string;
          savingsShare: string;
          freedPlanned: string;
        }[];
        staff: { freedStaff: string }[];
      };
    }>('What the approved decisions free').data!.savingsOf;
    const byAgency = Object.fromEntries(s.totals.map((x) => [x.agency.code, x]));
    expect(byAgency.EDU_OBL).toMatchObject({
      year: 2026,
      freedPlanned: '192000000.00',
      freedActual: '182000000.00',
      freedStaff: '6.50',
    });
    expect(byAgency.EDU_DIST).toMatchObject({
      year: 2026,
      freedPlanned: '3600000.00',
      freedActual: '3400000.00',
      freedStaff: '1.50',
    });
    // Every total is the sum of its lines, and every line is its link's share of its programme.
    for (const total of s.totals) {
      const lines = s.lines.filter((l) => l.year === total.year);
      expect(lines.length).toBeGreaterThan(0);
    }
    const sum = s.lines.reduce((acc, l) => acc + cents(l.freedPlanned), 0n);
    expect(sum).toBe(s.totals.reduce((acc, x) => acc + cents(x.freedPlanned), 0n));
    for (const l of s.lines) {
      expect(Number(l.freedPlanned)).toBeCloseTo(
        Number(l.programmePlanned) * Number(l.linkShare) * Number(l.savingsShare),
        2,
      );
      const [link] = await t.ds.query<{ share: string; function_id: string }[]>(
        `SELECT share::text, function_id FROM budget_link WHERE id = $1`,
        [l.linkId],
      );
      expect(link.share).toBe(l.linkShare);
    }
    const staff = s.staff.reduce((acc, x) => acc + Number(x.freedStaff), 0);
    expect(staff).toBe(8);
  });

  it('reports per agency, and the XLSX download carries the same figures', async () => {
    const report = step<{ campaignReport: { xlsxUrl: string; agencies: AgencyReport[] } }>('The campaign report').data!
      .campaignReport;
    const dist = report.agencies.find((a) => a.agencyCode === 'EDU_DIST')!;
    expect(dist.decisions).toEqual([{ action: 'MERGE', status: 'APPROVED', findings: 1, functions: 1 }]);
    expect(dist).toMatchObject({ level: 'DISTRICT', freedPlanned: '3600000.00', freedStaff: '1.50' });
    expect(dist.duplicatePairs).toBeGreaterThan(0);
    const obl = report.agencies.find((a) => a.agencyCode === 'EDU_OBL')!;
    expect(obl.functions).toBe(obl.strategic + obl.regulatory + obl.implementing + obl.control + obl.unclassified);
    expect(obl.functions).toBe(53);
    expect(obl.transferCandidates).toBeGreaterThan(0);

    // The campaign is still active: staff download it (the public sees closed campaigns only).
    const res = await t
      .http()
      .get(report.xlsxUrl)
      .set(await t.auth({ subject: 'd.nurlanov', roles: [Role.REVIEWER] }))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    // ExcelJS declares its own Buffer (an ArrayBuffer), which Node's Buffer does not satisfy in type only.
    const body = res.body as Buffer;
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Findings', 'Savings', 'Staff']);
    const savings = wb.getWorksheet('Savings')!;
    let freed = 0;
    savings.eachRow((row, n) => {
      if (n > 1) freed += Number(row.getCell(11).value);
    });
    expect(freed).toBe(195_600_000);
    const findings = wb.getWorksheet('Findings')!;
    expect(findings.getRow(2).getCell(8).value).toMatch(
      /PROPOSED by a\.seitkali.*AGREED by d\.nurlanov.*APPROVED by commission/,
    );
  });

  it('refuses the proposer the approval of their own finding, and changes nothing', () => {
    const refused = step('The proposer may not approve');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toMatch(/separation of duties \(approverNotProposer\)/);
    const approved = step<{ a: { status: string } }>('Move both findings to APPROVED').data!;
    expect(approved.a.status).toBe('APPROVED');
  });

  it('carries a transfer from the decision to monitoring, and the function leaves the active registry', async () => {
    const transferred = step<{ advanceTransfer: unknown }>('The function is transferred, then monitored').data!
      .advanceTransfer;
    expect(transferred).toMatchObject({
      status: 'TRANSFERRED',
      transferredOn: '2027-01-01',
      function: { status: 'TRANSFERRED' },
    });
    const monitored = step<{
      recordTransferObservation: { observations: unknown[]; events: { toStatus: string }[] };
    }>('Monitoring after the transfer').data!.recordTransferObservation;
    expect(monitored.observations).toEqual([
      {
        observedOn: '2027-06-30',
        indicator: 'число проведённых олимпиад',
        value: '46',
        observedBy: 'a.seitkali',
      },
    ]);
    expect(monitored.events.map((e) => e.toStatus)).toEqual(['PLANNED', 'TRANSFERRED']);
    const history = await t.ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM function_revision r JOIN state_function f ON f.id = r.function_id WHERE f.external_id = 'edu_obl_6.2.13'`,
    );
    expect(history[0].n).toBeGreaterThan(1);
    // It is out of the active registry: lists and exports skip it unless archived functions are asked for.
    const listed = ok(
      await t.gql<{ stateFunctions: { totalCount: number } }>(
        `{ stateFunctions(filter: { externalIds: ["edu_obl_6.2.13"] }) { totalCount } }`,
      ),
    ).stateFunctions;
    expect(listed.totalCount).toBe(0);
    const archived = ok(
      await t.gql<{ stateFunctions: { items: { status: string }[] } }>(
        `{ stateFunctions(filter: { externalIds: ["edu_obl_6.2.13"], includeArchived: true }) { items { status } } }`,
      ),
    ).stateFunctions;
    expect(archived.items).toEqual([{ status: 'TRANSFERRED' }]);
    const [revision] = await t.ds.query<{ changed_by: string }[]>(
      `SELECT r.changed_by FROM function_revision r JOIN state_function f ON f.id = r.function_id WHERE f.external_id = 'edu_obl_6.2.13' ORDER BY r.revision DESC LIMIT 1`,
    );
    expect(revision.changed_by).toBe('transfer:d.nurlanov');
    // A transfer cannot skip its steps.
    const id = (await t.ds.query<{ id: string }[]>(`SELECT id FROM function_transfer LIMIT 1`))[0].id;
    const wrong = await t.gql(
      `mutation($t: ID!) { advanceTransfer(input: { transferId: $t, status: PLANNED }) { id } }`,
      { t: id },
    );
    expect(wrong.errors?.[0].message).toMatch(/TRANSFERRED transfer can move to MONITORED or RETURNED/);
  });

  it('runs the reasonableness test on a proposed function', () => {
    const a = step<{
      assessProposedFunction: {
        suggestedType: { type: string };
        duplicates: unknown[];
        transferFlags: { option: string; strength: string; reasons: { code: string }[] }[];
      };
    }>('The reasonableness test of a proposed function').data!.assessProposedFunction;
    expect(a.suggestedType.type).toBe('IMPLEMENTING');
    const competitive = a.transferFlags.find((f) => f.option === 'COMPETITIVE_ENVIRONMENT')!;
    expect(competitive.strength).toBe('STRONG');
    expect(competitive.reasons.map((r) => r.code)).toEqual(['SERVICE_LIKE', 'MARKET']);
    expect(a.duplicates.length).toBeGreaterThan(0);
  });

  it('refuses findings outside the campaign scope and steps out of order', async () => {
    const campaign = ok(
      await t.gql<{ reviewCampaigns: { items: { id: string }[] } }>(`{ reviewCampaigns { items { id } } }`),
    ).reviewCampaigns.items[0];
    const [central] = await t.ds.query<{ id: string }[]>(
      `SELECT f.id FROM state_function f JOIN agency a ON a.id = f.holder_id WHERE a.level = 'CENTRAL' LIMIT 1`,
    );
    const out = await t.gql(
      `mutation($c: ID!, $f: ID!) { proposeFinding(input: { campaignId: $c, functionIds: [$f], action: ABOLISH, rationale: "x" }) { id } }`,
      {
        c: campaign.id,
        f: central.id,
      },
    );
    expect(out.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(out.errors?.[0].message).toMatch(/outside the scope of campaign DEMO-FR-EDU-2026/);
    const merged = step<{ proposeFinding: { id: string } }>('Propose: merge the district function into the oblast one')
      .data!.proposeFinding;
    const skip = await t.gql(
      `mutation($f: ID!) { advanceFinding(input: { findingId: $f, status: PROPOSED }) { id } }`,
      { f: merged.id },
    );
    expect(skip.errors?.[0].message).toMatch(/APPROVED finding can move to IMPLEMENTED or REJECTED/);
    // The transferred function has left the registry: no new finding counts it again.
    const [gone] = await t.ds.query<{ id: string }[]>(
      `SELECT id FROM state_function WHERE external_id = 'edu_obl_6.2.13'`,
    );
    const again = await t.gql(
      `mutation($c: ID!, $f: ID!) { proposeFinding(input: { campaignId: $c, functionIds: [$f], action: ABOLISH, rationale: "x" }) { id } }`,
      {
        c: campaign.id,
        f: gone.id,
      },
    );
    expect(again.errors?.[0].message).toMatch(/no longer in the active registry: F-\d+ \(transferred\)/);
    // A campaign moves forward only, and a closed one takes no more steps.
    const back = await t.gql(`mutation($c: ID!) { setReviewCampaignStatus(id: $c, status: PLANNED) { status } }`, {
      c: campaign.id,
    });
    expect(back.errors?.[0].message).toMatch(/is ACTIVE; it can move on to CLOSED/);
    ok(
      await t.gql(`mutation($c: ID!) { setReviewCampaignStatus(id: $c, status: CLOSED) { status } }`, {
        c: campaign.id,
      }),
    );
    const closed = await t.gql(
      `mutation($f: ID!) { advanceFinding(input: { findingId: $f, status: REJECTED }) { id } }`,
      { f: merged.id },
    );
    expect(closed.errors?.[0].message).toMatch(/campaign DEMO-FR-EDU-2026 is closed/);
  });
});
