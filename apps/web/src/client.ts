import { cacheExchange, Client, fetchExchange, mapExchange } from 'urql';

/** Where the session keeps its token: this tab only, gone when it closes. */
const TOKEN_KEY = 'registry.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else {
    sessionStorage.removeItem(TOKEN_KEY);
    // The explorer's tabs and history are the signed-out user's too.
    for (const key of Object.keys(sessionStorage)) if (key.startsWith('graphiql')) sessionStorage.removeItem(key);
  }
}

/**
 * A client for the API on this origin, sending the token (if any) with every request. A request the
 * API refuses as unauthenticated (an expired or revoked token) ends the session.
 */
export function makeClient(token: string | null, onUnauthenticated: () => void = () => {}): Client {
  return new Client({
    url: '/graphql',
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (token && error.response instanceof Response && error.response.status === 401) onUnauthenticated();
        },
      }),
      fetchExchange,
    ],
    requestPolicy: 'cache-and-network',
    // POST always: the API's response cache and CSRF protection work on POST requests.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
  });
}

/** The API's own words for what went wrong: its first GraphQL error, else the transport's. */
export function errorText(e: { graphQLErrors: { message: string }[]; message: string }): string {
  return e.graphQLErrors[0]?.message ?? e.message;
}
