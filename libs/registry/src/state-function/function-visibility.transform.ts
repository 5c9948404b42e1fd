import { ANONYMOUS, DomainError, ErrorCode, type GraphQLContext, type Identity, isStaff } from '#core';
import { defaultFieldResolver, getNamedType, GraphQLSchema, isListType, isNonNullType, isObjectType } from 'graphql';
import { FunctionStatus } from '../enums.js';

interface FunctionLike {
  status: FunctionStatus;
  archivedAt: Date | null;
  holderId: string;
  sector: string | null;
}

function isFunctionLike(value: unknown): value is FunctionLike {
  return typeof value === 'object' && value !== null && 'status' in value && 'holderId' in value;
}

/** Staff without a scope see every function, drafts included. */
function seesAll(identity: Identity): boolean {
  return isStaff(identity) && !identity.agencies.length && !identity.sectors.length;
}

/**
 * Whether the caller may see this function: staff without a scope see all; a scoped caller sees
 * its scope's drafts and the published registry; the public the published registry. The one rule
 * for lookups by id or code and for nested fields.
 */
export async function canSee(identity: Identity, context: GraphQLContext, fn: FunctionLike): Promise<boolean> {
  if (fn.status === FunctionStatus.ACTIVE && fn.archivedAt === null) return true;
  if (!isStaff(identity)) return false;
  if (seesAll(identity)) return true;
  if (identity.sectors.length && !(fn.sector && identity.sectors.includes(fn.sector))) return false;
  if (!identity.agencies.length) return true;
  const covered = await context.loaders.registry.scopeAgencies.load([...identity.agencies].sort().join(','));
  return covered.has(fn.holderId);
}

/**
 * No draft reaches a caller who may not see it through a nested field (a finding's functions, a
 * duplicate pair's sides, a budget link's function, ...): every field below the root that returns
 * functions drops the ones the caller may not see (a single one is refused as not found). Root
 * queries narrow their own lists (FunctionScope). Unscoped staff pay one comparison.
 */
export function hideUnseenFunctions(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type).name !== 'StateFunction') continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const list = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
      const required = isNonNullType(field.type);
      field.resolve = async (source, args, context: GraphQLContext, info) => {
        const identity = context.identity ?? ANONYMOUS;
        if (seesAll(identity)) return resolve(source, args, context, info);
        const value: unknown = await resolve(source, args, context, info);
        if (list && Array.isArray(value)) {
          const items = value as unknown[];
          const seen = await Promise.all(
            items.map((fn) => (isFunctionLike(fn) ? canSee(identity, context, fn) : Promise.resolve(true))),
          );
          return items.filter((_fn, i) => seen[i]);
        }
        if (!isFunctionLike(value) || (await canSee(identity, context, value))) return value;
        if (required)
          throw new DomainError(ErrorCode.NOT_FOUND, `${type.name}.${field.name}: the function is not visible to you`);
        return null;
      };
    }
  }
  return schema;
}
