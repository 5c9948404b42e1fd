import { cacheExchange, Client, fetchExchange } from 'urql';

/** Where the session keeps its token: this tab only, gone when it closes. */
const TOKEN_KEY = 'registry.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A client for the API on this origin, sending the token (if any) with every request. */
export function makeClient(token: string | null): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    requestPolicy: 'cache-and-network',
    // POST always: the API's response cache and CSRF protection work on POST requests.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
  });
}
