import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { errorText } from '../client';
import { Highlight } from '../components/Highlight';
import { MoreFilters } from '../components/MoreFilters';
import { Pager } from '../components/Pager';
import { graphql } from '../gql';
import type { FunctionSortField, FunctionStatus, FunctionType, GovernmentLevel } from '../gql/graphql';
import { agencyName } from '../names';
import { useSession } from '../session';
import { useUrlState } from '../url';
import { LEVELS, TYPES } from '../vocab';
import { ChoiceFilter } from '../components/ChoiceFilter';

const FunctionsDocument = graphql(`
  query RegistryFunctions($filter: FunctionFilter, $skip: Int!, $take: Int!, $sort: FunctionSort) {
    stateFunctions(filter: $filter, skip: $skip, take: $take, sort: $sort) {
      totalCount
      items {
        id
        code
        title
        type
        status
        sector
        holder {
          ...HolderName
        }
      }
    }
  }
`);

const PAGE = 20;
const STATUSES: FunctionStatus[] = ['ACTIVE', 'DRAFT', 'UNDER_REVIEW', 'TRANSFERRED', 'ABOLISHED'];
const SORTABLE: { field: FunctionSortField; key: string }[] = [
  { field: 'CODE', key: 'registry.code' },
  { field: 'TITLE', key: 'registry.statement' },
  { field: 'TYPE', key: 'registry.type' },
];

/**
 * The registry as a searchable, sortable table. Everyone reads the functions in force; staff see
 * every status. The filters live in the address, so a view can be bookmarked and shared.
 */
export function RegistryPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [params, update] = useUrlState();
  const q = params.get('q') ?? '';
  const level = params.get('level') as GovernmentLevel | null;
  const type = params.get('type') as FunctionType | null;
  const status = params.get('status') as FunctionStatus | null;
  const skip = Math.max(0, Number(params.get('skip') ?? 0) || 0);
  const sortField = (params.get('sort') as FunctionSortField | null) ?? (q ? 'RELEVANCE' : 'CODE');
  const direction = params.get('dir') === 'DESC' ? 'DESC' : 'ASC';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);

  const [{ data, fetching, error }] = useQuery({
    query: FunctionsDocument,
    variables: {
      filter: {
        search: q || undefined,
        levels: level ? [level] : undefined,
        agencyId: params.get('agency') ?? undefined,
        includeSubordinates: params.get('subs') !== '0',
        territoryKato: params.get('kato') ?? undefined,
        sector: params.get('sector') ?? undefined,
        tag: params.get('tag') ? { value: params.get('tag')! } : undefined,
        legalActId: params.get('act') ?? undefined,
        types: type ? [type] : undefined,
        statuses: status ? [status] : undefined,
      },
      skip,
      take: PAGE,
      sort: { field: sortField, direction },
    },
  });
  const page = data?.stateFunctions;

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: draft.trim() || null, sort: null, dir: null });
  };
  const sortBy = (field: FunctionSortField) =>
    update({ sort: field, dir: sortField === field && direction === 'ASC' ? 'DESC' : 'ASC' });
  const ariaSort = (field: FunctionSortField) =>
    sortField === field ? (direction === 'ASC' ? 'ascending' : 'descending') : 'none';

  return (
    <section>
      <h1 tabIndex={-1}>{t('registry.title')}</h1>
      <p className="lead">{can('readStaffFields') ? t('registry.leadStaff') : t('registry.leadPublic')}</p>
      <form className="filters" role="search" onSubmit={onSearch}>
        <label className="grow">
          {t('registry.search')}
          <input
            type="search"
            name="q"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={t('registry.searchHint')}
          />
        </label>
        <ChoiceFilter
          label={t('registry.level')}
          value={level}
          choices={LEVELS}
          name={(x) => t(`level.${x}`)}
          onChange={(v) => update({ level: v })}
        />
        <ChoiceFilter
          label={t('registry.type')}
          value={type}
          choices={TYPES}
          name={(x) => t(`type.${x}`)}
          onChange={(v) => update({ type: v })}
        />
        {can('readStaffFields') && (
          <ChoiceFilter
            label={t('registry.status')}
            value={status}
            choices={STATUSES}
            name={(x) => t(`status.${x}`)}
            onChange={(v) => update({ status: v })}
          />
        )}
        <button type="submit">{t('registry.find')}</button>
      </form>
      <MoreFilters params={params} update={update} />

      {error && (
        <p role="alert" className="error">
          {t('error.load', { message: errorText(error) })}
        </p>
      )}
      <div aria-busy={fetching} aria-live="polite" className="count">
        {page && t('registry.found', { count: page.totalCount })}
      </div>
      {page && page.items.length > 0 && (
        <table className="grid">
          <caption className="sr-only">{t('registry.caption')}</caption>
          <thead>
            <tr>
              {SORTABLE.map(({ field, key }) => (
                <th key={field} scope="col" aria-sort={ariaSort(field)}>
                  <button type="button" className="sort" onClick={() => sortBy(field)}>
                    {t(key)}
                    <span aria-hidden="true">{sortField === field ? (direction === 'ASC' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
              <th scope="col">{t('registry.holder')}</th>
              <th scope="col">{t('registry.level')}</th>
              {can('readStaffFields') && <th scope="col">{t('registry.status')}</th>}
            </tr>
          </thead>
          <tbody>
            {page.items.map((f) => (
              <tr key={f.id}>
                <td className="code">
                  <Link to={`/functions/${f.code}`}>{f.code}</Link>
                </td>
                <td>
                  <Highlight text={f.title} query={q} />
                </td>
                <td>{f.type ? t(`type.${f.type}`) : t('type.none')}</td>
                <td>{agencyName(f.holder, i18n.language)}</td>
                <td>{t(`level.${f.holder.level}`)}</td>
                {can('readStaffFields') && <td>{t(`status.${f.status}`)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && <Pager skip={skip} take={PAGE} total={page.totalCount} onSkip={(s) => update({ skip: String(s) })} />}
    </section>
  );
}
