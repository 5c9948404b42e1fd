import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClient, useMutation, useQuery } from 'urql';
import { errorText } from '../client';
import { FunctionByCodeDocument } from '../fragments';
import { graphql } from '../gql';
import type { ReviewStatus } from '../gql/graphql';
import { useSession } from '../session';
import { Pager } from './Pager';

const PairDecisionsDocument = graphql(`
  query PairDecisions($id: ID!, $skip: Int!, $take: Int!) {
    pairDecisions(functionId: $id, skip: $skip, take: $take) {
      totalCount
      items {
        status
        note
        decidedBy
        decidedAt
        current
        function {
          id
          code
          title
        }
      }
    }
  }
`);

const RecordPairDocument = graphql(`
  mutation RecordPair($input: DecideDuplicatePairInput!) {
    decideDuplicatePair(input: $input) {
      id
    }
  }
`);

const PAGE = 10;

/**
 * The pairs reviewers decided with this function, and for those who decide, a form to record one
 * the review did not report: a duplicate it missed, or a look-alike it should not report. Both
 * teach the review's model (docs/review-method.md).
 */
export function DecidedPairs({ functionId, functionCode }: { functionId: string; functionCode: string }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const client = useClient();
  const [skip, setSkip] = useState(0);
  const [{ data, error }, refetch] = useQuery({
    query: PairDecisionsDocument,
    variables: { id: functionId, skip, take: PAGE },
  });
  const [recording, record] = useMutation(RecordPairDocument);
  const [otherCode, setOtherCode] = useState('');
  const [status, setStatus] = useState<ReviewStatus>('CONFIRMED');
  const [note, setNote] = useState('');
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);

  const decide = async (otherId: string, otherCodeShown: string, decided: ReviewStatus, withNote?: string) => {
    const result = await record({
      input: { functionA: functionId, functionB: otherId, status: decided, note: withNote },
    });
    if (result.error) {
      setSaid({ text: t('pairs.refused', { message: errorText(result.error) }), error: true });
      return false;
    }
    setSaid({ text: t(`pairs.done.${decided}`, { a: functionCode, b: otherCodeShown }), error: false });
    refetch({ requestPolicy: 'network-only' });
    return true;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const code = otherCode.trim();
    const found = await client.query(FunctionByCodeDocument, { code }, { requestPolicy: 'network-only' }).toPromise();
    const other = found.data?.stateFunction;
    if (!other) {
      setSaid({ text: t('pairs.noFunction', { code }), error: true });
      return;
    }
    if (other.id === functionId) {
      setSaid({ text: t('pairs.same'), error: true });
      return;
    }
    if (await decide(other.id, other.code, status, note.trim() || undefined)) {
      setOtherCode('');
      setNote('');
    }
  };

  const page = data?.pairDecisions;
  return (
    <section aria-labelledby="decided-pairs">
      <h2 id="decided-pairs">{t('pairs.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {t('error.load', { message: errorText(error) })}
        </p>
      )}
      {page && page.totalCount === 0 && <p>{t('pairs.none')}</p>}
      {page && page.totalCount > 0 && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('pairs.other')}</th>
                <th scope="col">{t('review.status')}</th>
                <th scope="col">{t('review.comment')}</th>
                <th scope="col">{t('function.who')}</th>
                <th scope="col">{t('function.when')}</th>
                {can('decidePairs') && <th scope="col">{t('pairs.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {page.items.map((d) => (
                <tr key={d.function.id}>
                  <td>
                    <Link to={`/functions/${encodeURIComponent(d.function.code)}`}>{d.function.code}</Link>{' '}
                    {d.function.title}
                  </td>
                  <td>
                    {t(`reviewStatus.${d.status}`)}
                    {!d.current && <span className="muted"> ({t('pairs.stale')})</span>}
                  </td>
                  <td>{d.note ?? '—'}</td>
                  <td>{d.decidedBy ?? '—'}</td>
                  <td>{new Date(d.decidedAt).toLocaleString(i18n.language)}</td>
                  {can('decidePairs') && (
                    <td>
                      <button
                        type="button"
                        className="linkish"
                        disabled={recording.fetching}
                        onClick={() => void decide(d.function.id, d.function.code, 'OPEN')}
                      >
                        {t('pairs.withdraw')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {page.totalCount > PAGE && <Pager skip={skip} take={PAGE} total={page.totalCount} onSkip={setSkip} />}
        </>
      )}
      {can('decidePairs') && (
        <form className="link-form" onSubmit={(e) => void submit(e)}>
          <h3>{t('pairs.recordTitle')}</h3>
          <p className="muted">{t('pairs.recordLead')}</p>
          <div className="filters">
            <label>
              {t('pairs.otherCode')}
              <input
                required
                value={otherCode}
                onChange={(e) => setOtherCode(e.target.value)}
                placeholder="F-0000001"
              />
            </label>
            <label>
              {t('review.status')}
              <select value={status} onChange={(e) => setStatus(e.target.value as ReviewStatus)}>
                <option value="CONFIRMED">{t('pairs.confirmed')}</option>
                <option value="DISMISSED">{t('pairs.dismissed')}</option>
              </select>
            </label>
            <label className="grow">
              {t('review.comment')}
              <input value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="submit" disabled={recording.fetching}>
              {t('pairs.record')}
            </button>
          </div>
        </form>
      )}
      <p role={said?.error ? 'alert' : 'status'} className={said?.error ? 'error' : undefined}>
        {said?.text}
      </p>
    </section>
  );
}
