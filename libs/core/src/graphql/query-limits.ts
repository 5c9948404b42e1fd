import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  getNullableType,
  isListType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { ErrorCode } from '../errors/domain-error.js';

/** The limits every GraphQL request is held to before anything runs. */
export interface QueryLimits {
  /** Nesting of selections, fragments included. */
  maxDepth: number;
  /** Aliased fields in one document. */
  maxAliases: number;
  /** Directives in one document. */
  maxDirectives: number;
  /** Lexical tokens in one document; Apollo refuses longer documents while parsing. */
  maxTokens: number;
  /** The estimated work of an operation (see `operationCost`). */
  maxCost: number;
  /** Top-level fields of one mutation operation: each is a separate write. */
  maxMutationFields: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2_000,
  maxCost: 25_000,
  maxMutationFields: 10,
};

/**
 * Field extension `cost`: the work of the field itself, beyond the 1 every field counts, for fields
 * that do much more than read rows (parsing a law, starting a review).
 */
export const COST_EXTENSION = 'cost';
/**
 * Field extension `listSize` (a `ListSize`): how many items a list without a page size may hold,
 * so that nested lists multiply (a territory's children, an agency's subordinates).
 */
export const LIST_SIZE_EXTENSION = 'listSize';

/** A list's largest length, or a function of the field's arguments that gives it. */
export type ListSize = number | ((args: Record<string, unknown>) => number);

/** Arguments that bound the length of a list. */
const PAGE_ARGS = ['take', 'limit', 'first'] as const;
/** Fields and fragments the cost walk visits at most (fragments spread many times count each time). */
const MAX_QUERY_NODES = 10_000;
/** What one `__schema` costs (the default limit allows two per request). */
export const INTROSPECTION_COST = 10_000;

/** A list field that declares neither a page size nor a `listSize`. */
const DEFAULT_LIST_SIZE = 10;

/**
 * The cost of one field: 1, plus its declared `cost`, plus its selections times the number of items
 * the field may return. A page (`take: 100`) multiplies by its size; a page type's own `items`
 * list counts once, since the page size already counted; any other list multiplies by its
 * `listSize` or a default.
 */
export function fieldCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  const extensions = field.extensions as Record<string, unknown>;
  const own = typeof extensions[COST_EXTENSION] === 'number' ? extensions[COST_EXTENSION] : 0;
  let items = 1;
  // Introspection reads the schema held in memory, not the database, so its lists (types, fields,
  // arguments) multiply nothing and explorers and code generators can read the whole schema; but
  // each whole schema is a quarter of a megabyte to write, so `__schema` has a price of its own
  // that lets two through in one request, not fifteen.
  if (field.name === '__schema') return INTROSPECTION_COST + childComplexity;
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 1 + childComplexity;
  const page = PAGE_ARGS.map((a) => args[a] as unknown).find((v): v is number => typeof v === 'number');
  if (page !== undefined) items = Math.max(page, 1);
  else if (isListType(getNullableType(field.type)) && !type.name.endsWith('Page')) {
    const size = extensions[LIST_SIZE_EXTENSION] as ListSize | undefined;
    items = typeof size === 'function' ? size(args) : (size ?? DEFAULT_LIST_SIZE);
  }
  return 1 + own + items * childComplexity;
}

/** A refusal that names the limit, so that a client knows what to change. */
export function limitExceeded(limit: string, max: number, actual?: number): GraphQLError {
  const has = actual === undefined ? '' : ` (it has ${actual})`;
  return new GraphQLError(`The request exceeds the ${limit} limit of ${max}${has}.`, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, actual, http: { status: 400 } },
  });
}

function operationOf(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
}

/** Top-level fields of a selection, through fragments, counted once per alias. */
function rootFieldCount(document: DocumentNode, set: SelectionSetNode, seen = new Set<string>()): number {
  let count = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) count++;
    else if (s.kind === Kind.INLINE_FRAGMENT) count += rootFieldCount(document, s.selectionSet, seen);
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = document.definitions.find(
        (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) count += rootFieldCount(document, fragment.selectionSet, seen);
    }
  }
  return count;
}

/**
 * Refuses, before execution, an operation whose estimated cost or number of mutations is over the
 * limit. Cost needs the variables (a page size is often one), so it runs once the operation is
 * resolved rather than as a validation rule.
 */
function costPlugin(limits: QueryLimits, onCost?: (cost: number) => void): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ document, operationName, request, schema }) => {
          const operation = operationOf(document, operationName);
          if (operation?.operation === OperationTypeNode.MUTATION) {
            const fields = rootFieldCount(document, operation.selectionSet);
            if (fields > limits.maxMutationFields) {
              throw limitExceeded('mutations per request', limits.maxMutationFields, fields);
            }
          }
          let cost: number;
          try {
            cost = cachedQueryCost(schema, document, operationName ?? undefined, request.variables ?? {});
          } catch (error) {
            if (error instanceof GraphQLError && /number of nodes/.test(error.message)) {
              throw limitExceeded('query nodes', MAX_QUERY_NODES);
            }
            // Variables that do not fit their types: execution refuses them with its own message.
            return Promise.resolve();
          }
          onCost?.(cost);
          if (cost > limits.maxCost) throw limitExceeded('query cost', limits.maxCost, cost);
          return Promise.resolve();
        },
      }),
  };
}

/** Costs already worked out, per parsed document (Apollo keeps one per query text) and variables. */
const knownCosts = new WeakMap<DocumentNode, Map<string, number>>();
const COSTS_PER_DOCUMENT = 256;
const MAX_COST_KEY = 2048;

/**
 * `queryCost`, remembered: a client repeating an operation with the same variables (a list paged
 * through the same few pages) pays the walk over its fields once rather than on every request.
 */
function cachedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  const key = `${operationName ?? ''}\u0000${JSON.stringify(variables)}`;
  // Large variables (a legal text to parse, a batch to write) are not worth keeping as keys.
  if (key.length > MAX_COST_KEY) return queryCost(schema, document, operationName, variables);
  let byVariables = knownCosts.get(document);
  if (!byVariables) knownCosts.set(document, (byVariables = new Map<string, number>()));
  const known = byVariables.get(key);
  if (known !== undefined) return known;
  const cost = queryCost(schema, document, operationName, variables);
  if (byVariables.size >= COSTS_PER_DOCUMENT) byVariables.clear();
  byVariables.set(key, cost);
  return cost;
}

/** The estimated cost of an operation (see `fieldCost`); also what `operationCost` reports. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [fieldCost],
    maxQueryNodes: MAX_QUERY_NODES,
  });
}

/** Apollo options that hold every request to `limits`. */
export function queryLimitOptions(
  limits: QueryLimits,
  onCost?: (cost: number) => void,
): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<BaseContext>[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    // Apollo's own token limit refuses while parsing, before armor would see the document.
    maxTokens: { enabled: false },
    // The cost model above knows page sizes; armor's own cost limit does not.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return {
    validationRules: armor.validationRules,
    // armor's declarations point at Apollo's CommonJS types; the objects are the same at run time.
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin<BaseContext>[]), costPlugin(limits, onCost)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
