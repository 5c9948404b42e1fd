import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, type AppConfig, ServiceState } from '#core';
import type { Server } from 'node:http';

/**
 * The first step of stopping (SIGTERM, or `app.close()`): readiness goes 503, no new connections
 * are accepted, and the requests in flight finish within SHUTDOWN_GRACE_MS. Only then does Nest go
 * on to close the database (TypeORM closes it at application shutdown, after this hook), so a
 * write that was answered is committed, and one in flight is not cut off mid-transaction by the pool closing.
 */
@Injectable()
export class GracefulShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Shutdown');

  constructor(
    @Inject(ServiceState) private readonly state: ServiceState,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.http.httpAdapter?.getHttpServer() as Server | undefined;
    if (server) this.state.track(server);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const server = this.http.httpAdapter?.getHttpServer() as Server | undefined;
    const inFlight = this.state.requestsInFlight;
    if (signal) this.log.log(`${signal}: draining ${inFlight} requests in flight`);
    const started = Date.now();
    const left = await this.state.drain(server, this.config.load.shutdownGraceMs);
    if (left > 0)
      this.log.warn(`${left} requests still running after ${this.config.load.shutdownGraceMs} ms were cut off`);
    else if (signal) this.log.log(`drained in ${Date.now() - started} ms; closing the database`);
  }
}
