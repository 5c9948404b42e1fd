import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useSession } from '../session';

const CampaignsDocument = graphql(`
  query Campaigns {
    reviewCampaigns(take: 100) {
      totalCount
      items {
        id
        code
        title
        status
        startsOn
        endsOn
      }
    }
  }
`);

/** Review campaigns: the public reads the closed ones with their approved decisions; staff all of them. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [{ data, error, fetching }] = useQuery({ query: CampaignsDocument });
  return (
    <section>
      <h1 tabIndex={-1}>{t('campaign.listTitle')}</h1>
      <p className="lead">{can('readStaffFields') ? t('campaign.leadStaff') : t('campaign.leadPublic')}</p>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <p className="count" aria-live="polite" aria-busy={fetching}>
        {data && t('campaign.count', { count: data.reviewCampaigns.totalCount })}
      </p>
      {data && data.reviewCampaigns.items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('registry.code')}</th>
              <th scope="col">{t('campaign.name')}</th>
              <th scope="col">{t('campaign.period')}</th>
              <th scope="col">{t('registry.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.reviewCampaigns.items.map((c) => (
              <tr key={c.id}>
                <td className="code">
                  <Link to={`/campaigns/${c.id}`}>{c.code}</Link>
                </td>
                <td>{c.title}</td>
                <td>
                  {c.startsOn} — {c.endsOn}
                </td>
                <td>{t(`campaignStatus.${c.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
