import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** A staff screen shown to someone not signed in as staff: its title, and where to sign in. */
export function NeedsSignIn({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{title}</h1>
      <p>
        {t('review.needSignIn')} <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </section>
  );
}
