import { Injectable } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Whether the process still takes work, and which requests it is answering. On SIGTERM it drains:
 * readiness answers 503, the server stops accepting connections, and the requests in flight get
 * the grace period to finish before the database closes.
 */
@Injectable()
export class ServiceState {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private readonly tracked = new WeakSet<Server>();
  private idle: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /**
   * Counts the server's requests from the moment they arrive (before any middleware reads the
   * body) until their response is finished or their connection is gone.
   */
  track(server: Server): void {
    if (this.tracked.has(server)) return;
    this.tracked.add(server);
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.inFlight.add(res);
      // A keep-alive client would otherwise send its next request down a connection about to go.
      if (this.draining) res.setHeader('connection', 'close');
      res.once('close', () => {
        this.inFlight.delete(res);
        if (this.inFlight.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
    });
  }

  /**
   * Stops taking work: readiness goes 503 at once, `server` (when given) stops accepting
   * connections and drops idle keep-alive ones, and the promise resolves when no request is in
   * flight or `graceMs` has passed, after which the remaining connections are cut. Returns how
   * many requests were still running at the end of the grace period.
   */
  async drain(server: Server | undefined, graceMs: number): Promise<number> {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    if (server?.listening) {
      server.close(() => undefined);
      server.closeIdleConnections();
    }
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idle.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    const left = this.inFlight.size;
    // Every answer has been handed to the system by now and each said `Connection: close`: the
    // connections left are idle, unless the grace period ran out, and then they are cut.
    if (left === 0) server?.closeIdleConnections();
    else server?.closeAllConnections();
    return left;
  }
}
