import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { AgencyPicker } from './AgencyPicker';

const ChoicesDocument = graphql(`
  query FilterChoices {
    oblasts: territories(kind: OBLAST) {
      kato
      nameRu
      nameKk
      nameEn
    }
    cities: territories(kind: CITY_REP) {
      kato
      nameRu
      nameKk
      nameEn
    }
    legalActs(take: 100) {
      items {
        id
        title
      }
    }
  }
`);

/**
 * The registry's further filters: an agency (with or without its subordinates), a territory, a
 * sector, a tag and a legal act. Values live in the address with the others.
 */
export function MoreFilters({
  params,
  update,
}: {
  params: URLSearchParams;
  update: (changes: Record<string, string | null>) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [{ data }] = useQuery({ query: ChoicesDocument });
  const name = (x: { nameRu?: string | null; nameKk?: string | null; nameEn?: string | null }) =>
    (lang === 'kk' && x.nameKk) || (lang === 'en' && x.nameEn) || x.nameRu || '';
  const [sector, setSector] = useState(params.get('sector') ?? '');
  const [tag, setTag] = useState(params.get('tag') ?? '');

  return (
    <details className="more" open={['agency', 'kato', 'sector', 'tag', 'act'].some((k) => params.has(k))}>
      <summary>{t('filters.more')}</summary>
      <div className="filters">
        <div>
          <AgencyPicker agencyId={params.get('agency')} onPick={(id) => update({ agency: id, subs: null })} />
          {params.get('agency') && (
            <label className="check">
              <input
                type="checkbox"
                checked={params.get('subs') !== '0'}
                onChange={(e) => update({ subs: e.target.checked ? null : '0' })}
              />
              {t('filters.subordinates')}
            </label>
          )}
        </div>
        <label>
          {t('filters.territory')}
          <select value={params.get('kato') ?? ''} onChange={(e) => update({ kato: e.target.value || null })}>
            <option value="">{t('registry.any')}</option>
            {[...(data?.cities ?? []), ...(data?.oblasts ?? [])].map((x) => (
              <option key={x.kato} value={x.kato ?? ''}>
                {name(x)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.sector')}
          <input
            value={sector}
            onChange={(e) => setSector(e.target.value)}
            onBlur={() => update({ sector: sector.trim() || null })}
            onKeyDown={(e) => e.key === 'Enter' && update({ sector: sector.trim() || null })}
          />
        </label>
        <label>
          {t('filters.tag')}
          <input
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            onBlur={() => update({ tag: tag.trim() || null })}
            onKeyDown={(e) => e.key === 'Enter' && update({ tag: tag.trim() || null })}
          />
        </label>
        <label className="grow">
          {t('filters.act')}
          <select value={params.get('act') ?? ''} onChange={(e) => update({ act: e.target.value || null })}>
            <option value="">{t('registry.any')}</option>
            {(data?.legalActs.items ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
        </label>
      </div>
    </details>
  );
}
