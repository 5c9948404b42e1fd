import { Holder, ReviewFunction } from '../engine/types.js';

/**
 * What reading the review's functions needs of a database: a TypeORM DataSource, or a bare `pg`
 * client in a worker thread (which has no DataSource) wrapped to return rows.
 */
export interface RowSource {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * A mark that changes whenever the registry's functions do (an edit moves max(updated_at), a
 * removal the count): an index built at one mark is current while the mark stays the same.
 */
export const REGISTRY_MARK_SQL = `SELECT coalesce(max(updated_at), 'epoch')::text || ':' || count(*) AS mark FROM registry_function`;

/** Which functions a review looks at; empty means the whole active registry. */
export interface ReviewScope {
  sectors?: string[];
  /** Agencies whose functions are reviewed, with their subordinates. */
  agencyIds?: string[];
  levels?: string[];
}

const BATCH = 20_000;

/**
 * Reads the functions of a scope as the engine needs them: statement, holder and legal basis.
 * Holders are shared objects, and the registry is read in keyset batches so that a national
 * registry never sits in the database driver's buffers at once.
 */
export async function loadReviewFunctions(
  ds: RowSource,
  scope: ReviewScope,
  progress: (m: string) => void = () => {},
  /**
   * Whether to read the functions' legal bases: a finding's reasons need them, the engine does not,
   * so a stored run (whose reasons are completed when read) goes without (1.5 million rows at a million functions).
   */
  withLegalBasis = true,
): Promise<ReviewFunction[]> {
  const conditions = [`f.live`];
  const params: unknown[] = [];
  if (scope.sectors?.length) {
    params.push(scope.sectors);
    conditions.push(`f.sector = ANY($${params.length})`);
  }
  if (scope.levels?.length) {
    params.push(scope.levels);
    conditions.push(`a.level = ANY($${params.length})`);
  }
  if (scope.agencyIds?.length) {
    params.push(scope.agencyIds);
    conditions.push(`f.holder_id IN (SELECT id FROM registry_agency_subtree($${params.length}::uuid[]) AS sub(id))`);
  }
  // Holders are read once (a few thousand), not with each of a million functions.
  const holders = new Map<string, Holder>();
  for (const a of await ds.query<HolderRow[]>(`SELECT ${HOLDER_COLUMNS} FROM registry_agency a`))
    holders.set(a.holder_id, holderOf(a));
  const strings = interner();
  let loaded = 0;
  // Two halves of the id space read side by side: the database finds one's next batch while this
  // thread decodes the other's (on a connection each where the source has a pool).
  const half = async ([after, last]: [string, string]) => {
    const out: ReviewFunction[] = [];
    for (;;) {
      const rows = await readReviewFunctions(
        ds,
        `${conditions.join(' AND ')} AND f.id > $${params.length + 1} AND f.id <= $${params.length + 2} ORDER BY f.id LIMIT ${BATCH}`,
        [...params, after, last],
        holders,
        withLegalBasis,
        strings,
      );
      if (rows.length === 0) return out;
      for (const r of rows) out.push(r);
      after = rows[rows.length - 1].id;
      loaded += rows.length;
      progress(`loaded ${loaded} functions`);
    }
  };
  const halves = await Promise.all(ID_HALVES.map(half));
  return halves.flat();
}

