import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateSupporting, evaluateTypes, readLabelledFunctions, readSupportingLabels } from './quality.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures');

describe('classification quality on labelled sets', () => {
  it('meets the targets on the development set (Law on Education)', () => {
    const q = evaluateTypes(readLabelledFunctions(join(fixtures, 'dev-functions.jsonl')));
    expect(q.labelled).toBeGreaterThan(200);
    // The target of the brief, and a floor on how much a reviewer gets suggested confidently.
    expect(q.confidentAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(q.coverage).toBeGreaterThanOrEqual(0.6);
    expect(q.accuracy).toBeGreaterThanOrEqual(0.8);
    // Catch-all and general clauses never get a confident type.
    expect(q.labelledNone).toBeGreaterThan(0);
    expect(q.noneRespected).toBe(q.labelledNone);
  });

  it('keeps the target on laws labelled by someone who had not seen the rules', () => {
    for (const file of ['water-functions.jsonl', 'forest-functions.jsonl']) {
      const q = evaluateTypes(readLabelledFunctions(join(fixtures, 'quality-blind', file)));
      expect(q.labelled).toBeGreaterThan(50);
      expect(q.confidentAccuracy).toBeGreaterThanOrEqual(0.85);
      expect(q.coverage).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('agrees with the hand labels of supporting / public-facing functions', () => {
    const labels = readSupportingLabels(join(fixtures, 'assessment', 'supporting-labels.jsonl'));
    expect(labels.length).toBeGreaterThanOrEqual(150);
    const functions = [
      'dev-functions.jsonl',
      'quality/health-functions.jsonl',
      'quality/localgov-functions.jsonl',
    ].flatMap((f) => readLabelledFunctions(join(fixtures, f)));
    const q = evaluateSupporting(functions, labels);
    expect(q.labelled).toBe(labels.length);
    // Most functions face outwards, so accuracy alone says little: the supporting ones must be found too.
    expect(q.confidentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(q.supportingRecall).toBeGreaterThanOrEqual(0.5);
    expect(q.supportingPrecision).toBeGreaterThanOrEqual(0.5);
  });
});

describe('classification quality arithmetic', () => {
  it('counts coverage, accuracies and the confusion matrix from an interchange file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-quality-'));
    try {
      const file = join(dir, 'set.jsonl');
      const line = (externalId: string, title: string, type: string | null) =>
        JSON.stringify({ externalId, title, type, agency: { code: 'X', name: 'X', level: 'CENTRAL' } });
      writeFileSync(
        file,
        [
          line('a', 'утверждает правила охоты;', 'REGULATORY'), // confident, right
          line('b', 'осуществляет государственный контроль в сфере туризма;', 'IMPLEMENTING'), // confident, wrong
          line('c', 'утверждает государственный заказ на подготовку гидов;', 'IMPLEMENTING'), // not confident, right
          line('d', 'осуществляет иные полномочия.', null), // labelled without type
          JSON.stringify({
            externalId: 'e',
            title: 'выдает лицензии;',
            agency: { code: 'X', name: 'X', level: 'CENTRAL' },
          }), // no type key: left out
        ].join('\n'),
      );
      const functions = readLabelledFunctions(file);
      expect(functions.map((f) => f.externalId)).toEqual(['a', 'b', 'c', 'd']);
      const q = evaluateTypes(functions);
      expect(q.labelled).toBe(3);
      expect(q.confident).toBe(2);
      expect(q.coverage).toBeCloseTo(2 / 3);
      expect(q.confidentAccuracy).toBeCloseTo(1 / 2);
      expect(q.accuracy).toBeCloseTo(2 / 3);
      expect(q.labelledNone).toBe(1);
      expect(q.noneRespected).toBe(1);
      expect(q.confusion.IMPLEMENTING.CONTROL).toBe(1);
      expect(q.confusion.IMPLEMENTING.IMPLEMENTING).toBe(1);
      expect(q.confidentConfusion.IMPLEMENTING.IMPLEMENTING).toBe(0);
      expect(q.errors.map((e) => e.externalId)).toEqual(['b']);

      const s = evaluateSupporting(functions, [
        { externalId: 'a', supporting: false },
        { externalId: 'c', supporting: true },
      ]);
      expect(s.labelled).toBe(2);
      expect(s.labelledSupporting).toBe(1);
      expect(s.supportingRecall).toBe(0);
      expect(s.confusion.supporting.public).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
