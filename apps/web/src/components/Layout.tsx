import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LANGUAGES } from '../i18n';
import { useSession } from '../session';

export function Layout() {
  const { t, i18n } = useTranslation();
  const { viewer, signOut, can, expired } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // A new page: its heading takes the focus, so that keyboard and screen-reader users start there;
  // a page still loading gets it when its heading appears.
  useEffect(() => {
    const heading = () => document.querySelector<HTMLElement>('main h1');
    const now = heading();
    if (now) {
      now.focus();
      return;
    }
    const watch = new MutationObserver(() => {
      const h = heading();
      if (h) {
        h.focus();
        watch.disconnect();
      }
    });
    watch.observe(document.getElementById('main') ?? document.body, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, [location.pathname]);

  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          {t('app.title')}
        </Link>
        <nav aria-label={t('nav.label')}>
          <NavLink to="/" end>
            {t('nav.registry')}
          </NavLink>
          <NavLink to="/campaigns">{t('nav.campaigns')}</NavLink>
          {can('readFindings') && <NavLink to="/review">{t('nav.review')}</NavLink>}
          {can('readStaffFields') && <NavLink to="/classification">{t('nav.classify')}</NavLink>}
          {can('readStaffFields') && <NavLink to="/budget">{t('nav.budget')}</NavLink>}
          {/* A page of its own: its editor needs the explorer's style policy. */}
          {can('readStaffFields') && (
            <a href="/explorer" className="nav-explorer">
              {t('nav.explorer')}
            </a>
          )}
        </nav>
        <div className="tools">
          <label>
            <span className="sr-only">{t('nav.language')}</span>
            <select value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          {viewer ? (
            <>
              <span className="who" data-testid="viewer">
                {viewer.name} · {viewer.roles.map((r) => t(`role.${r}`)).join(', ')}
              </span>
              <button
                type="button"
                onClick={() => {
                  signOut();
                  void navigate('/');
                }}
              >
                {t('nav.signOut')}
              </button>
            </>
          ) : (
            <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
          )}
        </div>
      </header>
      <main id="main">
        {expired && (
          <p role="alert" className="error">
            {t('signIn.expired')} <Link to="/sign-in">{t('nav.signIn')}</Link>
          </p>
        )}
        <Outlet />
      </main>
      <footer className="bottom">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
