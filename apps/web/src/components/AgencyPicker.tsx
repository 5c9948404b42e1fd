import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { agencyName } from '../names';

const AgencySearchDocument = graphql(`
  query AgencySearch($search: String!) {
    agencies(filter: { search: $search }, take: 10) {
      items {
        id
        code
        nameRu
        nameKk
        nameEn
        level
      }
    }
  }
`);

const AgencyDocument = graphql(`
  query ChosenAgency($id: ID!) {
    agency(id: $id) {
      id
      nameRu
      nameKk
      nameEn
    }
  }
`);

/** An agency found by a part of its name; the chosen one shown with a way to clear it. */
export function AgencyPicker({ agencyId, onPick }: { agencyId: string | null; onPick: (id: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [search, setSearch] = useState('');
  const [found] = useQuery({ query: AgencySearchDocument, variables: { search }, pause: search.trim().length < 3 });
  const [chosen] = useQuery({ query: AgencyDocument, variables: { id: agencyId ?? '' }, pause: !agencyId });
  if (agencyId)
    return (
      <p className="agency-picker">
        <span className="label">{t('filters.agency')}</span> {chosen.data ? agencyName(chosen.data.agency, lang) : '…'}{' '}
        <button type="button" onClick={() => onPick(null)}>
          {t('filters.clear')}
        </button>
      </p>
    );
  return (
    <div className="agency-picker">
      <label>
        {t('filters.agency')}
        <input
          type="search"
          value={search}
          placeholder={t('filters.agencyHint')}
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      {found.data && search.trim().length >= 3 && (
        <ul className="choices" aria-label={t('filters.agencies')}>
          {found.data.agencies.items.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="linkish"
                onClick={() => {
                  setSearch('');
                  onPick(a.id);
                }}
              >
                {agencyName(a, lang)} ({t(`level.${a.level}`)})
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
