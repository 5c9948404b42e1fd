import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { fromDatabaseError } from '../errors/database-errors.js';

/**
 * Errors raised on purpose (bad input, not found, conflicts) and database errors a client can act
 * on (a duplicate key) are answers, not faults: they go to the client with their code and stay out
 * of the error log. Anything else passes on to the error formatter, which logs it with an id and
 * masks it.
 */
@Catch()
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: unknown): unknown {
    if (error instanceof GraphQLError) return error;
    return fromDatabaseError(error) ?? error;
  }
}
