import Az from 'az';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Russian morphology from the OpenCorpora dictionaries that the `az` package ships: the dictionary
 * form of a word and its part of speech. Loaded once per process (about 0.3 s, 11 MB of
 * dictionaries) when the review is first imported, so the engine itself stays synchronous.
 */
const dicts = join(dirname(createRequire(import.meta.url).resolve('az/package.json')), 'dicts');
await new Promise<void>((resolve, reject) =>
  Az.Morph.init(dicts, (err) =>
    err
      ? reject(
          new Error(
            `cannot load the Russian dictionaries: ${err instanceof Error ? err.message : JSON.stringify(err)}`,
          ),
        )
      : resolve(),
  ),
);

export type PartOfSpeech = 'NOUN' | 'VERB' | 'ADJ' | 'PARTICIPLE' | 'OTHER';

export interface Lemma {
  lemma: string;
  pos: PartOfSpeech;
  /** Genitive case (the dependant of a noun: «контроль *качества*»). */
  genitive: boolean;
}

const cache = new Map<string, Lemma>();

function posOf(tag: string | undefined): PartOfSpeech {
  switch (tag) {
    case 'NOUN':
      return 'NOUN';
    case 'VERB':
    case 'INFN':
      return 'VERB';
    case 'ADJF':
    case 'ADJS':
    case 'COMP':
      return 'ADJ';
    case 'PRTF':
    case 'PRTS':
    case 'GRND':
      return 'PARTICIPLE';
    default:
      return 'OTHER';
  }
}

/** The most likely dictionary form of a (folded, lower-case) Russian word. */
export function lemmaOf(word: string): Lemma {
  let l = cache.get(word);
  if (l === undefined) {
    const [best] = Az.Morph(word);
    const normal = best?.normalize()?.word;
    if (!best || !normal) l = { lemma: word, pos: 'OTHER', genitive: false };
    else {
      const pos = posOf(best.tag.POS);
      // Participles are verb forms: «утвержденные правила» keeps the adjective, not the verb.
      l = {
        lemma: pos === 'PARTICIPLE' ? word : normal.replace(/ё/g, 'е'),
        pos,
        genitive: best.tag['gent'] === true,
      };
    }
    if (cache.size < 500_000) cache.set(word, l);
  }
  return l;
}
