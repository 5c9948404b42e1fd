import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ReviewFunction } from '../engine/types.js';
import { interner } from '../run/review-records.js';
import { GoldPair } from './evaluate.js';

/**
 * Reads an interchange file straight into review records (holders keyed by agency code), for
 * measuring quality without a database.
 */
export function readInterchange(path: string): ReviewFunction[] {
  const agencies = new Map<string, ReviewFunction['holder']>();
  const strings = interner();
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => toReviewFunction(JSON.parse(line) as InterchangeRecord, agencies, strings));
}

/** Streams a large interchange file (a national registry does not fit in one string). */
export async function readInterchangeStream(path: string): Promise<ReviewFunction[]> {
  const agencies = new Map<string, ReviewFunction['holder']>();
  const strings = interner();
  const out: ReviewFunction[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines)
    if (line.trim()) out.push(toReviewFunction(JSON.parse(line) as InterchangeRecord, agencies, strings));
  return out;
}

/** The fields of an interchange line that a review reads. */
interface InterchangeRecord {
  externalId: string;
  title: string;
  lang: ReviewFunction['lang'];
  type: ReviewFunction['type'];
  sector: ReviewFunction['sector'];
  agency: {
    code: string;
    kind?: ReviewFunction['holder']['kind'];
    level: ReviewFunction['holder']['level'];
    territoryKinds?: ReviewFunction['holder']['territoryKinds'];
    territory?: ReviewFunction['holder']['territory'];
    collegial?: boolean;
    parentCode?: string;
  };
  legalBasis?: { actCode?: string; act: string; article?: string; clause?: string }[];
}

function toReviewFunction(
  d: InterchangeRecord,
  agencies: Map<string, ReviewFunction['holder']>,
  strings: ReturnType<typeof interner>,
): ReviewFunction {
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
    title: strings(d.title),
    lang: strings(d.lang ?? null),
    type: strings(d.type ?? null),
    sector: strings(d.sector ?? null),
    holder,
    legalBasis: (d.legalBasis ?? []).map((b) => strings(`${b.actCode ?? b.act}:${b.article ?? ''}:${b.clause ?? ''}`)),
  };
}

export function readGold(path: string): GoldPair[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldPair);
}
