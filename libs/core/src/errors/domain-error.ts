import { GraphQLError } from 'graphql';

/**
 * The one catalogue of error codes clients may see in `errors[].extensions.code`. They are a
 * contract: tests assert on them and clients branch on them, so codes are never renamed.
 */
export enum ErrorCode {
  /** The input is malformed or breaks a rule; `extensions.fields` names the fields. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The object referred to does not exist (or is not visible to the caller). */
  NOT_FOUND = 'NOT_FOUND',
  /** The change collides with the current state: a duplicate key, or a stale `version`. */
  CONFLICT = 'CONFLICT',
  /**
   * The database is unreachable, restarting, or ended the request's connection; nothing of the
   * request was written unless the connection was lost during its commit. `extensions.retryable`.
   */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /**
   * Every database connection is in use (the service's pool waited `DB_ACQUIRE_TIMEOUT_MS` for one,
   * or the server has no connection slot left); nothing was done. `extensions.retryable`.
   */
  SERVICE_BUSY = 'SERVICE_BUSY',
  /**
   * The request is over one of the limits checked before it runs (depth, aliases, tokens, cost,
   * mutations per request); `extensions.limit` names it, `max` and `actual` give the figures.
   */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /**
   * Too much work is already waiting (review runs queued up to `REVIEW_MAX_QUEUED`); try again
   * once some of it is done. `extensions.limit` names the setting, `max` gives its value.
   */
  QUEUE_FULL = 'QUEUE_FULL',
  /**
   * The request took longer than the service allows: a statement over the database's statement
   * timeout, or a whole operation over its deadline (`extensions.timeoutMs`).
   */
  TIMEOUT = 'TIMEOUT',
  /**
   * The client started more heavy operations than it may in the window; `extensions.retryAfter`
   * says in how many seconds it may start another.
   */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /**
   * The process is short of memory and refuses heavy or costly operations until it has recovered;
   * cheap reads still work. `extensions.retryAfter` suggests when to try again.
   */
  SERVICE_OVERLOADED = 'SERVICE_OVERLOADED',
  /** The request needs a signed-in caller, or its bearer token is invalid or expired. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /**
   * The caller's roles or scope do not allow the operation (or the field); nothing was done.
   * Also: a step of a finding that the separation of duties reserves for another person.
   */
  FORBIDDEN = 'FORBIDDEN',
  /** Anything else; details go to the server log under `extensions.errorId`, never to the client. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** An error the service raises on purpose; its message is written for the person calling the API. */
export class DomainError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export function badInput(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, {
    fields: [{ field, messages: [message] }] satisfies FieldProblem[],
  });
}

export function badInputs(problems: FieldProblem[]): DomainError {
  const text = problems.map((p) => `${p.field}: ${p.messages.join('; ')}`).join(' | ');
  return new DomainError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${text}`, { fields: problems });
}

export function notFound(what: string, key: string): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `${what} ${key} was not found`);
}

/**
 * A fault of the moment, not of the request: the same request may be sent again after a pause
 * (`retryable: true`, with a hint in `retryAfterMs`).
 */
export function retryable(code: ErrorCode, message: string, retryAfterMs: number): DomainError {
  return new DomainError(code, message, { retryable: true, retryAfterMs });
}

export function conflict(message: string, extensions: Record<string, unknown> = {}): DomainError {
  return new DomainError(ErrorCode.CONFLICT, message, extensions);
}

/** The caller may not do this (a role, a scope, or a rule such as the separation of duties); nothing was done. */
export function forbidden(message: string, extensions: Record<string, unknown> = {}): DomainError {
  return new DomainError(ErrorCode.FORBIDDEN, message, extensions);
}

export function queueFull(message: string, limit: string, max: number): DomainError {
  return new DomainError(ErrorCode.QUEUE_FULL, message, { limit, max });
}

/**
 * Optimistic locking: refuses a change made on a stale read, with the version the record has now.
 * `sent` undefined means the client did not ask for the check.
 */
export function checkVersion(what: string, current: number, sent: number | undefined): void {
  if (sent !== undefined && sent !== current) {
    throw conflict(`${what} was changed by someone else (version ${current}, you sent ${sent})`, {
      currentVersion: current,
    });
  }
}
