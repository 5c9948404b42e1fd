import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <Link to="/">{t('nav.back')}</Link>
    </section>
  );
}
