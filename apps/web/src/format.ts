/** Amounts in tenge and shares as the reader's language writes numbers. */
export function money(value: string | number | null | undefined, lang: string): string {
  if (value === null || value === undefined || value === '') return '—';
  return new Intl.NumberFormat(lang === 'kk' ? 'kk-KZ' : lang === 'en' ? 'en-GB' : 'ru-RU', {
    maximumFractionDigits: 0,
  }).format(Number(value));
}

export function percent(value: string | number, lang: string): string {
  return `${new Intl.NumberFormat(lang === 'kk' ? 'kk-KZ' : lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 2 }).format(Number(value))} %`;
}
