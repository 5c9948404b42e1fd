import { ApolloDriverConfig } from '@nestjs/apollo';
import {
  ANONYMOUS,
  AppConfig,
  enforceAccess,
  formatGraphQLError,
  GraphQLContext,
  LoadMonitor,
  nulTextPlugin,
  queryLimitOptions,
  RequestLoadersFactory,
  resolveContextFields,
  ResponseCache,
} from '#core';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Request } from 'express';
import { hideUnseenFunctions } from '#registry';

/** Apollo options: schema built from the code, errors through the one formatter, loaders per request. */
export function graphqlOptions(
  config: AppConfig,
  loaders: RequestLoadersFactory,
  cache: ResponseCache,
  load: LoadMonitor,
): ApolloDriverConfig {
  // While memory is short, operations estimated as costly are refused before they run.
  const limits = queryLimitOptions(config.graphql.limits, (cost) => load.admitCost(cost));
  const timeoutMs = config.load.requestTimeoutMs;
  return {
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    // Stopping is ours (GracefulShutdown): Apollo would otherwise catch SIGTERM itself in production
    // and re-raise it, and its HTTP drain, run when Nest destroys modules, cuts the requests in flight
    // before the drain of the application has begun. It stops after the drain instead.
    stopOnTerminationSignals: false,
    stopOnApplicationShutdown: true,
    playground: false,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphQLError,
    // The registry sets no cache hints; without the plugin Apollo skips a wrapper around every field.
    plugins: [ApolloServerPluginCacheControlDisabled(), ...limits.plugins, nulTextPlugin(), cache.plugin()],
    // Depth, aliases, directives, tokens and cost are refused before anything runs.
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // Fields marked @ContextField are methods of their view, called by graphql-js itself.
    // Then every root field, and nested fields with a rule, check the caller's roles first.
    transformSchema: (schema) => enforceAccess(hideUnseenFunctions(resolveContextFields(schema))),
    // A new set of DataLoaders for every request, so batching never leaks data between callers.
    context: ({ req }: { req: Request }): GraphQLContext => {
      const identity = req.identity ?? ANONYMOUS;
      return {
        req,
        identity,
        loaders: loaders.create(),
        actor: identity.anonymous ? null : identity.name,
        deadline: timeoutMs > 0 ? { at: Date.now() + timeoutMs, timeoutMs } : undefined,
      };
    },
  };
}
