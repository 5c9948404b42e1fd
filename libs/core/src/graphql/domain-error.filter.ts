import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Errors raised on purpose (bad input, not found, conflicts) are answers, not faults: they go to
 * the client as they are and stay out of the error log, which then shows only real failures.
 */
@Catch(GraphQLError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: GraphQLError): GraphQLError {
    return error;
  }
}
