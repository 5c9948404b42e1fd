/** An agency's name in the reader's language, else in Russian. */
export function agencyName(
  a: { nameRu: string; nameKk?: string | null; nameEn?: string | null },
  lang: string,
): string {
  if (lang === 'kk' && a.nameKk) return a.nameKk;
  if (lang === 'en' && a.nameEn) return a.nameEn;
  return a.nameRu;
}
