import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { errorText, storedToken } from '../client';
import { Bars } from '../components/Charts';
import { money } from '../format';
import { graphql } from '../gql';
import type { FindingStatus } from '../gql/graphql';
import { useSession } from '../session';

const ReportDocument = graphql(`
  query CampaignBoardReport($id: ID!) {
    campaignReport(id: $id) {
      reviewRunId
      xlsxUrl
      campaign {
        id
        code
        title
        status
        startsOn
        endsOn
      }
      agencies {
        agencyId
        agencyName
        level
        functions
        strategic
        regulatory
        implementing
        control
        unclassified
        freedPlanned
        freedStaff
      }
      savings {
        totals {
          year
          freedPlanned
          freedStaff
        }
      }
    }
  }
`);

const FindingsDocument = graphql(`
  query CampaignBoardFindings($id: ID!) {
    campaignFindings(campaignId: $id, take: 100) {
      totalCount
      items {
        id
        action
        status
        rationale
        savingsPercent
        version
        functions {
          id
          code
          title
        }
        events {
          at
          actor
          toStatus
          note
        }
      }
    }
  }
`);

const RunStatsDocument = graphql(`
  query CampaignRunStats($id: ID!) {
    reviewRun(id: $id) {
      id
      stats
    }
  }
`);

const RecentRunsDocument = graphql(`
  query CampaignRecentRuns {
    reviewRuns(take: 10) {
      items {
        id
        status
        stats
      }
    }
  }
`);

const AdvanceDocument = graphql(`
  mutation AdvanceFinding($input: AdvanceFindingInput!) {
    advanceFinding(input: $input) {
      id
      status
      version
    }
  }
`);

const COLUMNS: FindingStatus[] = ['PROPOSED', 'AGREED', 'APPROVED', 'IMPLEMENTED', 'REJECTED'];
const NEXT: Partial<Record<FindingStatus, FindingStatus[]>> = {
  PROPOSED: ['AGREED', 'REJECTED'],
  AGREED: ['APPROVED', 'REJECTED'],
  APPROVED: ['IMPLEMENTED', 'REJECTED'],
};

/**
 * One campaign: its findings on a board by status with their steps (staff move them on, within the
 * campaign's separation of duties), what they free, the report to download, and charts: functions
 * by type per agency, findings per axis of the run behind them, savings by year.
 */
