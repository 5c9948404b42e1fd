import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANONYMOUS, badInput, excelJs, isStaff, type Identity } from '#core';
import { isRetired } from '#registry';
import { AssessmentService } from '#assessment';
import { findingsTouching, ReviewRunService } from '#review';
import { CampaignRow, CampaignService } from './campaign.service.js';
import { decimal, hundredths, Savings, SavingsService } from './savings.service.js';

/** The findings whose outcome is published: the public sees these and no others. */
const PUBLISHED_FINDINGS = `f.status IN ('APPROVED', 'IMPLEMENTED')`;

/** Transfer flags are computed when a report is asked for; the same cap as transferCandidates. */
const REPORT_SCOPE_LIMIT = 100_000;

export interface ReportFindingCount {
  action: string;
  status: string;
  findings: number;
  functions: number;
}

export interface AgencyReportRow {
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  level: string;
  functions: number;
  strategic: number;
  regulatory: number;
  implementing: number;
  control: number;
  unclassified: number;
  transferredOrAbolished: number;
  duplicatePairs: number;
  overlapPairs: number;
  transferCandidates: number;
  strongTransferCandidates: number;
  decisions: ReportFindingCount[];
  freedPlanned: string;
  freedActual: string;
  freedStaff: string;
}

export interface CampaignReport {
  campaign: CampaignRow;
  reviewRunId: string | null;
  generatedAt: Date;
  agencies: AgencyReportRow[];
  savings: Savings;
}

/**
 * A campaign's report per agency and level: functions by type, duplicates found by the latest
 * review, transfer candidates, decisions and their status, and the savings of approved and
 * implemented decisions. The same figures in GraphQL and as an XLSX workbook.
 *
 * Staff see every campaign and every finding. Anyone else (the public) sees closed campaigns only
 * (another is NOT_FOUND), counts and lines of approved and implemented findings only, and, in the
 * workbook, the steps of those findings without who took them or their notes.
 */
