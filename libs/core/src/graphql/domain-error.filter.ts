import { ArgumentsHost, Catch, HttpException, HttpStatus } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { fromDatabaseError } from '../errors/database-errors.js';
import { ErrorCode } from '../errors/domain-error.js';
import { formatGraphQLError } from './format-error.js';

/** The HTTP status that goes with an error code outside GraphQL (downloads, malformed requests). */
const STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: HttpStatus.BAD_REQUEST,
  [ErrorCode.QUERY_TOO_COMPLEX]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [ErrorCode.SERVICE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.SERVICE_BUSY]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.QUEUE_FULL]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.TIMEOUT]: HttpStatus.GATEWAY_TIMEOUT,
  [ErrorCode.TOO_MANY_REQUESTS]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.SERVICE_OVERLOADED]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The code a client sees for an HTTP status Nest or Express raised. */
function codeOfStatus(status: number): string {
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 503) return ErrorCode.SERVICE_UNAVAILABLE;
  return status < 500 ? 'BAD_REQUEST' : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** Express's body parser marks its errors (malformed JSON, too large) with a status and a type. */
function isBodyParserError(error: unknown): error is Error & { status: number; type: string } {
  const e = error as { status?: unknown; type?: unknown } | null;
  return typeof e?.status === 'number' && typeof e.type === 'string';
}

/**
 * Errors raised on purpose (bad input, not found, conflicts) and database errors a client can act
 * on (a duplicate key) are answers, not faults: they go to the client with their code and stay out
 * of the error log. Anything else passes on to the error formatter, which logs it with an id and
 * masks it. Outside GraphQL (a report download, a request Express could not read) the answer has
 * GraphQL's shape, `{ errors: [{ message, extensions: { code } }] }`, with a matching HTTP status.
 */
@Catch()
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') {
      if (error instanceof GraphQLError) return error;
      return fromDatabaseError(error) ?? error;
    }
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    if (res.headersSent) return undefined;
    // A failed health check's body says which dependency is down; monitors read it as it is.
    if (error instanceof HttpException && req.path.startsWith('/health')) {
      res.status(error.getStatus()).json(error.getResponse());
      return undefined;
    }
    let status: number;
    let message: string;
    let code: string;
    let extensions: Record<string, unknown> = {};
    if (error instanceof HttpException || isBodyParserError(error)) {
      status = error instanceof HttpException ? error.getStatus() : error.status;
      code = codeOfStatus(status);
      const parser = isBodyParserError(error) ? error : error instanceof HttpException ? error.cause : undefined;
      message =
        isBodyParserError(parser) && parser.type === 'entity.parse.failed'
          ? `The request body is not valid JSON: ${parser.message}`
          : error.message;
      if (status >= 500) {
        const masked = formatGraphQLError({ message }, error);
        message = masked.message;
        extensions = { ...masked.extensions };
      }
    } else {
      const graphql = error instanceof GraphQLError ? error : fromDatabaseError(error);
      const formatted = formatGraphQLError(
        graphql ? { message: graphql.message, extensions: graphql.extensions } : { message: 'error' },
        graphql ?? error,
      );
      message = formatted.message;
      // `http` is Apollo's hint for the status of a GraphQL answer; here the status is set below.
      const {
        code: formattedCode,
        http: _http,
        ...rest
      } = (formatted.extensions ?? {}) as { code: string; http?: unknown };
      code = formattedCode;
      extensions = rest;
      status = STATUS[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    }
    res.status(status).json({ errors: [{ message, extensions: { ...extensions, code } }] });
    return undefined;
  }
}
