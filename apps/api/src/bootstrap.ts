import type { NestExpressApplication } from '@nestjs/platform-express';
import { INestApplication, Logger } from '@nestjs/common';
import { AppConfig, RegistryDataSource, runMigrations } from '#core';
import { SeedService } from '#registry';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { serveWorkbench } from './workbench.js';

/**
 * Brings the database up to date before the API takes requests: migrations (unless disabled),
 * then reference data, then the demo registry where configured.
 */
export async function prepareDatabase(app: INestApplication, config: AppConfig): Promise<void> {
  const log = new Logger('Startup');
  const ds = app.get<DataSource, RegistryDataSource>(DataSource);
  if (config.database.migrationsRun) {
    const applied = await runMigrations(ds);
    log.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date');
  }
  if (config.seedOnStart !== 'none') {
    const seeds = app.get(SeedService);
    const ref = await seeds.seedReference();
    log.log(
      `reference data: ${ref.territories} territories, ${ref.agencies} central bodies, ${ref.classificationCodes} classification codes`,
    );
    if (config.seedOnStart === 'demo') {
      const demo = await seeds.seedDemo();
      if (demo) log.log(`demo registry loaded: ${demo.functionsInserted} functions`);
    }
  }
}

/**
 * The largest JSON body the API reads. Legal texts pasted into `parseLegalText` and `importLegalText`
 * run to a couple of megabytes; Express's default of 100 KB would refuse a single long law.
 */
export const JSON_BODY_LIMIT = '3mb';

/**
 * Node's HTTP timeouts. Headers must arrive within 20 s (a client trickling them in holds a socket
 * for nothing); a whole request body, 3 MB at most, within 60 s. An idle keep-alive connection is
 * kept 65 s, longer than the 60 s idle timeout of common load balancers, so that the balancer, not
 * the API, closes it and never sends a request down a connection being closed.
 */
export const HTTP_TIMEOUTS = { headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 65_000 };

/** HTTP settings shared by the server and the tests, applied before the application initialises. */
export function configureHttp(app: NestExpressApplication, config?: AppConfig): void {
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // Behind a proxy, the client of per-client limits is the address the proxy reports.
  if (config) app.set('trust proxy', config.load.trustProxy);
  serveWorkbench(app, config);
}

/** Applies `HTTP_TIMEOUTS` to the listening server. */
export function configureServerTimeouts(server: Server): void {
  server.headersTimeout = HTTP_TIMEOUTS.headersTimeoutMs;
  server.requestTimeout = HTTP_TIMEOUTS.requestTimeoutMs;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveTimeoutMs;
}
