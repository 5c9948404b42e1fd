import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { fromDatabaseError } from './database-errors.js';

/** Builds what node-postgres raises: an Error with a SQLSTATE or a socket error code. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('fromDatabaseError: faults of the connection', () => {
  it.each([
    ['a full pool (pg-pool)', pgError('timeout exceeded when trying to connect')],
    ['no connection slot left on the server', pgError('sorry, too many clients already', '53300')],
  ])('%s is SERVICE_BUSY, retryable', (_what, err) => {
    const mapped = fromDatabaseError(err);
    expect(mapped?.extensions).toMatchObject({ code: 'SERVICE_BUSY', retryable: true });
    expect(mapped?.message).not.toMatch(/timeout exceeded|too many clients/);
  });

  it.each([
    ['a refused connection', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', pgError('read ECONNRESET', 'ECONNRESET')],
    ['an ended session (admin_shutdown)', pgError('terminating connection due to administrator command', '57P01')],
    ['a server starting up', pgError('the database system is starting up', '57P03')],
    ['a server in recovery', pgError('the database system is in recovery mode', '57P03')],
    ['a broken connection (class 08)', pgError('connection failure', '08006')],
    ['a socket that closed', pgError('Connection terminated unexpectedly')],
    ['a connection that did not open in time', pgError('Connection terminated due to connection timeout')],
    ['a client already ended', pgError('Client was closed and is not queryable')],
    ['a transaction whose connection failed between statements', new QueryRunnerAlreadyReleasedError()],
  ])('%s is SERVICE_UNAVAILABLE, retryable', (_what, err) => {
    expect(fromDatabaseError(err)?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
  });

  it('wraps TypeORM query errors the same way (driverError)', () => {
    const wrapped = { driverError: pgError('terminating connection due to administrator command', '57P01') };
    expect(fromDatabaseError(wrapped)?.extensions.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('leaves other failures to the internal error', () => {
    expect(fromDatabaseError(new Error('Cannot read properties of undefined'))).toBeUndefined();
    expect(fromDatabaseError(pgError('syntax error at or near "SELEC"', '42601'))).toBeUndefined();
  });
});
