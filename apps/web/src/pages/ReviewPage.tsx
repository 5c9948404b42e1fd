import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { errorText } from '../client';
import { reasonText } from '../reasons';
import { AgencyPicker } from '../components/AgencyPicker';
import { Clusters, ControlPiles } from '../components/Groups';
import { Compared } from '../components/Highlight';
import { Pager } from '../components/Pager';
import { graphql } from '../gql';
import type { DuplicateAxis, DuplicateBand, ReviewStatus } from '../gql/graphql';
import { agencyName } from '../names';
import { NeedsSignIn } from '../components/NeedsSignIn';
import { useSession } from '../session';
import { useUrlState } from '../url';
import { ChoiceFilter } from '../components/ChoiceFilter';

/** Reasons that count the further pairs of functions a finding stands for. */
const FURTHER_PAIRS = new Set(['REPLICATED', 'STATED_BY_SEVERAL']);

const PairsDocument = graphql(`
  query ReviewQueue($filter: DuplicatePairFilter, $skip: Int!, $take: Int!) {
    duplicatePairs(filter: $filter, skip: $skip, take: $take) {
      totalCount
      items {
        id
        band
        axis
        score
        reviewStatus
        decisionNote
        alsoReplicated
        reasons {
          code
          text
          params
        }
        a {
          ...ListedFunction
          statementScope {
            action
            actionClass
            object
            objectWords
            area
            qualifiers
            generic
          }
        }
        b {
          ...ListedFunction
          statementScope {
            action
            actionClass
            object
            objectWords
            area
            qualifiers
            generic
          }
        }
      }
    }
  }
`);

const DecideDocument = graphql(`
  mutation DecidePair($input: DecideDuplicatePairInput!) {
    decideDuplicatePair(input: $input) {
      id
      reviewStatus
      decisionNote
    }
  }
`);

const LatestRunDocument = graphql(`
  query LatestRun {
    reviewRuns(take: 1) {
      items {
        id
        status
        requestedAt
        finishedAt
        error
      }
    }
  }
`);

const StartRunDocument = graphql(`
  mutation StartRun {
    startReviewRun {
      id
      status
    }
  }
`);

const AXES: DuplicateAxis[] = [
  'VERTICAL',
  'HORIZONTAL',
  'WITHIN_AGENCY',
  'COLLEGIAL_VS_HEAD',
  'STATE_VS_SELF_GOVERNMENT',
];
const BANDS: DuplicateBand[] = ['DUPLICATE', 'OVERLAP'];
const STATUSES: ReviewStatus[] = ['OPEN', 'CONFIRMED', 'DISMISSED'];
const PAGE = 20;

/** How the review reads a statement: its action, object, area and scope qualifiers. */
function ScopeFacts({
  scope,
}: {
  scope: {
    action: string[];
    actionClass: string;
    object?: string | null;
    objectWords: string[];
    area: string[];
    qualifiers: string[];
    generic: boolean;
  };
}) {
  const { t } = useTranslation();
  if (scope.action.length === 0 && !scope.object) return null;
  return (
    <dl className="scope">
      <dt>{t('scope.action')}</dt>
      <dd>
        {scope.action.join(', ') || '—'} <span className="muted">({t(`actionClass.${scope.actionClass}`)})</span>
      </dd>
      {scope.object && (
        <>
          <dt>{t('scope.object')}</dt>
          <dd>
            {scope.object}{' '}
            {scope.objectWords.length > 0 && <span className="muted">{scope.objectWords.join(' ')}</span>}
          </dd>
        </>
      )}
      {scope.area.length > 0 && (
        <>
          <dt>{t('scope.area')}</dt>
          <dd>
            {scope.area.join(' ')}
            {scope.generic && <span className="badge">{t('scope.generic')}</span>}
          </dd>
        </>
      )}
      {scope.qualifiers.length > 0 && (
        <>
          <dt>{t('scope.qualifiers')}</dt>
          <dd lang="en">{scope.qualifiers.join('; ')}</dd>
        </>
      )}
    </dl>
  );
}

/** Typing in a field is typing, not a command. */
const typing = (e: KeyboardEvent) => {
  const el = e.target as HTMLElement | null;
  return (
    !!el && (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.isContentEditable)
  );
};

/**
 * The review queue: the latest run's findings by axis, band and status, one at a time beside each
 * other with the words they share marked, the engine's reasons, and a decision with a comment.
 * Keys: J / K next and previous, C confirm, D dismiss.
 */
