import { join } from 'node:path';
import { readInterchange } from '../quality/interchange-records.js';
import { buildCorpus } from './corpus.js';
import { runReview } from './engine.js';
import { reviewFunction, typicalHolder } from './records.fixtures.js';
import { StoredReason, storedReason, wordedReason } from './reason-text.js';
import { DEFAULT_SCORING, scopeVeto } from './scoring.js';
import { Reason } from './types.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures');

/** A value of a reason, as its text would show it. */
const v = (r: Reason, key: string) => String(r.params![key]);

/** What each reason's values must say for the text to be worded again from them alone. */
const SAYS: Record<string, (r: Reason) => void> = {
  SHARED_TERMS: (r) => {
    const terms = r.params!.terms as string[];
    expect(terms.length).toBeGreaterThan(0);
    for (const term of terms) expect(r.text).toContain(`«${term}»`);
    if (r.params!.percent !== undefined) expect(r.text).toContain(`(${v(r, 'percent')}% of`);
  },
  CONTAINMENT: (r) => expect(r.text.startsWith(`${v(r, 'percent')}% `)).toBe(true),
  SAME_ACTION: (r) => expect(r.text).toBe(`same action «${v(r, 'action')}»`),
  SAME_DOMAIN: (r) => expect(r.params).toEqual({}),
  SHARED_CLAUSE: (r) => expect(r.text).toContain(`«${v(r, 'clause')}» of one statement is ${v(r, 'percent')}%`),
  SCOPE_CONTAINS: (r) => expect(r.text).toContain(`does «${v(r, 'action')}» over the whole area`),
  HOLDERS: (r) => {
    expect(Object.keys(r.params!).sort()).toEqual(['aCode', 'aLevel', 'aPlace', 'axis', 'bCode', 'bLevel', 'bPlace']);
    expect(r.text).toContain(v(r, 'aCode'));
  },
  SHARED_LEGAL_BASIS: (r) => expect(r.text.includes('provision')).toBe(r.params!.provision === 1),
  REPLICATED: (r) => expect(r.text).toContain(`for ${v(r, 'count')} more pair`),
  STATED_BY_SEVERAL: (r) => expect(r.text).toContain(`for ${v(r, 'count')} more pair`),
};

describe("review reasons carry the values they are worded from (for the workbench's languages)", () => {
  it('gives every reason of a review its values, saying what its English text says', () => {
    const functions = readInterchange(join(fixtures, 'quality', 'localgov-functions.jsonl'));
    const seen = new Set<string>();
    for (const pair of runReview(functions, { expandReplicas: true }).pairs)
      for (const r of pair.reasons) {
        expect([r.code, typeof r.params]).toEqual([r.code, 'object']);
        SAYS[r.code]?.(r);
        seen.add(r.code);
      }
    expect([...seen]).toEqual(expect.arrayContaining(['SHARED_TERMS', 'CONTAINMENT', 'HOLDERS']));
  });

  it('stores the reasons of two statements without their text and words them again the same when read', () => {
    const functions = readInterchange(join(fixtures, 'quality', 'localgov-functions.jsonl'));
    const codes = new Set<string>();
    for (const pair of runReview(functions, { expandReplicas: true }).pairs)
      for (const r of pair.statementReasons) {
        const stored = JSON.parse(JSON.stringify(storedReason(r))) as StoredReason;
        expect(stored.text).toBeUndefined();
        expect(wordedReason(stored)).toEqual(r);
        codes.add(r.code);
      }
    expect([...codes]).toEqual(expect.arrayContaining(['SHARED_TERMS', 'CONTAINMENT', 'SAME_ACTION']));
    // A reason worded otherwise (a learned model's, an overruled veto) keeps its text, and so do runs
    // stored before the text was left out.
    const learned = { code: 'LEARNED', text: 'reviewers confirmed 3', params: { confirmed: 3 } };
    expect(storedReason(learned)).toBe(learned);
    const old = { code: 'SAME_ACTION', text: 'same action «ведет»', params: { action: 'ведет' } };
    expect(wordedReason(old)).toBe(old);
  });

  it('names the qualifier group and both sides of disjoint scopes, and the two classes of a division of labour', () => {
    const ministry = typicalHolder('H', 'MINISTRY', 'CENTRAL');
    const corpus = buildCorpus(
      [
        'строит дороги республиканского значения',
        'строит дороги районного значения',
        'утверждает план развития дорог',
        'реализует план развития дорог',
      ].map((title, i) => reviewFunction(`f${i}`, title, ministry)),
    );
    const [roadsRep, roadsDist, approves, carriesOut] = corpus.nodes;
    const disjoint = scopeVeto(corpus, roadsRep, roadsDist, 0.5, DEFAULT_SCORING)!;
    expect(disjoint).toMatchObject({
      code: 'SCOPE_DISJOINT',
      params: { group: 'level of government', a: ['republican'], b: ['district'] },
    });
    expect(disjoint.text).toBe('their scopes do not meet (level of government: republican vs district)');
    const division = scopeVeto(corpus, approves, carriesOut, 0.5, DEFAULT_SCORING)!;
    expect(division).toMatchObject({ code: 'DIVISION_OF_LABOUR', params: { classes: 'DECIDE/EXECUTE' } });
  });
});
