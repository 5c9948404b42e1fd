import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../session';

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
      <p>{t('signIn.how')}</p>
      <pre className="command">npm run --silent cli -- token --role REVIEWER</pre>
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
