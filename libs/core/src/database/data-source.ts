import pg from 'pg';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { serveOldestRequestFirst } from './arrival-order.js';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';
import { MIGRATIONS } from './migrations/index.js';
import { QueryCounter } from './query-counter.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// Calendar dates stay `YYYY-MM-DD` strings: a JavaScript Date would shift them by the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A DataSource that also shuts the embedded database down when it is destroyed. */
export class RegistryDataSource extends DataSource {
  embedded?: EmbeddedPostgres;

  get mode(): 'embedded' | 'server' {
    return this.embedded ? 'embedded' : 'server';
  }

  override async destroy(): Promise<void> {
    if (this.isInitialized) await super.destroy();
    await this.embedded?.stop();
    this.embedded = undefined;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity lists
export type EntityList = MixedList<Function | string | EntitySchema<any>>;

export function dataSourceOptions(
  url: string,
  db: DatabaseConfig,
  entities: EntityList,
  embedded: boolean,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    installExtensions: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logger: new QueryCounter(),
    maxQueryExecutionTime: 2_000,
    poolSize: db.poolSize,
    // pg-pool waits this long both for a free connection of a full pool and for a new connection to
    // open; without a limit a full pool makes requests hang. On the embedded database a request
    // waits its turn for the one session, behind the others' statements and transactions: a wait is
    // expected there, not a sign of a busy or unreachable server.
    connectTimeoutMS: embedded ? 0 : db.acquireTimeoutMs,
    applicationName: 'registry',
    extra: embedded ? {} : { statement_timeout: db.statementTimeoutMs, idle_in_transaction_session_timeout: 60_000 },
  };
}

/**
 * Opens the registry's database: the PostgreSQL server at `db.url`, or the embedded PostgreSQL
 * in `db.dataDir` when no URL is configured (`dataDir: 'memory'` gives a throw-away database).
 */
export async function openDataSource(db: DatabaseConfig, entities: EntityList): Promise<RegistryDataSource> {
  let embedded: EmbeddedPostgres | undefined;
  let url = db.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(db.dataDir === 'memory' ? undefined : db.dataDir);
    url = embedded.url;
  }
  const ds = new RegistryDataSource(dataSourceOptions(url, db, entities, !!embedded));
  ds.embedded = embedded;
  try {
    await ds.initialize();
    serveOldestRequestFirst((ds.driver as PostgresDriver).master);
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

/**
 * Applies pending migrations. On a server several API replicas may start at once, so the run is
 * serialised with an advisory lock; the embedded database has one process by construction.
 */
export async function runMigrations(ds: RegistryDataSource): Promise<string[]> {
  if (ds.mode === 'embedded') return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['registry:migrations']);
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['registry:migrations']).catch(() => undefined);
    await runner.release();
  }
}