export function ReviewPage() {
  const { t, i18n } = useTranslation();
  const { can, viewer } = useSession();
  const [params, setUrl] = useUrlState();
  const axis = params.get('axis') as DuplicateAxis | null;
  const band = params.get('band') as DuplicateBand | null;
  const status = (params.get('status') as ReviewStatus | null) ?? 'OPEN';
  const skip = Math.max(0, Number(params.get('skip') ?? 0) || 0);
  const view = params.get('view') ?? 'pairs';
  const agencyId = params.get('agency');
  const [selected, setSelected] = useState(0);
  const [note, setNote] = useState('');
  const [said, setSaid] = useState<string | null>(null);

  const [runs, refetchRuns] = useQuery({ query: LatestRunDocument, pause: !can('readFindings') });
  const [started, startRun] = useMutation(StartRunDocument);
  const run = runs.data?.reviewRuns.items[0];
  const working = run?.status === 'QUEUED' || run?.status === 'RUNNING';
  // A run in the queue or at work is looked at every two seconds until it is done.
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => refetchRuns({ requestPolicy: 'network-only' }), 2000);
    return () => clearInterval(timer);
  }, [working, refetchRuns]);

  const [{ data, fetching, error }, refetchPairs] = useQuery({
    query: PairsDocument,
    variables: {
      filter: {
        axes: axis ? [axis] : undefined,
        bands: band ? [band] : undefined,
        reviewStatuses: [status],
        agencyId: agencyId ?? undefined,
      },
      skip,
      take: PAGE,
    },
    pause: !can('readFindings') || view !== 'pairs',
  });
  const [decision, decide] = useMutation(DecideDocument);
  const runFinished = run?.status === 'SUCCEEDED' ? run.id : null;
  useEffect(() => {
    if (runFinished) refetchPairs({ requestPolicy: 'network-only' });
  }, [runFinished, refetchPairs]);
  const items = data?.duplicatePairs.items ?? [];
  const pair = items[Math.min(selected, items.length - 1)];

  const update = (changes: Record<string, string | null>) => {
    setUrl(changes);
    setSelected(0);
  };

  const act = useCallback(
    async (to: ReviewStatus) => {
      if (!pair || !can('decidePairs')) return;
      const result = await decide({
        input: { functionA: pair.a!.id, functionB: pair.b.id, status: to, note: note.trim() || undefined },
      });
      if (result.error) setSaid(t('review.refused', { message: errorText(result.error) }));
      else {
        setSaid(t(`review.done.${to}`, { a: pair.a!.code, b: pair.b.code }));
        setNote('');
      }
    },
    [pair, note, decide, can, t],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Only the pairs on screen, one decision at a time.
      if (view !== 'pairs' || !pair || decision.fetching) return;
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'j') setSelected((s) => Math.min(s + 1, Math.max(items.length - 1, 0)));
      else if (k === 'k') setSelected((s) => Math.max(s - 1, 0));
      else if (k === 'c') void act('CONFIRMED');
      else if (k === 'd') void act('DISMISSED');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items.length, act, view, pair, decision.fetching]);

  // A comment is about the pair it was written for.
  const pairId = pair?.id;
  useEffect(() => setNote(''), [pairId]);

  if (!viewer || !can('readFindings')) return <NeedsSignIn title={t('review.title')} />;

  const holder = (h: { nameRu: string; nameKk?: string | null; nameEn?: string | null; level: string }) =>
    `${agencyName(h, i18n.language)} (${t(`level.${h.level}`)})`;

  return (
    <section>
      <h1 tabIndex={-1}>{t('review.title')}</h1>
      <p className="lead">{t('review.lead')}</p>
      <div className="run" role="status">
        {run ? (
          <span>
            {t(`run.${run.status}`, {
              when: new Date(run.finishedAt ?? run.requestedAt).toLocaleString(i18n.language),
            })}
            {run.error && ` ${run.error}`}
          </span>
        ) : (
          runs.data && <span>{t('run.none')}</span>
        )}
        {can('startRuns') && (
          <button
            type="button"
            disabled={working || started.fetching}
            onClick={() => void startRun({}).then(() => refetchRuns({ requestPolicy: 'network-only' }))}
          >
            {t('run.start')}
          </button>
        )}
        {started.error && <span className="error">{errorText(started.error)}</span>}
      </div>
      <nav className="tabs" aria-label={t('groups.views')}>
        {['pairs', 'clusters', 'piles'].map((v) => (
          <button
            key={v}
            type="button"
            aria-current={view === v ? 'page' : undefined}
            onClick={() => update({ view: v === 'pairs' ? null : v })}
          >
            {t(`groups.view.${v}`)}
          </button>
        ))}
      </nav>
      {view === 'clusters' && <Clusters />}
      {view === 'piles' && <ControlPiles />}
      {view === 'pairs' && (
        <>
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            <AgencyPicker agencyId={agencyId} onPick={(id) => update({ agency: id })} />
            <ChoiceFilter
              label={t('review.axis')}
              value={axis}
              choices={AXES}
              name={(x) => t(`axis.${x}`)}
              onChange={(v) => update({ axis: v })}
            />
            <ChoiceFilter
              label={t('review.band')}
              value={band}
              choices={BANDS}
              name={(x) => t(`band.${x}`)}
              onChange={(v) => update({ band: v })}
            />
            <label>
              {t('review.status')}
              <select value={status} onChange={(e) => update({ status: e.target.value })}>
                {STATUSES.map((x) => (
                  <option key={x} value={x}>
                    {t(`reviewStatus.${x}`)}
                  </option>
                ))}
              </select>
            </label>
          </form>
          {error && (
            <p role="alert" className="error">
              {t('error.load', { message: errorText(error) })}
            </p>
          )}
          <p aria-live="polite" className="count" aria-busy={fetching}>
            {data && t('review.found', { count: data.duplicatePairs.totalCount })}
          </p>
          <div className="queue">
            <ol className="findings" aria-label={t('review.list')}>
              {items.map((p, i) => (
                <li key={p.id}>
                  <button
                    type="button"
                    aria-current={i === selected ? 'true' : undefined}
                    onClick={() => setSelected(i)}
                  >
                    <strong>{t(`band.${p.band}`)}</strong> · {t(`axis.${p.axis}`)} · {p.score.toFixed(2)}
                    <br />
                    {p.a?.code} ↔ {p.b.code}
                  </button>
                </li>
              ))}
            </ol>
            {pair && pair.a && (
              <div className="pair" aria-label={t('review.pair')}>
                <div className="sides">
                  {[
                    [pair.a, pair.b],
                    [pair.b, pair.a],
                  ].map(([x, y]) => (
                    <div key={x.id} className="side">
                      <h2>
                        <Link to={`/functions/${x.code}`}>{x.code}</Link>
                      </h2>
                      <p className="holder">{holder(x.holder)}</p>
                      <p className="statement">
                        <Compared text={x.title} other={y.title} />
                      </p>
                      <ScopeFacts scope={x.statementScope} />
                    </div>
                  ))}
                </div>
                <p className="legend">{t('review.legend')}</p>
                <h3>{t('review.reasons')}</h3>
                <ul>
                  {/* The further pairs a finding stands for have a line of their own below. */}
                  {pair.reasons
                    .filter((r) => !FURTHER_PAIRS.has(r.code))
                    .map((r, i) => {
                      const { text, localized } = reasonText(t, r);
                      return (
                        <li key={i}>
                          <strong>{t(`reason.${r.code}`, { defaultValue: r.code })}</strong>:{' '}
                          <span lang={localized ? i18n.language : 'en'}>{text}</span>
                        </li>
                      );
                    })}
                  {pair.alsoReplicated > 0 && (
                    <li>
                      {t(
                        pair.reasons.some((r) => r.code === 'STATED_BY_SEVERAL')
                          ? 'review.statedBySeveral'
                          : 'review.replicated',
                        { count: pair.alsoReplicated },
                      )}
                    </li>
                  )}
                </ul>
                {pair.decisionNote && <p>{t('review.note', { note: pair.decisionNote })}</p>}
                {can('decidePairs') && (
                  <form className="decide" onSubmit={(e) => e.preventDefault()}>
                    <label>
                      {t('review.comment')}
                      <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
                    </label>
                    <div className="buttons">
                      <button type="button" disabled={decision.fetching} onClick={() => void act('CONFIRMED')}>
                        {t('review.confirm')} <kbd>C</kbd>
                      </button>
                      <button type="button" disabled={decision.fetching} onClick={() => void act('DISMISSED')}>
                        {t('review.dismiss')} <kbd>D</kbd>
                      </button>
                      {pair.reviewStatus !== 'OPEN' && (
                        <button type="button" disabled={decision.fetching} onClick={() => void act('OPEN')}>
                          {t('review.reopen')}
                        </button>
                      )}
                    </div>
                  </form>
                )}
                <p role="status">{said}</p>
              </div>
            )}
          </div>
          {data && (
            <Pager
              skip={skip}
              take={PAGE}
              total={data.duplicatePairs.totalCount}
              onSkip={(s) => update({ skip: String(s) })}
            />
          )}
        </>
      )}
    </section>
  );
}