const ID_HALVES: [string, string][] = [
  ['00000000-0000-0000-0000-000000000000', '7fffffff-ffff-ffff-ffff-ffffffffffff'],
  ['7fffffff-ffff-ffff-ffff-ffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
];

/**
 * One string object for each distinct value read: a national registry repeats 40,000 texts, a few
 * languages, types and sectors a million times, and a copy of each per function took about 300 MB.
 */
export function interner(): <T extends string | null>(s: T) => T {
  const seen = new Map<string, string>();
  return <T extends string | null>(s: T): T => {
    if (s === null) return s;
    const known = seen.get(s);
    if (known !== undefined) return known as T;
    seen.set(s, s);
    return s;
  };
}

/**
 * Shares the strings of functions that arrived copied (a worker thread's data is copied string by
 * string, however shared it was where it came from).
 */
export function shareStrings(functions: ReviewFunction[]): void {
  const strings = interner();
  for (const f of functions) {
    f.title = strings(f.title);
    f.lang = strings(f.lang ?? null);
    f.type = strings(f.type ?? null);
    f.sector = strings(f.sector ?? null);
    if (f.legalBasis) f.legalBasis = f.legalBasis.map(strings);
  }
}

/** Functions by id as the review sees them, whatever their status now (a stored finding may be older). */
export function loadReviewFunctionsByIds(ds: RowSource, ids: readonly string[]): Promise<ReviewFunction[]> {
  return ids.length ? readReviewFunctions(ds, `f.id = ANY($1::uuid[])`, [ids]) : Promise.resolve([]);
}

/** A holder as the review sees it. */
export async function loadReviewHolder(ds: RowSource, id: string): Promise<Holder | undefined> {
  const [a]: HolderRow[] = await ds.query(`SELECT ${HOLDER_COLUMNS} FROM registry_agency a WHERE a.id = $1`, [id]);
  return a ? holderOf(a) : undefined;
}

const HOLDER_COLUMNS = `a.id AS holder_id, a.code, a.kind, a.level, a.territory_kinds, a.territory_kato, a.collegial, a.parent_id`;

interface HolderRow {
  holder_id: string;
  code: string;
  kind: string;
  level: Holder['level'];
  territory_kinds: string[];
  territory_kato: string | null;
  collegial: boolean;
  parent_id: string | null;
}

function holderOf(r: HolderRow): Holder {
  return {
    id: r.holder_id,
    code: r.code,
    kind: r.kind,
    level: r.level,
    territoryKinds: r.territory_kinds,
    territory: r.territory_kato?.trim() || null,
    collegial: r.collegial,
    parentId: r.parent_id,
  };
}

/**
 * Functions matching `where` (over `f`, the function, and `a`, its holder), with holders shared
 * through `holders`. Given holders already read, the rows carry only the holder's id (a million
 * rows of eight holder columns took a third of reading a national registry).
 */
async function readReviewFunctions(
  ds: RowSource,
  where: string,
  params: unknown[],
  holders = new Map<string, Holder>(),
  withLegalBasis = true,
  strings = interner(),
): Promise<ReviewFunction[]> {
  const rows: (Partial<HolderRow> & {
    id: string;
    external_id: string;
    title: string;
    lang: string;
    type: string | null;
    sector: string | null;
    holder_id: string;
  })[] = await ds.query(
    `SELECT f.id, f.external_id, f.title, f.lang, f.type, f.sector, ${holders.size ? 'f.holder_id' : HOLDER_COLUMNS}
     FROM registry_function f JOIN registry_agency a ON a.id = f.holder_id
     WHERE ${where}`,
    params,
  );
  if (rows.length === 0) return [];
  // Agencies added since the holders were read.
  const unknown = [...new Set(rows.filter((r) => !r.code && !holders.has(r.holder_id)).map((r) => r.holder_id))];
  if (unknown.length)
    for (const a of await ds.query<HolderRow[]>(
      `SELECT ${HOLDER_COLUMNS} FROM registry_agency a WHERE a.id = ANY($1::uuid[])`,
      [unknown],
    ))
      holders.set(a.holder_id, holderOf(a));
  const bases: { function_id: string; basis: string }[] = withLegalBasis
    ? await ds.query(
        `SELECT function_id, legal_act_id || ':' || coalesce(article, '') || ':' || coalesce(clause, '') AS basis
     FROM registry_legal_basis WHERE function_id = ANY($1::uuid[])`,
        [rows.map((r) => r.id)],
      )
    : [];
  const basisOf = new Map<string, string[]>();
  for (const b of bases) {
    const list = basisOf.get(b.function_id);
    if (list) list.push(strings(b.basis));
    else basisOf.set(b.function_id, [strings(b.basis)]);
  }
  return rows.map((r) => {
    let holder = holders.get(r.holder_id);
    if (!holder) holders.set(r.holder_id, (holder = holderOf(r as HolderRow)));
    return {
      id: r.id,
      externalId: r.external_id,
      title: strings(r.title),
      lang: strings(r.lang),
      type: strings(r.type),
      sector: strings(r.sector),
      holder,
      legalBasis: withLegalBasis ? (basisOf.get(r.id) ?? []) : undefined,
    };
  });
}
