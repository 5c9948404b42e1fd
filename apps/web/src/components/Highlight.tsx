import { Fragment } from 'react';
import { splitWords, stemOf, stemsOf } from '../text';

/** A text with the words of a search marked. */
export function Highlight({ text, query }: { text: string; query: string }) {
  const wanted = [...stemsOf(query)];
  if (wanted.length === 0) return <>{text}</>;
  // A word is marked when it begins as a searched word does: «лиценз» marks «лицензию».
  const hit = (w: string) => {
    const lower = w.toLowerCase().replace(/ё/g, 'е');
    return wanted.some((s) => lower.startsWith(s));
  };
  return (
    <>
      {splitWords(text).map((p, i) =>
        p.word && p.text.length >= 3 && hit(p.text) ? (
          <mark key={i}>{p.text}</mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}

/** A statement beside another: the words they share marked, the others set apart. */
export function Compared({ text, other }: { text: string; other: string }) {
  const theirs = stemsOf(other);
  return (
    <>
      {splitWords(text).map((p, i) => {
        if (!p.word || p.text.length < 3) return <Fragment key={i}>{p.text}</Fragment>;
        return theirs.has(stemOf(p.text)) ? (
          <mark key={i} className="shared">
            {p.text}
          </mark>
        ) : (
          <span key={i} className="differs">
            {p.text}
          </span>
        );
      })}
    </>
  );
}
