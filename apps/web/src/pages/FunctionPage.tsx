import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { DecidedPairs } from '../components/DecidedPairs';
import { Change, History } from '../components/History';
import { errorText } from '../client';
import { graphql } from '../gql';
import { agencyName } from '../names';
import { useSession } from '../session';

const FunctionDocument = graphql(`
  query FunctionCard($code: String!) {
    stateFunction(code: $code) {
      id
      code
      title
      titleRu
      titleKk
      type
      status
      sector
      inForceFrom
      supporting
      holder {
        id
        code
        nameRu
        nameKk
        nameEn
        level
        typical
      }
      legalBasis {
        id
        article
        clause
        subclause
        url
        act {
          id
          title
          url
        }
      }
      tags {
        id
        value
        label
      }
    }
  }
`);

/** What staff read besides: the suggestion, money, staff and the change history. */
const FunctionStaffDocument = graphql(`
  query FunctionCardStaff($code: String!) {
    stateFunction(code: $code) {
      id
      suggestedType {
        type
        reason
        confident
      }
      budgetLinks {
        id
        year
        sharePercent
        plannedAmount
        programme {
          code
          nameRu
        }
      }
      headcount {
        year
        staffUnits
      }
      transfers {
        id
        option
        status
        plannedFor
        transferredOn
        recipient
      }
    }
  }
`);

const HistoryDocument = graphql(`
  query FunctionCardHistory($id: ID!) {
    functionHistory(id: $id, take: 20) {
      totalCount
      items {
        id
        at
        actor
        operation
        table
        changedFields
        before
        after
      }
    }
  }
`);

/** One function: its statement, holder, legal basis and tags; for staff also money, staff and history. */
export function FunctionPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: FunctionDocument, variables: { code } });
  const [staff] = useQuery({ query: FunctionStaffDocument, variables: { code }, pause: !can('readStaffFields') });
  const f = data?.stateFunction;
  const [history] = useQuery({
    query: HistoryDocument,
    variables: { id: f?.id ?? '' },
    pause: !f || !can('readHistory'),
  });

  if (fetching && !f) return <p aria-busy="true">{t('loading')}</p>;
  if (error || !f)
    return (
      <section>
        <h1 tabIndex={-1}>{t('function.notFound', { code })}</h1>
        <p role="alert">{error && errorText(error)}</p>
        <Link to="/">{t('nav.back')}</Link>
      </section>
    );
  const s = staff.data?.stateFunction;

  return (
    <article className="card">
      <p className="crumbs">
        <Link to="/">{t('nav.registry')}</Link> / {f.code}
      </p>
      <h1 tabIndex={-1}>{f.title}</h1>
      <dl className="facts">
        <dt>{t('function.code')}</dt>
        <dd>{f.code}</dd>
        <dt>{t('registry.holder')}</dt>
        <dd>
          {agencyName(f.holder, i18n.language)} ({t(`level.${f.holder.level}`)}
          {f.holder.typical ? `, ${t('function.typical')}` : ''})
        </dd>
        <dt>{t('registry.type')}</dt>
        <dd>{f.type ? t(`type.${f.type}`) : t('type.none')}</dd>
        {s?.suggestedType && (
          <>
            <dt>{t('function.suggested')}</dt>
            <dd>
              {s.suggestedType.type ? t(`type.${s.suggestedType.type}`) : t('type.none')} —{' '}
              <span lang="en">{s.suggestedType.reason}</span>
            </dd>
          </>
        )}
        <dt>{t('registry.status')}</dt>
        <dd>{t(`status.${f.status}`)}</dd>
        {f.sector && (
          <>
            <dt>{t('function.sector')}</dt>
            <dd>{f.sector}</dd>
          </>
        )}
        {f.titleRu && f.titleKk && (
          <>
            <dt>{t('function.otherLanguage')}</dt>
            <dd lang={f.title === f.titleRu ? 'kk' : 'ru'}>{f.title === f.titleRu ? f.titleKk : f.titleRu}</dd>
          </>
        )}
      </dl>

      <h2>{t('function.legalBasis')}</h2>
      {f.legalBasis.length === 0 ? (
        <p>{t('function.none')}</p>
      ) : (
        <ul>
          {f.legalBasis.map((b) => {
            const where = [
              b.article && t('function.article', { n: b.article }),
              b.clause && t('function.clause', { n: b.clause }),
            ]
              .filter(Boolean)
              .join(', ');
            const href = b.url ?? b.act.url;
            return (
              <li key={b.id}>
                {href ? (
                  <a href={href} rel="noreferrer noopener" target="_blank">
                    {b.act.title}
                  </a>
                ) : (
                  b.act.title
                )}
                {where && `, ${where}`}
              </li>
            );
          })}
        </ul>
      )}

      <h2>{t('function.tags')}</h2>
      {f.tags.length === 0 ? (
        <p>{t('function.none')}</p>
      ) : (
        <ul className="tags">
          {f.tags.map((tag) => (
            <li key={tag.id}>{tag.label ?? tag.value}</li>
          ))}
        </ul>
      )}

      {s && (
        <>
          <h2>{t('function.budget')}</h2>
          {s.budgetLinks.length === 0 ? (
            <p>{t('function.none')}</p>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('function.year')}</th>
                  <th scope="col">{t('function.programme')}</th>
                  <th scope="col">{t('function.share')}</th>
                  <th scope="col">{t('function.planned')}</th>
                </tr>
              </thead>
              <tbody>
                {s.budgetLinks.map((l) => (
                  <tr key={l.id}>
                    <td>{l.year}</td>
                    <td>
                      {l.programme.code} {l.programme.nameRu}
                    </td>
                    <td>{l.sharePercent} %</td>
                    <td>{l.plannedAmount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>{t('function.transfers')}</h2>
          {s.transfers.length === 0 ? (
            <p>{t('function.none')}</p>
          ) : (
            <ul>
              {s.transfers.map((x) => (
                <li key={x.id}>
                  {t(`transferOption.${x.option}`)}: {t(`transferStatus.${x.status}`)}
                  {x.recipient && ` → ${x.recipient}`}
                  {(x.transferredOn ?? x.plannedFor) && ` (${x.transferredOn ?? x.plannedFor})`}
                </li>
              ))}
            </ul>
          )}
          <h2>{t('function.headcount')}</h2>
          {s.headcount.length === 0 ? (
            <p>{t('function.none')}</p>
          ) : (
            <ul>
              {s.headcount.map((h) => (
                <li key={h.year}>{t('function.staffUnits', { year: h.year, units: h.staffUnits })}</li>
              ))}
            </ul>
          )}
        </>
      )}

      {can('readFindings') && <DecidedPairs functionId={f.id} functionCode={f.code} />}

      {history.data && (
        <>
          <h2>{t('function.history')}</h2>
          <History changes={history.data.functionHistory.items as Change[]} />
        </>
      )}
    </article>
  );
}
