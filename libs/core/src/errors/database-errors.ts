import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DomainError, ErrorCode, badInput, conflict, retryable } from './domain-error.js';

interface PgError {
  code?: string;
  message?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

/** Constraint names that mean something to a client, with the field they concern. */
const CONSTRAINT_FIELDS: Record<string, string> = {
  agency_code_key: 'code',
  state_function_code_key: 'code',
  state_function_external_id_key: 'externalId',
  legal_act_adilet_code_key: 'adiletCode',
  territory_kato_key: 'kato',
  tag_vocabulary_code_key: 'code',
};

/**
 * Turns a PostgreSQL error into a catalogued domain error, or returns undefined when the error is
 * not one a client can act on (it is then reported as an internal error and logged).
 */
export function fromDatabaseError(err: unknown): DomainError | undefined {
  const pg = (err as { driverError?: PgError }).driverError ?? (err as PgError);
  switch (pg?.code) {
    case '23505':
      return conflict(`Already exists: ${pg.detail ?? pg.constraint ?? 'duplicate key'}`, {
        field: pg.constraint ? CONSTRAINT_FIELDS[pg.constraint] : undefined,
      });
    case '23503':
      return badInput(
        pg.constraint ?? 'reference',
        `refers to a missing or still-referenced record (${pg.detail ?? ''})`,
      );
    case '22P05':
    case '22P02':
    case '22021':
    case '22001':
    case '22007':
    case '22008':
    case '22003':
      // Malformed values (an id that is not a UUID, a NUL byte, a number out of range): PostgreSQL's
      // own message names the value.
      return badInput(pg.column ?? 'input', pg.message ?? 'value not allowed');
    case '23514':
    case '23502':
      return badInput(pg.column ?? pg.constraint ?? 'input', pg.detail ?? pg.message ?? 'value not allowed');
    case '40001':
    case '40P01':
      // Two writers met on the same rows; one was rolled back whole and may simply try again.
      return conflict('another change to the same records went first; nothing was written, try again', {
        retryable: true,
      });
    case '57014':
      return new DomainError(ErrorCode.TIMEOUT, 'The database took too long to answer; narrow the query or try again.');
    case '53300':
      // The server's own connection slots are all taken: the same condition as a full pool.
      return busy();
    case '55000':
    case '55006':
    case '57P01':
    case '57P02':
    case '57P03':
    case '08000':
    case '08001':
    case '08003':
    case '08004':
    case '08006':
    case '08P01':
    case '25006':
      return unavailable();
    default: {
      // TypeORM lets go of a transaction's connection the moment the connection fails between two
      // statements (a server shutting down ends idle sessions at once); the transaction's next
      // statement then meets a released runner. The server has rolled that transaction back.
      if (err instanceof QueryRunnerAlreadyReleasedError) return unavailable();
      const message = (err as Error)?.message ?? '';
      // pg-pool's words when every connection stayed in use for DB_ACQUIRE_TIMEOUT_MS. (A new
      // connection that does not open in time says "Connection terminated due to connection timeout".)
      if (/timeout exceeded when trying to connect/i.test(message)) return busy();
      // Errors of the connection itself, before PostgreSQL could answer, or after it went away.
      if (
        /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN/.test(
          String((err as { code?: string })?.code ?? ''),
        )
      )
        return unavailable();
      if (
        /Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Connection ended unexpectedly/i.test(
          message,
        )
      ) {
        return unavailable();
      }
      return undefined;
    }
  }
}

function unavailable(): DomainError {
  return retryable(ErrorCode.SERVICE_UNAVAILABLE, 'The database is not available at the moment; try again.', 1_000);
}

function busy(): DomainError {
  return retryable(
    ErrorCode.SERVICE_BUSY,
    'The service is busy: every database connection is in use. Nothing was done; try again in a moment.',
    1_000,
  );
}
