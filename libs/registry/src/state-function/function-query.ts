import { SelectQueryBuilder } from 'typeorm';
import { SortDirection } from '#core';
import { katoPrefix } from '../territory/kato.js';
import { FunctionFilter, FunctionSort, FunctionSortField } from './dto/state-function.inputs.js';
import { StateFunctionEntity } from './state-function.entity.js';

/**
 * The title order: the first 200 characters, which an index holds (titles run to 4,000 characters,
 * more than a B-tree entry may); titles alike that far are ordered by code.
 */
const SORT_TITLE = 'left(coalesce(f.title_ru, f.title_kk), 200)';

const SORT_COLUMNS: Record<Exclude<FunctionSortField, FunctionSortField.RELEVANCE>, string> = {
  [FunctionSortField.CODE]: 'f.code',
  [FunctionSortField.TITLE]: SORT_TITLE,
  [FunctionSortField.TYPE]: 'f.type',
  [FunctionSortField.CREATED_AT]: 'f.created_at',
  [FunctionSortField.UPDATED_AT]: 'f.updated_at',
};

/** Applies a function filter to a query over `state_function f`. */
export function applyFunctionFilter(qb: SelectQueryBuilder<StateFunctionEntity>, f: FunctionFilter): void {
  if (!f.includeArchived) qb.andWhere('f.archived_at IS NULL');
  if (f.visibility) {
    const published = `(f.status = 'ACTIVE' AND f.archived_at IS NULL)`;
    const scope = f.visibility.scope;
    if (!scope) qb.andWhere(published);
    else
      qb.andWhere(
        `(${published} OR ((CAST(:visAgencies AS uuid[]) IS NULL
            OR f.holder_id IN (SELECT id FROM registry_agency_subtree(CAST(:visAgencies AS uuid[])) AS sub(id)))
          AND (CAST(:visSectors AS text[]) IS NULL OR coalesce(f.sector = ANY(CAST(:visSectors AS text[])), false))))`,
        { visAgencies: scope.agencyIds, visSectors: scope.sectors },
      );
  }
  if (f.agencyId) {
    const holders =
      f.includeSubordinates === false
        ? 'SELECT CAST(:agencyId AS uuid)'
        : `SELECT id FROM registry_agency_subtree(ARRAY[CAST(:agencyId AS uuid)]) AS sub(id)`;
    qb.andWhere(
      `(f.holder_id IN (${holders}) OR EXISTS (SELECT 1 FROM function_co_executor c
         WHERE c.function_id = f.id AND c.agency_id IN (${holders})))`,
      { agencyId: f.agencyId },
    );
  }
  if (f.levels?.length || f.territoryKato) {
    const conditions = ['h.id = f.holder_id'];
    if (f.levels?.length) conditions.push('h.level IN (:...levels)');
    if (f.territoryKato) conditions.push('h.territory_kato LIKE :kato');
    qb.andWhere(`EXISTS (SELECT 1 FROM agency h WHERE ${conditions.join(' AND ')})`, {
      levels: f.levels,
      kato: f.territoryKato ? `${katoPrefix(f.territoryKato)}%` : undefined,
    });
  }
  if (f.types?.length) qb.andWhere('f.type IN (:...types)', { types: f.types });
  if (f.unclassified === true) qb.andWhere('f.type IS NULL');
  if (f.unclassified === false) qb.andWhere('f.type IS NOT NULL');
  if (f.statuses?.length) qb.andWhere('f.status IN (:...statuses)', { statuses: f.statuses });
  if (f.sector) qb.andWhere('f.sector = :sector', { sector: f.sector });
  if (f.externalIds?.length) qb.andWhere('f.external_id IN (:...externalIds)', { externalIds: f.externalIds });
  if (f.supporting !== undefined && f.supporting !== null)
    qb.andWhere('f.supporting = :supporting', { supporting: f.supporting });
  if (f.tag) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM function_tag ft JOIN tag t ON t.id = ft.tag_id
         LEFT JOIN tag_vocabulary v ON v.id = t.vocabulary_id
       WHERE ft.function_id = f.id AND t.value = :tagValue
         AND ${f.tag.vocabulary ? 'v.code = :tagVocabulary' : 't.vocabulary_id IS NULL'})`,
      { tagValue: f.tag.value.trim(), tagVocabulary: f.tag.vocabulary },
    );
  }
  if (f.legalActId) {
    qb.andWhere('EXISTS (SELECT 1 FROM legal_basis lb WHERE lb.function_id = f.id AND lb.legal_act_id = :legalActId)', {
      legalActId: f.legalActId,
    });
  }
  if (f.search?.trim()) {
    const [condition, params] = searchCondition('f', f.search);
    qb.andWhere(condition, params);
  }
}

/**
 * The rows of `state_function <alias>` a search matches: a stemmed full-text match (any word form),
 * the code or external id, or every word of the query closely matching a word of the title (pg_trgm),
 * which forgives misspellings and serves Kazakh text. Trigram matching runs over the distinct
 * statements (function_title), not over every copy; their hashes come as an array so that each
 * alternative is an index scan and the matches are read as one bitmap, not by a scan of the registry.
 */
function searchCondition(alias: string, search: string): [string, Record<string, string>] {
  const words = [...new Set(search.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].slice(0, 8);
  const params: Record<string, string> = { q: search.trim() };
  const fuzzy = words.map((w, i) => {
    params[`w${i}`] = w;
    return `:w${i} <% t.title`;
  });
  return [
    `(${alias}.search_vector @@ websearch_to_tsquery('russian', :q) OR ${alias}.code = :q OR ${alias}.external_id = :q
        ${fuzzy.length ? `OR ${alias}.title_hash = ANY(ARRAY(SELECT t.hash FROM function_title t WHERE ${fuzzy.join(' AND ')}))` : ''})`,
    params,
  ];
}

export function applyFunctionSort(
  qb: SelectQueryBuilder<StateFunctionEntity>,
  sort: FunctionSort | undefined,
  search?: string,
): void {
  const field = sort?.field ?? (search?.trim() ? FunctionSortField.RELEVANCE : FunctionSortField.CODE);
  const dir = sort?.direction ?? (field === FunctionSortField.RELEVANCE ? SortDirection.DESC : SortDirection.ASC);
  if (field === FunctionSortField.RELEVANCE) {
    if (!search?.trim()) {
      qb.orderBy('f.code', 'ASC');
      return;
    }
    // How closely the query matches the title is worked out once per distinct statement, not for
    // every copy of it: most matches of a common word are one typical function in every territory.
    // OFFSET 0 keeps the planner from pulling the similarity up into the join, row by row.
    const [condition, params] = searchCondition('m', search);
    qb.leftJoin(
      `(SELECT t.hash, word_similarity(:q, t.title) AS sim FROM function_title t
         WHERE t.hash IN (SELECT m.title_hash FROM state_function m WHERE ${condition}) OFFSET 0)`,
      'title_match',
      'title_match.hash = f.title_hash',
      params,
    )
      .addSelect(
        `ts_rank(f.search_vector, websearch_to_tsquery('russian', :q)) + coalesce(title_match.sim, 0)`,
        'relevance',
      )
      .orderBy('relevance', dir);
  } else {
    qb.orderBy(SORT_COLUMNS[field], dir, dir === SortDirection.ASC ? 'NULLS LAST' : 'NULLS FIRST');
  }
  // Codes are unique, so they settle ties; TypeORM keeps one direction per column, so a sort by code
  // itself must not be given a second one.
  if (field !== FunctionSortField.CODE) qb.addOrderBy('f.code', 'ASC');
}
