import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GovernmentLevel } from '../enums.js';
import { parseFunctionLine } from '../interchange/interchange-line.js';
import { actIdPart, draftExternalId, draftsToInterchange } from './legal-text-interchange.js';
import { parseLegalText } from './parse-legal-text.js';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const text = readFileSync(join(root, 'test', 'fixtures', 'legal-text', 'regulation-fictional.txt'), 'utf8');
const act = { title: 'Положение о государственном учреждении «Отдел цифровых услуг и архива Энского района»' };
const holder = {
  code: 'ENS_DIGITAL',
  name: 'Отдел цифровых услуг и архива Энского района',
  level: GovernmentLevel.DISTRICT,
};

describe('draftsToInterchange', () => {
  const drafts = parseLegalText(text).drafts;

  it('writes lines the import accepts, without repealed items', () => {
    const lines = draftsToInterchange(drafts, { act, holder, sector: 'digital', externalIdPrefix: 'ens' });
    expect(lines.map((l) => l.legalBasis![0].subclause)).toEqual(['1', '2', '3', '4', '6', '7', '8', '1', '2']);
    lines.forEach((line, i) => {
      const parsed = parseFunctionLine(JSON.stringify(line), i + 1);
      expect(Array.isArray(parsed) ? parsed : []).toEqual([]);
    });
    const first = lines[0];
    expect(first).toMatchObject({
      externalId: `ens_${actIdPart(act)}_15.1`,
      title: 'организует работу пунктов доступа к цифровым услугам в сельских округах района',
      lang: 'ru',
      status: 'DRAFT',
      sector: 'digital',
      agency: holder,
      legalBasis: [
        { act: act.title, actCode: null, article: null, clause: '15', subclause: '1', quote: drafts[0].quote },
      ],
    });
    // The type is left out, so a re-import keeps a reviewer's classification.
    expect('type' in first).toBe(false);
    expect(lines.find((l) => l.externalId.endsWith('_15.8'))?.tags).toEqual([{ value: 'catch-all' }]);
    expect(lines.find((l) => l.externalId.endsWith('_15.7'))?.tags).toEqual([{ value: 'reference-only' }]);
    expect('tags' in first).toBe(false);
  });

  it('gives the same ids on every run, from the adilet code when there is one', () => {
    expect(draftExternalId('5-3.16', { code: 'Z070000319_' })).toBe('Z070000319_5-3.16');
    expect(draftExternalId('5-3.16', { code: 'Z070000319_' }, 'edu')).toBe('edu_Z070000319_5-3.16');
    expect(draftExternalId('5-3.16', { code: 'Z070000319_' }, 'edu-')).toBe('edu-Z070000319_5-3.16');
    expect(actIdPart({ title: ' Положение  о отделе ' })).toBe(actIdPart({ title: 'Положение о отделе' }));
    expect(actIdPart({ title: 'Положение о отделе' })).toMatch(/^act[0-9a-f]{10}$/);
    const withCode = draftsToInterchange(drafts, { act: { title: 'Закон', code: 'Z010000148_' }, holder });
    expect(withCode[0].legalBasis![0].url).toBe('https://adilet.zan.kz/rus/docs/Z010000148_');
  });

  it('refuses a prefix that would make invalid ids', () => {
    expect(() => draftsToInterchange(drafts, { act, holder, externalIdPrefix: 'with space' })).toThrow(
      /externalIdPrefix/,
    );
  });
});
