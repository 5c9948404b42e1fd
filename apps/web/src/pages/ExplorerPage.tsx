import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { useMemo } from 'react';
import { storedToken } from '../client';

const START = `# The registry's GraphQL API, as the signed-in caller: the same roles, limits and costs.
# Ctrl+Enter runs the query; the documentation is on the left.
{
  viewer { name roles }
  stateFunctions(take: 5) { totalCount items { code title type holder { nameRu } } }
}
`;

/** GraphiQL, bundled with the page (nothing fetched from elsewhere), sending the session's token. */
export default function ExplorerPage() {
  const fetcher = useMemo(() => {
    const token = storedToken();
    return createGraphiQLFetcher({ url: '/graphql', headers: token ? { authorization: `Bearer ${token}` } : {} });
  }, []);
  return (
    <div className="explorer">
      {/* Tabs and history in this tab's session only: gone when it closes, never left for the next user. */}
      <GraphiQL fetcher={fetcher} defaultQuery={START} shouldPersistHeaders={false} storage={sessionStorage} />
    </div>
  );
}
