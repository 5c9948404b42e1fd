import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { agencyName } from '../names';

const ClustersDocument = graphql(`
  query Clusters($skip: Int!) {
    duplicateClusters(skip: $skip, take: 20) {
      totalCount
      items {
        clusterNo
        size
        functions {
          ...ListedFunction
        }
      }
    }
  }
`);

const PilesDocument = graphql(`
  query ControlPiles($skip: Int!) {
    controlPiles(skip: $skip, take: 20) {
      totalCount
      items {
        holders
        sphere
        functions {
          ...ListedFunction
        }
      }
    }
  }
`);

type Member = {
  id: string;
  code: string;
  title: string;
  holder: { nameRu: string; nameKk?: string | null; nameEn?: string | null; level: string };
};

function Members({ functions }: { functions: Member[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="grid">
      <thead>
        <tr>
          <th scope="col">{t('registry.code')}</th>
          <th scope="col">{t('registry.statement')}</th>
          <th scope="col">{t('registry.holder')}</th>
        </tr>
      </thead>
      <tbody>
        {functions.map((f) => (
          <tr key={f.id}>
            <td className="code">
              <Link to={`/functions/${f.code}`}>{f.code}</Link>
            </td>
            <td>{f.title}</td>
            <td>
              {agencyName(f.holder, i18n.language)} ({t(`level.${f.holder.level}`)})
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Function families of the latest run: functions joined by duplicate pairs, held by several bodies. */
export function Clusters() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: ClustersDocument, variables: { skip: 0 } });
  return (
    <div>
      <p className="lead">{t('groups.clustersLead')}</p>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <p className="count" aria-live="polite" aria-busy={fetching}>
        {data && t('groups.clusters', { count: data.duplicateClusters.totalCount })}
      </p>
      {data?.duplicateClusters.items.map((c) => (
        <section key={c.clusterNo} className="group" aria-labelledby={`cluster-${c.clusterNo}`}>
          <h2 id={`cluster-${c.clusterNo}`}>{t('groups.cluster', { no: c.clusterNo, count: c.size })}</h2>
          <Members functions={c.functions} />
        </section>
      ))}
    </div>
  );
}

/** Control functions piled on one object or sphere by several bodies. */
export function ControlPiles() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: PilesDocument, variables: { skip: 0 } });
  return (
    <div>
      <p className="lead">{t('groups.pilesLead')}</p>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <p className="count" aria-live="polite" aria-busy={fetching}>
        {data && t('groups.piles', { count: data.controlPiles.totalCount })}
      </p>
      {data?.controlPiles.items.map((p, i) => (
        <section key={i} className="group" aria-labelledby={`pile-${i}`}>
          <h2 id={`pile-${i}`}>{t('groups.pile', { sphere: p.sphere.join(', '), count: p.holders })}</h2>
          <Members functions={p.functions} />
        </section>
      ))}
    </div>
  );
}
