/**
 * Sign-in through the identity provider's own page: OpenID Connect's authorization code flow with
 * PKCE, as a public client (no secret in the page). The provider returns the browser to
 * `/sign-in/callback` with a code, which is exchanged for an access token; the API verifies that
 * token against the provider's keys like any other.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'registry.oidc';
const redirectUri = () => `${location.origin}/sign-in/callback`;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (n: number) => base64url(crypto.getRandomValues(new Uint8Array(n)));

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`the identity provider's discovery document answered ${res.status}`);
  return (await res.json()) as Discovery;
}

/** Goes to the provider's sign-in page; the state and the PKCE verifier wait in this tab. */
export async function startOidc(settings: OidcSettings): Promise<void> {
  const d = await discover(settings.issuer);
  const verifier = random(48);
  const state = random(24);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, settings }));
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from the provider: checks the state, exchanges the code for an access token. */
export async function finishOidc(query: URLSearchParams): Promise<string> {
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!pending) throw new Error('no sign-in was started in this tab');
  const { verifier, state, settings } = JSON.parse(pending) as {
    verifier: string;
    state: string;
    settings: OidcSettings;
  };
  // A response to a request this tab did not make is refused (cross-site request forgery), before
  // any of its words are shown: a crafted link must not put its text on this origin's page.
  if (query.get('state') !== state) throw new Error('the answer does not match the sign-in started here');
  if (query.get('error')) throw new Error(query.get('error_description') ?? query.get('error')!);
  const code = query.get('code');
  if (!code) throw new Error('the identity provider returned no code');
  const d = await discover(settings.issuer);
  const res = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!res.ok || !body.access_token)
    throw new Error(body.error_description ?? body.error ?? `the token endpoint answered ${res.status}`);
  return body.access_token;
}
