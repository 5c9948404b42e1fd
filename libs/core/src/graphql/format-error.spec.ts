import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { badInput } from '../errors/domain-error.js';
import { formatGraphQLError } from './format-error.js';

describe('formatGraphQLError', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('passes catalogued errors through without a stack trace', () => {
    const err = badInput('title', 'must not be blank');
    const out = formatGraphQLError(
      { message: err.message, extensions: { ...err.extensions, stacktrace: ['at x.ts:1'] } },
      err,
    );
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'title', messages: ['must not be blank'] }],
    });
  });

  it('masks unexpected errors behind a fixed message and an id for the log', () => {
    const original = new Error('relation "secret_table" does not exist at /srv/app/x.js');
    const wrapped = new GraphQLError(original.message, { originalError: original });
    const out = formatGraphQLError(
      { message: original.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['...'] } },
      wrapped,
    );
    expect(out.message).toBe('Internal server error');
    expect(out.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(out.extensions?.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(out)).not.toMatch(/secret_table|stacktrace/);
  });

  it('translates database errors a client can act on', () => {
    const pgError = Object.assign(new Error('duplicate key'), {
      code: '23505',
      constraint: 'agency_code_key',
      detail: 'Key (code)=(X) already exists.',
    });
    const out = formatGraphQLError(
      { message: 'duplicate key', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new GraphQLError('x', { originalError: pgError }),
    );
    expect(out.extensions).toMatchObject({ code: 'CONFLICT', field: 'code' });
  });
});