@Injectable()
export class CampaignReportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly campaigns: CampaignService,
    private readonly savings: SavingsService,
    private readonly assessment: AssessmentService,
    private readonly runs: ReviewRunService,
  ) {}

  async report(campaignId: string, identity: Identity = ANONYMOUS): Promise<CampaignReport> {
    const campaign = await this.campaigns.getVisible(campaignId, identity);
    const published = !isStaff(identity);
    const scope = this.campaigns.scopeCondition(campaign, 1);
    const functions: { id: string; holder_id: string; type: string | null; status: string }[] = await this.ds.query(
      `SELECT sf.id, sf.holder_id, sf.type, sf.status FROM registry_function sf JOIN registry_agency ha ON ha.id = sf.holder_id WHERE ${scope.sql}`,
      scope.params,
    );
    const holders: { id: string; code: string; name_ru: string; level: string }[] = await this.ds.query(
      `SELECT id, code, name_ru, level FROM registry_agency WHERE id = ANY($1::uuid[]) ORDER BY level, code`,
      [[...new Set(functions.map((f) => f.holder_id))]],
    );
    const run = await this.runs.latest();
    const ids = functions.map((f) => f.id);
    const pairs: { a: string; b: string; band: string }[] = run
      ? await this.ds.query(
          `SELECT p.function_a AS a, p.function_b AS b, p.band FROM ${findingsTouching('$1', '$2')} p`,
          [run.id, ids],
        )
      : [];
    const active = functions.filter((f) => !isRetired(f.status));
    if (active.length > REPORT_SCOPE_LIMIT) {
      throw badInput(
        'id',
        `campaign ${campaign.code} covers ${active.length} active functions; a report reads at most ${REPORT_SCOPE_LIMIT} (narrow the campaign's scope)`,
      );
    }
    const flags = await this.assessment.flagsForMany(active.map((f) => f.id));
    const findings = await this.campaigns.findingsWhere(
      this.ds.manager,
      `f.campaign_id = $1${published ? ` AND ${PUBLISHED_FINDINGS}` : ''}`,
      [campaign.id],
      'ORDER BY f.created_at',
    );
    // APPROVED and IMPLEMENTED findings only: what the public may see too.
    const savings = await this.savings.ofCampaign(campaign.id);

    const holderOf = new Map(functions.map((f) => [f.id, f.holder_id]));
    const rows = new Map<string, AgencyReportRow>(
      holders.map((h) => [
        h.id,
        {
          agencyId: h.id,
          agencyCode: h.code,
          agencyName: h.name_ru,
          level: h.level,
          functions: 0,
          strategic: 0,
          regulatory: 0,
          implementing: 0,
          control: 0,
          unclassified: 0,
          transferredOrAbolished: 0,
          duplicatePairs: 0,
          overlapPairs: 0,
          transferCandidates: 0,
          strongTransferCandidates: 0,
          decisions: [],
          freedPlanned: '0.00',
          freedActual: '0.00',
          freedStaff: '0.00',
        },
      ]),
    );
    for (const f of functions) {
      const r = rows.get(f.holder_id)!;
      r.functions++;
      if (isRetired(f.status)) r.transferredOrAbolished++;
      const key = (f.type?.toLowerCase() ?? 'unclassified') as
        'strategic' | 'regulatory' | 'implementing' | 'control' | 'unclassified';
      r[key]++;
      const fl = flags.get(f.id) ?? [];
      if (fl.length) r.transferCandidates++;
      if (fl.some((x) => x.strength === 'STRONG')) r.strongTransferCandidates++;
    }
    for (const p of pairs) {
      // A pair counts for each agency of the scope that holds one of its functions.
      for (const holder of new Set([holderOf.get(p.a), holderOf.get(p.b)])) {
        const r = holder ? rows.get(holder) : undefined;
        if (!r) continue;
        if (p.band === 'DUPLICATE') r.duplicatePairs++;
        else r.overlapPairs++;
      }
    }
    for (const finding of findings) {
      const perHolder = new Map<string, number>();
      for (const id of finding.functionIds) {
        const h = holderOf.get(id);
        if (h) perHolder.set(h, (perHolder.get(h) ?? 0) + 1);
      }
      for (const [h, n] of perHolder) {
        const r = rows.get(h)!;
        let d = r.decisions.find((x) => x.action === finding.action && x.status === finding.status);
        if (!d) r.decisions.push((d = { action: finding.action, status: finding.status, findings: 0, functions: 0 }));
        d.findings++;
        d.functions += n;
      }
    }
    for (const t of savings.totals) {
      const r = rows.get(t.holderId);
      if (!r) continue;
      r.freedPlanned = decimal(hundredths(r.freedPlanned) + hundredths(t.freedPlanned));
      if (t.freedActual !== null) r.freedActual = decimal(hundredths(r.freedActual) + hundredths(t.freedActual));
      r.freedStaff = decimal(hundredths(r.freedStaff) + hundredths(t.freedStaff));
    }
    return { campaign, reviewRunId: run?.id ?? null, generatedAt: new Date(), agencies: [...rows.values()], savings };
  }

  /** The report as an XLSX workbook: summary per agency, findings with their steps, and the savings lines. */
  async workbook(campaignId: string, identity: Identity = ANONYMOUS): Promise<Buffer> {
    const r = await this.report(campaignId, identity);
    const published = !isStaff(identity);
    const findings = await this.campaigns.findingsWhere(
      this.ds.manager,
      `f.campaign_id = $1${published ? ` AND ${PUBLISHED_FINDINGS}` : ''}`,
      [campaignId],
      'ORDER BY f.created_at',
    );
    const events = await this.campaigns.events(findings.map((f) => f.id));
    const codes = await this.codes(
      findings
        .flatMap((f) => [...f.functionIds, ...(f.mergeIntoId ? [f.mergeIntoId] : [])])
        .concat(
          r.savings.lines.map((l) => l.functionId),
          r.savings.staff.map((s) => s.functionId),
        ),
    );
    const programmes: Map<string, string> = new Map(
      (
        await this.ds.query<{ id: string; code: string }[]>(
          `SELECT id, code FROM budget_programme WHERE id = ANY($1::uuid[])`,
          [[...new Set(r.savings.lines.map((l) => l.programmeId))]],
        )
      ).map((p) => [p.id, p.code]),
    );
    const agencyCode = new Map(r.agencies.map((a) => [a.agencyId, a.agencyCode]));

    const wb = new (await excelJs()).Workbook();
    wb.creator = 'State functions registry';
    wb.created = r.generatedAt;
    const sheet = (name: string, columns: { header: string; key: string; width: number }[]) => {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = columns;
      ws.getRow(1).font = { bold: true };
      return ws;
    };
    const summary = sheet('Summary', [
      { header: 'Agency', key: 'agencyCode', width: 16 },
      { header: 'Name', key: 'agencyName', width: 48 },
      { header: 'Level', key: 'level', width: 11 },
      { header: 'Functions', key: 'functions', width: 10 },
      { header: 'Strategic', key: 'strategic', width: 10 },
      { header: 'Regulatory', key: 'regulatory', width: 11 },
      { header: 'Implementing', key: 'implementing', width: 13 },
      { header: 'Control', key: 'control', width: 9 },
      { header: 'Unclassified', key: 'unclassified', width: 12 },
      { header: 'Transferred or abolished', key: 'transferredOrAbolished', width: 12 },
      { header: 'Duplicate pairs', key: 'duplicatePairs', width: 10 },
      { header: 'Overlap pairs', key: 'overlapPairs', width: 10 },
      { header: 'Transfer candidates', key: 'transferCandidates', width: 11 },
      { header: 'of them strong', key: 'strongTransferCandidates', width: 9 },
      { header: 'Decisions', key: 'decisions', width: 40 },
      { header: 'Freed, planned (tenge)', key: 'freedPlanned', width: 18 },
      { header: 'Freed, actual (tenge)', key: 'freedActual', width: 18 },
      { header: 'Freed staff units', key: 'freedStaff', width: 10 },
    ]);
    for (const a of r.agencies) {
      summary.addRow({
        ...a,
        decisions: a.decisions.map((d) => `${d.action} ${d.status}: ${d.functions}`).join('; '),
        freedPlanned: Number(a.freedPlanned),
        freedActual: Number(a.freedActual),
        freedStaff: Number(a.freedStaff),
      });
    }
    for (const key of ['freedPlanned', 'freedActual']) summary.getColumn(key).numFmt = '#,##0.00';

    const fs = sheet('Findings', [
      { header: 'Finding', key: 'id', width: 38 },
      { header: 'Functions', key: 'functions', width: 30 },
      { header: 'Action', key: 'action', width: 18 },
      { header: 'Merge into / transfer to / level', key: 'target', width: 26 },
      { header: 'Savings share', key: 'share', width: 9 },
      { header: 'Rationale', key: 'rationale', width: 60 },
      { header: 'Status', key: 'status', width: 12 },
      { header: published ? 'Steps (when)' : 'Steps (who, when)', key: 'steps', width: 70 },
    ]);
    for (const f of findings) {
      fs.addRow({
        id: f.id,
        functions: f.functionIds.map((id) => codes.get(id)).join(', '),
        action: f.action,
        target: f.mergeIntoId ? codes.get(f.mergeIntoId) : (f.transferOption ?? f.targetLevel ?? ''),
        share: Number(f.savingsShare),
        rationale: f.rationale,
        status: f.status,
        steps: (events.get(f.id) ?? [])
          .map((e) =>
            published
              ? `${e.toStatus} on ${e.at.toISOString().slice(0, 10)}`
              : `${e.toStatus} by ${e.actor ?? 'unknown'} on ${e.at.toISOString().slice(0, 10)}${e.note ? ` (${e.note})` : ''}`,
          )
          .join('; '),
      });
    }
    fs.getColumn('share').numFmt = '0%';

    const ls = sheet('Savings', [
      { header: 'Year', key: 'year', width: 7 },
      { header: 'Agency', key: 'agency', width: 16 },
      { header: 'Finding', key: 'findingId', width: 38 },
      { header: 'Function', key: 'function', width: 14 },
      { header: 'Programme', key: 'programme', width: 14 },
      { header: 'Link', key: 'linkId', width: 38 },
      { header: 'Link share', key: 'linkShare', width: 10 },
      { header: 'Programme planned', key: 'programmePlanned', width: 18 },
      { header: 'Programme actual', key: 'programmeActual', width: 18 },
      { header: 'Savings share', key: 'savingsShare', width: 9 },
      { header: 'Freed, planned', key: 'freedPlanned', width: 16 },
      { header: 'Freed, actual', key: 'freedActual', width: 16 },
    ]);
    for (const l of r.savings.lines) {
      ls.addRow({
        ...l,
        agency: agencyCode.get(l.holderId) ?? l.holderId,
        function: codes.get(l.functionId),
        programme: programmes.get(l.programmeId),
        linkShare: Number(l.linkShare),
        programmePlanned: Number(l.programmePlanned),
        programmeActual: l.programmeActual === null ? null : Number(l.programmeActual),
        savingsShare: Number(l.savingsShare),
        freedPlanned: Number(l.freedPlanned),
        freedActual: l.freedActual === null ? null : Number(l.freedActual),
      });
    }
    for (const key of ['linkShare', 'savingsShare']) ls.getColumn(key).numFmt = '0.00%';
    for (const key of ['programmePlanned', 'programmeActual', 'freedPlanned', 'freedActual'])
      ls.getColumn(key).numFmt = '#,##0.00';

    const ss = sheet('Staff', [
      { header: 'Year', key: 'year', width: 7 },
      { header: 'Agency', key: 'agency', width: 16 },
      { header: 'Finding', key: 'findingId', width: 38 },
      { header: 'Function', key: 'function', width: 14 },
      { header: 'Staff units', key: 'staffUnits', width: 10 },
      { header: 'Savings share', key: 'savingsShare', width: 9 },
      { header: 'Freed staff units', key: 'freedStaff', width: 10 },
    ]);
    for (const s of r.savings.staff) {
      ss.addRow({
        ...s,
        agency: agencyCode.get(s.holderId) ?? s.holderId,
        function: codes.get(s.functionId),
        staffUnits: Number(s.staffUnits),
        savingsShare: Number(s.savingsShare),
        freedStaff: Number(s.freedStaff),
      });
    }
    ss.getColumn('savingsShare').numFmt = '0.00%';
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  private async codes(ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; code: string }[] = await this.ds.query(
      `SELECT id, code FROM registry_function WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.code]));
  }
}
