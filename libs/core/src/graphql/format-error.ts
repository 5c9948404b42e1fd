import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../errors/domain-error.js';
import { fromDatabaseError } from '../errors/database-errors.js';

const logger = new Logger('GraphQL');

/** Codes whose messages are safe to show: ours, and the ones Apollo raises for malformed requests. */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The single place where errors leave the service. Domain errors pass through with their code;
 * database errors are translated; anything else is logged with an id and replaced by a fixed
 * message, so no stack trace or SQL ever reaches a client.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = formatted.extensions?.code as string | undefined;
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
  if (code && PUBLIC_CODES.has(code) && code !== (ErrorCode.INTERNAL_SERVER_ERROR as string)) {
    return { ...formatted, extensions };
  }
  const mapped = fromDatabaseError(original);
  if (mapped) {
    return {
      message: mapped.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: mapped.extensions,
    };
  }
  const errorId = randomUUID();
  logger.error(`[${errorId}] ${(original as Error)?.stack ?? String(original)}`);
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId },
  };
}
