import type { NestExpressApplication } from '@nestjs/platform-express';
import { INestApplication, Logger } from '@nestjs/common';
import { AppConfig, RegistryDataSource, runMigrations } from '#core';
import { SeedService } from '#registry';
import { DataSource } from 'typeorm';

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

/** HTTP settings shared by the server and the tests, applied before the application initialises. */
export function configureHttp(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
}
