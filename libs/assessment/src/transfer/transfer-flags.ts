import { fold, normalizeStatement } from '#review';

export type TransferOption =
  'COMPETITIVE_ENVIRONMENT' | 'SRO' | 'LOCAL_SELF_GOVERNMENT' | 'OTHER_BODY_OR_LEVEL' | 'ABOLISH';
export type FlagStrength = 'STRONG' | 'WEAK';

export interface FlagReason {
  code: string;
  text: string;
}

export interface TransferFlag {
  option: TransferOption;
  strength: FlagStrength;
  reasons: FlagReason[];
}

/** A provider market or an SRO that a review team recorded for a sphere of a sector. */
export interface SphereMarket {
  kind: 'PROVIDERS' | 'SRO';
  sector: string;
  keywords: string[];
  name: string;
  providers: number | null;
  source: string | null;
}

/** A pair the review engine reported for the function (latest run, not dismissed). */
export interface DuplicateLink {
  otherCode: string;
  otherHolder: string;
  band: 'DUPLICATE' | 'OVERLAP';
  axis: string;
  score: number;
}

export interface FlagInput {
  title: string;
  lang?: string | null;
  /** The decided type, or else the suggested one. */
  type: string | null;
  typeIsSuggestion: boolean;
  supporting: boolean | null;
  sector: string | null;
  holder: { code: string; level: string; kind: string };
  markets: SphereMarket[];
  duplicates: DuplicateLink[];
}

/** A pattern from the start of a word to the end of the last word it touches (`\b` knows no Cyrillic). */
const word = (re: RegExp) => new RegExp(`(?<!\\p{L})(?:${re.source})\\p{L}*`, 'u');

/**
 * Actions a provider outside the state could perform: the brief's signals of a service-like
 * implementing function (organises events, provides services, maintains, builds, trains, assesses).
 * Matched against the head of each clause, as word starts, so that any inflection counts.
 */
const SERVICE_LIKE: [RegExp, string][] = [
  [
    word(
      /(организ\S*|проведени\S*|провод\S*) (\S+ )?(мероприяти|конкурс|олимпиад|фестивал|выстав|соревнован|форум|семинар|конференц|культурно|спортивн|массов|праздн)/,
    ),
    'organises events',
  ],
  [word(/(оказ\S*|предоставл\S*) (\S+ )?(услуг|помощ|консультац)/), 'provides services'],
  [word(/(содерж\S*|обслужив\S*|эксплуатац\S*|ремонт\S*)/), 'maintains or services objects'],
  [word(/(строит\S*|строительств\S*|реконструкц\S*|капитальн\S* ремонт)/), 'builds'],
  [word(/(обуч\S*|подготовк\S* кадр|повышени\S* квалификац|переподготовк)/), 'trains'],
  [
    word(/(оценк\S*|оценива\S*|экспертиз\S*|аттестац\S*|сертификац\S*|аккредитац\S*|испытани\S*)/),
    'assesses, certifies or tests',
  ],
  [
    word(
      /(издани\S*|изда\S* (учебн|литератур|печатн)|публикац\S*|информационн\S* (обеспечени|сопровождени)|пропаганд\S*)/,
    ),
    'publishes or informs',
  ],
  [word(/(перевоз\S*|транспортн\S* обслуживани)/), 'carries passengers or goods'],
];

/**
 * Matters of local significance (вопросы местного значения): the everyday upkeep of a settlement
 * that the Concept wants to sit with local self-government rather than higher up.
 */
const LOCAL_MATTERS: [RegExp, string][] = [
  [
    word(/благоустройств|озеленени|санитарн\S* (очистк|содержани)|вывоз\S* (мусор|отход)|освещени\S* улиц/),
    'upkeep of a settlement (improvement, greening, cleaning, lighting)',
  ],
  [
    word(/(дорог|улиц)\S* (местного|районного|сельского) значени|внутрипоселков|улично-дорожн/),
    'local roads and streets',
  ],
  [word(/водоснабжени\S* (сел|населенн)|сельск\S* водоснабж|водоотведени/), 'water supply of settlements'],
  [word(/кладбищ|мест\S* захоронени/), 'cemeteries'],
  [
    word(/местного значения|местн\S* сообществ|сход\S* (местного|жителей)|собрани\S* местного/),
    'stated as a matter of local significance or of the local community',
  ],
  [word(/детск\S* (игров|спортивн)\S* площад|дворов/), 'yards and playgrounds'],
];

const LOCAL_LEVELS_TOO_HIGH: Record<string, FlagStrength> = { CENTRAL: 'STRONG', REGIONAL: 'STRONG', DISTRICT: 'WEAK' };

/** Whether every word of a recorded sphere's keywords occurs in the statement (by word family). */
export function sphereMatches(market: SphereMarket, sector: string | null, tokens: Set<string>): boolean {
  if (!sector || market.sector !== sector) return false;
  return market.keywords.every((k) => normalizeStatement(k).tokens.every((t) => tokens.has(t)));
}

function describeMarket(m: SphereMarket): string {
  const what =
    m.kind === 'SRO'
      ? `the self-regulating organisation «${m.name}»`
      : `a market of ${m.providers ?? 'an unrecorded number of'} providers («${m.name}»)`;
  const sphere = m.keywords.length ? `${m.sector}: ${m.keywords.join(', ')}` : m.sector;
  return `${what} is recorded for the sphere ${sphere}${m.source ? ` (source: ${m.source})` : ''}`;
}