export function CampaignPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const lang = i18n.language;
  const [report, refetchReport] = useQuery({ query: ReportDocument, variables: { id } });
  const [findings, refetchFindings] = useQuery({
    query: FindingsDocument,
    variables: { id },
    pause: !can('readStaffFields'),
  });
  // The review run behind the campaign's findings; without one, the latest that succeeded.
  const runId = report.data?.campaignReport.reviewRunId;
  const [run] = useQuery({
    query: RunStatsDocument,
    variables: { id: runId ?? '' },
    pause: !runId || !can('readFindings'),
  });
  const [recent] = useQuery({ query: RecentRunsDocument, pause: !!runId || !report.data || !can('readFindings') });
  const latest = recent.data?.reviewRuns.items.find((r) => r.status === 'SUCCEEDED');
  const [, advance] = useMutation(AdvanceDocument);
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);

  const r = report.data?.campaignReport;
  if (report.error)
    return (
      <section>
        <h1 tabIndex={-1}>{t('campaign.notFound')}</h1>
        <p role="alert">{errorText(report.error)}</p>
      </section>
    );
  if (!r) return <p aria-busy="true">{t('loading')}</p>;

  const download = async () => {
    const token = storedToken();
    const res = await fetch(r.xlsxUrl, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) {
      setSaid({ text: t('campaign.downloadFailed', { status: res.status }), error: true });
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${r.campaign.code}.xlsx`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const move = async (findingId: string, version: number, status: FindingStatus) => {
    const result = await advance({ input: { findingId, version, status } });
    if (result.error)
      setSaid({
        text: t('campaign.refused', { message: errorText(result.error) }),
        error: true,
      });
    else {
      setSaid({ text: t('campaign.moved', { status: t(`findingStatus.${status}`) }), error: false });
      refetchFindings({ requestPolicy: 'network-only' });
      // What the campaign frees changes with its findings' steps.
      refetchReport({ requestPolicy: 'network-only' });
    }
  };

  const byType = r.agencies
    .filter((a) => a.functions > 0)
    .map((a) => ({
      name: a.agencyName,
      STRATEGIC: a.strategic,
      REGULATORY: a.regulatory,
      IMPLEMENTING: a.implementing,
      CONTROL: a.control,
      none: a.unclassified,
    }));
  const stats = (runId ? run.data?.reviewRun.stats : latest?.stats) as
    { byAxis?: Record<string, number> } | null | undefined;
  const byAxis = Object.entries(stats?.byAxis ?? {}).map(([axis, n]) => ({ name: t(`axis.${axis}`), findings: n }));
  const years = new Map<number, { planned: number; staff: number }>();
  for (const s of r.savings.totals) {
    const y = years.get(s.year) ?? { planned: 0, staff: 0 };
    y.planned += Number(s.freedPlanned);
    y.staff += Number(s.freedStaff);
    years.set(s.year, y);
  }
  const bySavings = [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, v]) => ({ name: String(year), planned: Math.round(v.planned / 1e6), staff: v.staff }));
  const items = findings.data?.campaignFindings.items ?? [];

  return (
    <section>
      <p className="crumbs">
        <Link to="/campaigns">{t('campaign.listTitle')}</Link> / {r.campaign.code}
      </p>
      <h1 tabIndex={-1}>{r.campaign.title}</h1>
      <p className="lead">
        {t(`campaignStatus.${r.campaign.status}`)} · {r.campaign.startsOn} — {r.campaign.endsOn}
      </p>
      <p>
        <button type="button" onClick={() => void download()}>
          {t('campaign.download')}
        </button>
      </p>
      <p role={said?.error ? 'alert' : 'status'} className={said?.error ? 'error' : undefined}>
        {said?.text}
      </p>

      {can('readStaffFields') && (
        <>
          <h2>{t('campaign.board', { count: findings.data?.campaignFindings.totalCount ?? 0 })}</h2>
          <div className="board">
            {COLUMNS.map((status) => {
              const here = items.filter((f) => f.status === status);
              return (
                <section key={status} className="column" aria-labelledby={`col-${status}`}>
                  <h3 id={`col-${status}`}>
                    {t(`findingStatus.${status}`)} <span className="muted">({here.length})</span>
                  </h3>
                  <ul>
                    {here.map((f) => {
                      const last = f.events[f.events.length - 1];
                      return (
                        <li key={f.id} className="finding">
                          <strong>{t(`findingAction.${f.action}`)}</strong>
                          {f.savingsPercent > 0 && (
                            <span className="badge">{t('campaign.frees', { percent: f.savingsPercent })}</span>
                          )}
                          <p>
                            {f.functions.map((fn) => (
                              <Link key={fn.id} to={`/functions/${fn.code}`} title={fn.title}>
                                {fn.code}{' '}
                              </Link>
                            ))}
                          </p>
                          <p className="rationale">{f.rationale}</p>
                          {last && (
                            <details className="steps">
                              <summary>
                                {t('campaign.lastStep', {
                                  who: last.actor ?? '—',
                                  when: new Date(last.at).toLocaleString(lang),
                                })}
                              </summary>
                              <ol>
                                {f.events.map((e, i) => (
                                  <li key={i}>
                                    {t(`findingStatus.${e.toStatus}`)} — {e.actor ?? '—'},{' '}
                                    {new Date(e.at).toLocaleString(lang)}
                                    {e.note && `: ${e.note}`}
                                  </li>
                                ))}
                              </ol>
                            </details>
                          )}
                          {can('advanceFindings') && (
                            <div className="buttons">
                              {(NEXT[f.status] ?? []).map((to) => (
                                <button key={to} type="button" onClick={() => void move(f.id, f.version, to)}>
                                  {t(`campaign.to.${to}`)}
                                </button>
                              ))}
                            </div>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </section>
              );
            })}
          </div>
        </>
      )}

      <h2>{t('campaign.pictures')}</h2>
      <div className="charts">
        {byType.length > 0 && (
          <Bars
            title={t('campaign.chart.types')}
            rows={byType}
            category="name"
            stacked
            horizontal
            series={['STRATEGIC', 'REGULATORY', 'IMPLEMENTING', 'CONTROL', 'none'].map((k) => ({
              key: k,
              label: t(`type.${k}`),
            }))}
          />
        )}
        {byAxis.length > 0 && (
          <Bars
            title={runId ? t('campaign.chart.axes') : t('campaign.chart.axesLatest')}
            rows={byAxis}
            category="name"
            horizontal
            series={[{ key: 'findings', label: t('campaign.chart.findings') }]}
          />
        )}
        {bySavings.length > 0 ? (
          <Bars
            title={t('campaign.chart.savings')}
            rows={bySavings}
            category="name"
            series={[
              { key: 'planned', label: t('campaign.chart.plannedMillions') },
              { key: 'staff', label: t('campaign.chart.staff') },
            ]}
          />
        ) : (
          <p className="chart">{t('campaign.noSavings')}</p>
        )}
      </div>

      <h2>{t('campaign.agencies')}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('registry.holder')}</th>
            <th scope="col">{t('campaign.functions')}</th>
            <th scope="col">{t('campaign.freedPlanned')}</th>
            <th scope="col">{t('campaign.freedStaff')}</th>
          </tr>
        </thead>
        <tbody>
          {r.agencies.map((a) => (
            <tr key={a.agencyId}>
              <td>
                {a.agencyName} ({t(`level.${a.level}`)})
              </td>
              <td>{a.functions}</td>
              <td>{money(a.freedPlanned, lang)}</td>
              <td>{a.freedStaff}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
