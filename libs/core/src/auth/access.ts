import { Extensions } from '@nestjs/graphql';
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLField,
  GraphQLSchema,
  isObjectType,
  type GraphQLFieldResolver,
} from 'graphql';
import { DomainError, ErrorCode, forbidden } from '../errors/domain-error.js';
import { ANONYMOUS, hasRole, type Identity } from './identity.js';
import { Role } from './role.js';

const ACCESS = 'access';

/**
 * Who may use a query, a mutation, a field, or (on a class) every field that returns that type.
 * ADMIN may always; `Role.PUBLIC` admits everyone, signed in or not. Queries and mutations without
 * a rule are refused to everyone (and the access matrix test names them).
 */
export function Allow(...roles: Role[]): ClassDecorator & MethodDecorator & PropertyDecorator {
  return Extensions({ [ACCESS]: [...new Set([Role.ADMIN, ...roles])] });
}

/** Anyone may use it, signed in or not. */
export const Public = (): ClassDecorator & MethodDecorator & PropertyDecorator => Allow(Role.PUBLIC);

/** The roles a field admits: its own rule, else the rule of the type it returns; undefined: none. */
export function accessRule(field: GraphQLField<unknown, unknown>): readonly Role[] | undefined {
  const own = field.extensions[ACCESS] as Role[] | undefined;
  if (own) return own;
  const named = getNamedType(field.type);
  return isObjectType(named) ? (named.extensions[ACCESS] as Role[] | undefined) : undefined;
}

/** Whether `identity` may use a field with rule `rule` (undefined on a root field: nobody). */
export function admits(identity: Identity, rule: readonly Role[] | undefined): boolean {
  if (!rule) return false;
  return rule.includes(Role.PUBLIC) || hasRole(identity, ...rule);
}

function refusal(identity: Identity, where: string): DomainError {
  return identity.anonymous
    ? new DomainError(ErrorCode.UNAUTHENTICATED, `${where} needs a signed-in user: send a bearer token`)
    : forbidden(`${where} is not allowed for roles ${identity.roles.join(', ') || 'none'}`);
}

interface HasIdentity {
  identity?: Identity;
}

/**
 * Installs the access rules in the schema: every root field checks its rule (none: refused), and a
 * nested field with a rule of its own or of its type checks it before resolving. Fields without a
 * rule below the root cost nothing: they are readable by whoever could read their parent.
 */
export function enforceAccess(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const root = roots.has(type);
    for (const field of Object.values(type.getFields())) {
      const rule = accessRule(field);
      if (!root && !rule) continue;
      const where = root
        ? `${type.name === 'Mutation' ? 'mutation' : 'query'} ${field.name}`
        : `${type.name}.${field.name}`;
      const resolve: GraphQLFieldResolver<unknown, HasIdentity> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: HasIdentity, info) => {
        const identity = context.identity ?? ANONYMOUS;
        if (!admits(identity, rule)) throw refusal(identity, where);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
