import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Previous and next page of a list, with where the reader is in it. */
export function Pager({
  skip,
  take,
  total,
  onSkip,
}: {
  skip: number;
  take: number;
  total: number;
  onSkip: (skip: number) => void;
}) {
  const { t } = useTranslation();
  // Past the end (the last page's items were decided and left the list): back to the last page.
  useEffect(() => {
    if (total > 0 && skip >= total) onSkip(Math.floor((total - 1) / take) * take);
  }, [skip, take, total, onSkip]);
  const from = total === 0 ? 0 : skip + 1;
  const to = Math.min(skip + take, total);
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" disabled={skip === 0} onClick={() => onSkip(Math.max(0, skip - take))}>
        {t('pager.previous')}
      </button>
      <span aria-live="polite">{t('pager.range', { from, to, total })}</span>
      <button type="button" disabled={skip + take >= total} onClick={() => onSkip(skip + take)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}
