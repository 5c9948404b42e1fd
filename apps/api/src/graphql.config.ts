import { ApolloDriverConfig } from '@nestjs/apollo';
import {
  AppConfig,
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
    transformSchema: resolveContextFields,
    // A new set of DataLoaders for every request, so batching never leaks data between callers.
    context: ({ req }: { req: Request }): GraphQLContext => ({
      req,
      loaders: loaders.create(),
      actor: actorOf(req),
      deadline: timeoutMs > 0 ? { at: Date.now() + timeoutMs, timeoutMs } : undefined,
    }),
  };
}

/** The acting user's name from `X-Registry-User`, trimmed and capped; null when absent. */
function actorOf(req: Request): string | null {
  const name = req.header('x-registry-user')?.trim();
  return name ? name.slice(0, 200) : null;
}
