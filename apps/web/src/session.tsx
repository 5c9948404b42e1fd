import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { can, Permission } from './access';
import { errorText, makeClient, storedToken, storeToken } from './client';
import { graphql } from './gql';
import type { ViewerQuery } from './gql/graphql';

export const ViewerDocument = graphql(`
  query Viewer {
    viewer {
      subject
      name
      roles
      agencies
      sectors
      anonymous
    }
  }
`);

export type Viewer = ViewerQuery['viewer'];

interface Session {
  viewer: Viewer | null;
  signIn: (token: string) => Promise<string | null>;
  signOut: () => void;
  can: (what: Permission) => boolean;
  /** The API refused the session's token (it expired or was revoked): the reader must sign in again. */
  expired: boolean;
}

const SessionContext = createContext<Session | null>(null);

/**
 * The caller's session: a token (the one the API issues, or the identity provider's) kept for this
 * tab, and who the API says it belongs to. Signing in asks the API; a token it refuses is not kept.
 */
export function SessionProvider({ initialViewer, children }: { initialViewer: Viewer | null; children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => (initialViewer ? storedToken() : null));
  const [viewer, setViewer] = useState<Viewer | null>(initialViewer);
  const [expired, setExpired] = useState(false);
  const client = useMemo(
    () =>
      makeClient(token, () => {
        storeToken(null);
        setToken(null);
        setViewer(null);
        setExpired(true);
      }),
    [token],
  );

  const signIn = useCallback(async (candidate: string) => {
    const trimmed = candidate.trim();
    const result = await makeClient(trimmed).query(ViewerDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    const who = result.data?.viewer;
    if (result.error || !who) return result.error ? errorText(result.error) : 'refused';
    if (who.anonymous) return 'refused';
    storeToken(trimmed);
    setToken(trimmed);
    setViewer(who);
    setExpired(false);
    return null;
  }, []);

  const signOut = useCallback(() => {
    storeToken(null);
    setToken(null);
    setViewer(null);
  }, []);

  const session = useMemo<Session>(
    () => ({ viewer, signIn, signOut, can: (what) => can(viewer?.roles, what), expired }),
    [viewer, signIn, signOut, expired],
  );
  return (
    <SessionContext.Provider value={session}>
      <Provider value={client}>{children}</Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Who the stored token (if any) belongs to, before the first render: an expired one is dropped. */
export async function restoreViewer(): Promise<Viewer | null> {
  const token = storedToken();
  if (!token) return null;
  const result = await makeClient(token).query(ViewerDocument, {}, { requestPolicy: 'network-only' }).toPromise();
  const who = result.data?.viewer;
  const refused = result.error?.response instanceof Response && result.error.response.status === 401;
  // A token the API refuses is dropped; an API that does not answer just now is no reason to.
  if (refused || who?.anonymous) storeToken(null);
  return who && !who.anonymous ? who : null;
}
