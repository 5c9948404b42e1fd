import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { finishOidc, startOidc } from '../oidc';
import { useSession } from '../session';

const OptionsDocument = graphql(`
  query SignInOptions {
    signInOptions {
      localTokens
      oidc {
        issuer
        clientId
        scope
      }
    }
  }
`);

/**
 * Sign-in with the token the API accepts: on the embedded default the one
 * `npm run --silent cli -- token --role REVIEWER` prints, in production one from the identity
 * provider. The API says whose it is; a refused token is not kept.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, viewer } = useSession();
  const navigate = useNavigate();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [{ data }] = useQuery({ query: OptionsDocument });
  const options = data?.signInOptions;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const refused = await signIn(token);
    setBusy(false);
    if (refused) setProblem(refused);
    else void navigate('/');
  };

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('signIn.title')}</h1>
      {viewer && <p>{t('signIn.already', { name: viewer.name })}</p>}
      {options?.oidc && (
        <p>
          <button
            type="button"
            className="primary"
            onClick={() => void startOidc(options.oidc!).catch((e: Error) => setProblem(e.message))}
          >
            {t('signIn.provider', { host: new URL(options.oidc.issuer).host })}
          </button>
        </p>
      )}
      {options?.localTokens !== false && (
        <>
          <p>{t('signIn.how')}</p>
          <pre className="command">npm run --silent cli -- token --role REVIEWER</pre>
        </>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('signIn.token')}
          <textarea
            name="token"
            rows={4}
            required
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-describedby={problem ? 'sign-in-problem' : undefined}
            aria-invalid={!!problem}
          />
        </label>
        {problem && (
          <p id="sign-in-problem" role="alert" className="error">
            {t('signIn.refused', { message: problem })}
          </p>
        )}
        <button type="submit" disabled={busy || !token.trim()}>
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}

/** Where the identity provider sends the browser back: the code becomes a token, then a session. */
export function SignInCallback() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [query] = useSearchParams();
  const [problem, setProblem] = useState<string | null>(null);
  // The exchange must run once: a code is good for one use.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    finishOidc(query)
      .then((token) => signIn(token))
      .then((refused) => (refused ? setProblem(refused) : void navigate('/', { replace: true })))
      .catch((e: Error) => setProblem(e.message));
  }, [query, signIn, navigate]);
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>{t('signIn.title')}</h1>
      {problem ? (
        <p role="alert" className="error">
          {t('signIn.refused', { message: problem })}
        </p>
      ) : (
        <p aria-busy="true">{t('signIn.finishing')}</p>
      )}
    </section>
  );
}
