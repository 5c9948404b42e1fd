import { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

const columnLists = new WeakMap<object, Map<string, string>>();

/**
 * `alias.column AS "property"` for every column of an entity. Reading rows this way gives plain
 * objects shaped like the entity without TypeORM's per-row hydration, which dominates the cost of
 * hot read paths (a page of functions with its nested data).
 */
export function selectList(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const metadata = ds.getMetadata(entity);
  let byAlias = columnLists.get(metadata);
  if (!byAlias) columnLists.set(metadata, (byAlias = new Map<string, string>()));
  let list = byAlias.get(alias);
  if (!list) {
    list = metadata.columns.map((c) => `"${alias}"."${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

/** Rows of `entity` whose `property` is one of `values`, as plain objects, in one statement. */
export async function rowsWhereIn<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  property: keyof T & string,
  values: readonly unknown[],
  orderBy?: string,
): Promise<T[]> {
  if (values.length === 0) return [];
  const metadata = ds.getMetadata(entity);
  const column = metadata.findColumnWithPropertyName(property)!;
  const sql = `SELECT ${selectList(ds, entity, 't')} FROM "${metadata.tableName}" "t"
    WHERE "t"."${column.databaseName}" = ANY($1::${column.type === 'uuid' ? 'uuid' : 'text'}[])${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  return ds.query(sql, [values]);
}

/**
 * Rows of `entity` whose `property` is one of `values`, each with the row of `joined` that its
 * `reference` points to, in one statement: a nested list (a function's legal bases with their acts)
 * costs one round trip instead of two. Both come back as plain objects, as from `rowsWhereIn`.
 */
export async function rowsWithReferenceWhereIn<T extends ObjectLiteral, J extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  property: keyof T & string,
  values: readonly unknown[],
  reference: keyof T & string,
  joined: EntityTarget<J>,
  orderBy?: string,
): Promise<{ row: T; joined: J }[]> {
  if (values.length === 0) return [];
  const metadata = ds.getMetadata(entity);
  const target = ds.getMetadata(joined);
  const column = metadata.findColumnWithPropertyName(property)!;
  const ref = metadata.findColumnWithPropertyName(reference)!;
  const targetKey = target.primaryColumns[0];
  // The joined row's columns come back under `j.<property>`, apart from the row's own.
  const joinedList = target.columns.map((c) => `"j"."${c.databaseName}" AS "j.${c.propertyName}"`).join(', ');
  const sql = `SELECT ${selectList(ds, entity, 't')}, ${joinedList}
    FROM "${metadata.tableName}" "t" JOIN "${target.tableName}" "j" ON "j"."${targetKey.databaseName}" = "t"."${ref.databaseName}"
    WHERE "t"."${column.databaseName}" = ANY($1::${column.type === 'uuid' ? 'uuid' : 'text'}[])${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  const raw: Record<string, unknown>[] = await ds.query(sql, [values]);
  const own = metadata.columns.map((c) => c.propertyName);
  const other = target.columns.map((c) => [c.propertyName, `j.${c.propertyName}`] as const);
  return raw.map((r) => {
    const row: Record<string, unknown> = {};
    for (const k of own) row[k] = r[k];
    const j: Record<string, unknown> = {};
    for (const [k, alias] of other) j[k] = r[alias];
    return { row: row as T, joined: j as J };
  });
}

/**
 * Makes a query builder select every column of its main entity under the property's name, so that
 * `getRawMany()` returns plain objects shaped like the entity (see `selectList`).
 */
export function selectEntityColumns<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
): SelectQueryBuilder<T> {
  const columns = qb.expressionMap.mainAlias!.metadata.columns;
  qb.select(`${alias}.${columns[0].propertyName}`, columns[0].propertyName);
  for (const c of columns.slice(1)) qb.addSelect(`${alias}.${c.propertyName}`, c.propertyName);
  return qb;
}

/** Rows grouped under the keys asked for, in their order; a key without rows gets an empty list. */
export function groupByKey<T>(
  keys: readonly string[],
  rows: readonly T[],
  keyOf: (row: T) => string,
): Map<string, T[]> {
  const out = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) out.get(keyOf(row))?.push(row);
  return out;
}