function firstMatch(table: [RegExp, string][], text: string): { match: string; label: string } | undefined {
  for (const [re, label] of table) {
    const m = re.exec(text);
    if (m) return { match: m[0].trim(), label };
  }
  return undefined;
}

/**
 * Where a function could go instead of the body that holds it, each option with the reasons that
 * raised it. Flags are prompts for a review team, never decisions: STRONG when two signals agree
 * (a service-like function and a recorded market), WEAK on one signal.
 */
export function transferFlags(input: FlagInput): TransferFlag[] {
  const flags: TransferFlag[] = [];
  const text = fold(input.title);
  const normalized = normalizeStatement(input.title, input.lang);
  const tokens = new Set(normalized.tokens);
  const typeNote = input.typeIsSuggestion ? ' (suggested type)' : '';
  const markets = input.markets.filter((m) => sphereMatches(m, input.sector, tokens));
  const serviceLike = input.type === 'IMPLEMENTING' ? firstMatch(SERVICE_LIKE, text) : undefined;

  // A market recorded with no providers is a market that is not there (yet).
  const providers = markets.filter((m) => m.kind === 'PROVIDERS' && m.providers !== 0);
  if (input.type === 'IMPLEMENTING' && (serviceLike || providers.length)) {
    const reasons: FlagReason[] = [];
    if (serviceLike)
      reasons.push({
        code: 'SERVICE_LIKE',
        text: `implementing${typeNote} and service-like: «${serviceLike.match}» (${serviceLike.label})`,
      });
    else reasons.push({ code: 'IMPLEMENTING', text: `implementing${typeNote}` });
    for (const m of providers) reasons.push({ code: 'MARKET', text: describeMarket(m) });
    flags.push({
      option: 'COMPETITIVE_ENVIRONMENT',
      strength: serviceLike && providers.length ? 'STRONG' : 'WEAK',
      reasons,
    });
  }

  const sros = markets.filter((m) => m.kind === 'SRO');
  if (sros.length && input.type !== 'STRATEGIC') {
    const reasons: FlagReason[] = sros.map((m) => ({ code: 'SRO', text: describeMarket(m) }));
    const fits =
      input.type === 'CONTROL' ||
      input.type === 'REGULATORY' ||
      /аттестац|сертификац|аккредитац|стандарт|членств|реестр\S* (член|лиц)/.test(text);
    if (fits)
      reasons.push({
        code: 'SRO_FIT',
        text: `a ${input.type?.toLowerCase() ?? 'professional'} function${typeNote} of the kind self-regulation takes over (standards, admission, supervision of members)`,
      });
    flags.push({ option: 'SRO', strength: fits ? 'STRONG' : 'WEAK', reasons });
  }

  const local = firstMatch(LOCAL_MATTERS, text);
  const levelStrength = LOCAL_LEVELS_TOO_HIGH[input.holder.level];
  if (local && levelStrength) {
    flags.push({
      option: 'LOCAL_SELF_GOVERNMENT',
      strength: levelStrength,
      reasons: [
        { code: 'LOCAL_MATTER', text: `a matter of local significance: «${local.match}» (${local.label})` },
        { code: 'HELD_HIGHER', text: `held at ${input.holder.level.toLowerCase()} level by ${input.holder.code}` },
      ],
    });
  }

  const shared = input.duplicates.filter((d) => d.axis !== 'WITHIN_AGENCY');
  const other: FlagReason[] = shared.map((d) => ({
    code: 'DUPLICATE_ELSEWHERE',
    text: `${d.band === 'DUPLICATE' ? 'duplicates' : 'overlaps'} ${d.otherCode} held by ${d.otherHolder} (${d.axis}, score ${d.score.toFixed(2)}): one holder may be enough`,
  }));
  if (input.supporting) {
    other.push({
      code: 'SUPPORTING',
      text: 'a supporting function that maintains the body itself: a candidate for a centralised service',
    });
  }
  if (other.length)
    flags.push({
      option: 'OTHER_BODY_OR_LEVEL',
      strength: shared.some((d) => d.band === 'DUPLICATE') ? 'STRONG' : 'WEAK',
      reasons: other,
    });

  const exact = input.duplicates.filter((d) => d.band === 'DUPLICATE');
  if (exact.length) {
    flags.push({
      option: 'ABOLISH',
      strength: 'WEAK',
      reasons: exact.map((d) => ({
        code: 'DUPLICATE',
        text: `the same function as ${d.otherCode} held by ${d.otherHolder} (${d.axis}, score ${d.score.toFixed(2)}): one of the two can go`,
      })),
    });
  }
  if (normalized.catchAll) {
    flags.push({
      option: 'ABOLISH',
      strength: 'WEAK',
      reasons: [{ code: 'CATCH_ALL', text: 'a catch-all clause («иные полномочия»), not a function of its own' }],
    });
  }
  return mergeByOption(flags);
}

function mergeByOption(flags: TransferFlag[]): TransferFlag[] {
  const byOption = new Map<TransferOption, TransferFlag>();
  for (const f of flags) {
    const known = byOption.get(f.option);
    if (!known) byOption.set(f.option, f);
    else {
      known.reasons.push(...f.reasons);
      if (f.strength === 'STRONG') known.strength = 'STRONG';
    }
  }
  return [...byOption.values()];
}
