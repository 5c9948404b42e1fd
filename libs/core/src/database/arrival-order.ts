import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/**
 * Pooled connections go to the request that arrived first.
 *
 * A request meets the pool's queue once per statement, and its DataLoaders and totals make several.
 * In arrival order of statements, a request of eight statements waits in a full queue eight times,
 * behind requests that arrived after it, and under load it is the one that times out. Serving the
 * waiting statements by their request's arrival lets a request that has started finish before later
 * ones start: the same work, with latency that no longer grows with the number of statements.
 */
const arrivals = new AsyncLocalStorage<number>();
let lastArrival = 0;

/** Marks a request's arrival; statements of work outside any request queue as if arriving now. */
export function arrivalOrderMiddleware() {
  return (_req: Request, _res: Response, next: NextFunction): void => arrivals.run(++lastArrival, next);
}

/** Runs `work` as a request arriving now (jobs and tests outside the HTTP middleware). */
export function asNewArrival<T>(work: () => T): T {
  return arrivals.run(++lastArrival, work);
}

/**
 * pg-pool's waiting list with `push` inserting in arrival order (after waiters of the same or an
 * earlier request, so one request's own statements keep their order). pg-pool only pushes, shifts,
 * and removes timed-out waiters with findIndex and splice, all of which an Array subclass keeps.
 */
class ArrivalOrderQueue<T extends object> extends Array<T> {
  static override get [Symbol.species]() {
    return Array;
  }

  private readonly arrivalOf = new WeakMap<T, number>();

  override push(...items: T[]): number {
    for (const item of items) {
      const arrival = arrivals.getStore() ?? ++lastArrival;
      this.arrivalOf.set(item, arrival);
      let low = 0;
      let high = this.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((this.arrivalOf.get(this[mid]) ?? 0) <= arrival) low = mid + 1;
        else high = mid;
      }
      this.splice(low, 0, item);
    }
    return this.length;
  }
}

interface PoolInternals {
  _pendingQueue?: unknown;
}

/**
 * Makes a pg Pool serve its waiters in request-arrival order. Returns false (and the pool keeps
 * its first-come order) if the pool is not the pg-pool this was written against.
 */
export function serveOldestRequestFirst(pool: unknown): boolean {
  const internals = pool as PoolInternals | undefined;
  const queue = internals?._pendingQueue;
  if (!Array.isArray(queue) || queue.length > 0) {
    new Logger('Database').warn('the connection pool has no waiting list to order; statements are served first come');
    return false;
  }
  internals!._pendingQueue = new ArrivalOrderQueue<object>();
  return true;
}
