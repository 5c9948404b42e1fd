import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

/**
 * Whether the process still takes work, and how many requests it is answering. On SIGTERM it
 * drains: readiness answers 503, the server stops accepting connections, and the requests in flight
 * get the grace period to finish before the database closes.
 */
@Injectable()
export class ServiceState {
  private draining = false;
  private inFlight = 0;
  private idle: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Counts requests until their response is finished or their connection is gone. */
  middleware() {
    return (_req: Request, res: Response, next: NextFunction): void => {
      this.inFlight++;
      // A keep-alive client would otherwise send its next request to a server about to go.
      if (this.draining) res.setHeader('connection', 'close');
      let done = false;
      res.once('close', () => {
        if (done) return;
        done = true;
        this.inFlight--;
        if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
      next();
    };
  }

  /**
   * Stops taking work: readiness goes 503 at once, `server` (when given) stops accepting
   * connections and drops idle keep-alive ones, and the promise resolves when no request is in
   * flight or `graceMs` has passed, after which the remaining connections are cut. Returns how
   * many requests were still running at the end of the grace period.
   */
  async drain(server: Server | undefined, graceMs: number): Promise<number> {
    this.draining = true;
    if (server?.listening) {
      server.close(() => undefined);
      server.closeIdleConnections();
    }
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idle.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    const left = this.inFlight;
    // Every answer has been handed to the system by now: the connections left are idle, unless
    // the grace period ran out, and then they are cut.
    if (left === 0) server?.closeIdleConnections();
    else server?.closeAllConnections();
    return left;
  }
}
