import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { Identity } from '../auth/identity.js';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Extensions, Field, FieldOptions, ReturnTypeFunc } from '@nestjs/graphql';
import { defaultFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import type { Request } from 'express';

/**
 * The DataLoaders of one GraphQL request, one entry per library. Each library adds its entry by
 * declaration merging (`declare module '#core' { interface RequestLoaders { budget: BudgetLoaders } }`)
 * and builds it in a provider marked `@ProvidesLoaders('budget')`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in each library
export interface RequestLoaders {}

/** What every resolver receives as its GraphQL context; built once per request. */
export interface GraphQLContext {
  req: Request;
  loaders: RequestLoaders;
  /** The verified caller (anonymous without a bearer token). */
  identity: Identity;
  /** The name recorded with the caller's decisions and changes; null for an anonymous caller. */
  actor: string | null;
  /** When the operation must have answered (REQUEST_TIMEOUT_MS after it arrived); absent: never. */
  deadline?: { at: number; timeoutMs: number };
  /**
   * Set by a resolver whose answer comes from state the database does not hold (the live-check
   * index): the response cache, which forgets answers only when the database changes, keeps none.
   */
  noStore?: boolean;
}

/**
 * A provider that builds one library's loaders for a request. `all` is the request's whole set,
 * filled in as the other libraries build theirs: read it inside a batch function, not while building.
 */
export interface LoadersFactory<K extends keyof RequestLoaders> {
  createLoaders(all: RequestLoaders): RequestLoaders[K];
}

/** Marks a provider (a `LoadersFactory`) as the builder of `loaders[key]` in every request. */
export const ProvidesLoaders = DiscoveryService.createDecorator<keyof RequestLoaders>();

/** Builds the request's `RequestLoaders` from every provider marked `@ProvidesLoaders`. */
@Injectable()
export class RequestLoadersFactory implements OnModuleInit {
  private factories: [string, LoadersFactory<keyof RequestLoaders>][] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = new Map<string, LoadersFactory<keyof RequestLoaders>>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: ProvidesLoaders.KEY })) {
      const key = this.discovery.getMetadataByDecorator(ProvidesLoaders, wrapper);
      const instance = wrapper.instance as LoadersFactory<keyof RequestLoaders> | undefined;
      // A provider imported by several modules is found once per module; it builds one entry.
      if (!key || !instance || found.get(key) === instance) continue;
      if (found.has(key)) throw new Error(`Two providers build the request loaders "${key}"`);
      found.set(key, instance);
    }
    this.factories = [...found];
  }

  create(): RequestLoaders {
    const loaders: Record<string, unknown> = {};
    const all = loaders as unknown as RequestLoaders;
    for (const [key, factory] of this.factories) loaders[key] = factory.createLoaders(all);
    return all;
  }
}

/** The per-request loaders for the API; the command line has no use for them. */
@Module({
  imports: [DiscoveryModule],
  providers: [RequestLoadersFactory],
  exports: [RequestLoadersFactory],
})
export class RequestLoadersModule {}

const CONTEXT_FIELD = 'contextField';

/**
 * A field computed by a method of the view, `(args, context)`, with `this` the view: nested objects
 * come from `context.loaders`. GraphQL calls it directly (graphql-js's default resolver calls a
 * method with the arguments and the context), which costs about what a getter does, not the
 * parameter and pipe machinery of a Nest field resolver on every row of a page.
 * `resolveContextFields` installs that resolver when the schema is built.
 */
export function ContextField(type: ReturnTypeFunc, options?: FieldOptions): MethodDecorator {
  return (target, key, descriptor) => {
    Field(type, options)(target, key, descriptor);
    Extensions({ [CONTEXT_FIELD]: true })(target, key, descriptor);
  };
}

/** Lets graphql-js call the methods marked `@ContextField` (Nest would return the method itself). */
export function resolveContextFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.extensions[CONTEXT_FIELD]) field.resolve = defaultFieldResolver;
    }
  }
  return schema;
}
