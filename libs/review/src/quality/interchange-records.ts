import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReviewFunction } from '../engine/types.js';
import { GoldPair } from './evaluate.js';

/**
 * Reads an interchange file straight into review records (holders keyed by agency code), for
 * measuring quality without a database.
 */
export function readInterchange(path: string): ReviewFunction[] {
  const agencies = new Map<string, ReviewFunction['holder']>();
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => toReviewFunction(JSON.parse(line), agencies));
}

/** Streams a large interchange file (a national registry does not fit in one string). */
export async function readInterchangeStream(path: string): Promise<ReviewFunction[]> {
  const agencies = new Map<string, ReviewFunction['holder']>();
  const out: ReviewFunction[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) out.push(toReviewFunction(JSON.parse(line), agencies));
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toReviewFunction(d: any, agencies: Map<string, ReviewFunction['holder']>): ReviewFunction {
  const a = d.agency;
  let holder = agencies.get(a.code);
  if (!holder) {
    holder = {
      id: a.code,
      code: a.code,
      kind: a.kind ?? 'OTHER',
      level: a.level,
      territoryKinds: a.territoryKinds ?? [],
      territory: a.territory ?? null,
      collegial: !!a.collegial,
      parentId: a.parentCode ?? null,
    };
    agencies.set(a.code, holder);
  }
  return {
    id: d.externalId,
    externalId: d.externalId,
    title: d.title,
    lang: d.lang,
    type: d.type,
    sector: d.sector,
    holder,
    legalBasis: (d.legalBasis ?? []).map(
      (b: { actCode?: string; act: string; article?: string; clause?: string }) =>
        `${b.actCode ?? b.act}:${b.article ?? ''}:${b.clause ?? ''}`,
    ),
  };
}

export function readGold(path: string): GoldPair[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}
