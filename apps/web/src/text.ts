/** Words of a statement as written, with the separators between them kept. */
export function splitWords(text: string): { word: boolean; text: string }[] {
  return (text.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? []).map((t) => ({ word: /[\p{L}\p{N}]/u.test(t), text: t }));
}

/**
 * The part of a Russian or Kazakh word that stays the same across its forms, near enough to show a
 * match (the search itself is the API's, stemmed by PostgreSQL): «контроля» and «контроль» meet.
 */
export function stemOf(word: string): string {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  return w.length <= 5 ? w : w.slice(0, w.length === 6 ? 5 : 6);
}

/** Stems of the content words (three letters or more) of a text. */
export function stemsOf(text: string): Set<string> {
  return new Set(
    splitWords(text)
      .filter((p) => p.word && p.text.length >= 3)
      .map((p) => stemOf(p.text)),
  );
}
