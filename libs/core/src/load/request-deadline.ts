import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { Observable, throwError, timeout } from 'rxjs';
import { ErrorCode } from '../errors/domain-error.js';
import type { GraphQLContext } from '../graphql/request-loaders.js';

export function requestTimedOut(timeoutMs: number): GraphQLError {
  return new GraphQLError(
    `The operation did not finish within ${timeoutMs} ms and was abandoned; narrow it or try again. ` +
      'A mutation may still complete: read the record before repeating it.',
    { extensions: { code: ErrorCode.TIMEOUT, timeoutMs } },
  );
}

/**
 * The whole-operation deadline (REQUEST_TIMEOUT_MS, counted from when the request's context was
 * built): every top-level field still running when it passes answers TIMEOUT, so the client is
 * never left waiting. The work itself is not interrupted between statements; each statement is
 * bounded by the database's statement timeout.
 */
@Injectable()
export class RequestDeadlineInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const ctx = context.getArgByIndex<GraphQLContext | undefined>(2);
    const deadline = ctx?.deadline;
    if (!deadline) return next.handle();
    const left = deadline.at - Date.now();
    if (left <= 0) return throwError(() => requestTimedOut(deadline.timeoutMs));
    return next
      .handle()
      .pipe(timeout({ first: left, with: () => throwError(() => requestTimedOut(deadline.timeoutMs)) }));
  }
}
