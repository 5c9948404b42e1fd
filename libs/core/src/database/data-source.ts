import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource, DataSourceOptions, EntitySchema, MigrationExecutor, MixedList, QueryRunner } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { ActorSubscriber } from './actor.subscriber.js';
import { serveOldestRequestFirst } from './arrival-order.js';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';
import { SERVICE_ROLE } from './migrations/1765500000000-change-log.js';
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
    subscribers: [ActorSubscriber],
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
    const pool = (ds.driver as PostgresDriver).master as pg.Pool;
    serveOldestRequestFirst(pool);
    await workAsServiceRole(pool);
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

/**
 * Takes the service's role (migration 1765500000000) on a connection, if the role exists and the
 * connecting user is a member of it (a superuser is a member of every role): from then on the
 * connection has the role's privileges only, so the history is append-only for the service even
 * when it connects as the database's owner or a superuser. Nothing happens otherwise (a database
 * not yet migrated, a user outside the role).
 */
const ASSUME_SERVICE_ROLE = `SELECT set_config('role', r.rolname, false) FROM pg_roles r
  WHERE r.rolname = '${SERVICE_ROLE}' AND pg_has_role(session_user, r.oid, 'MEMBER')`;

/**
 * After migrations went down or up: every open connection of the pool gives up the service role
 * and takes it again if the schema now grants it (a schema rolled back before the change log
 * has no privileges for it).
 */
export async function retakeServiceRole(ds: RegistryDataSource): Promise<void> {
  const pool = (ds.driver as PostgresDriver).master as pg.Pool;
  const open = (pool as unknown as { _clients?: pg.Client[] })._clients ?? [];
  const [{ logged }] = await ds.query<{ logged: boolean }[]>(`SELECT to_regclass('change_log') IS NOT NULL AS logged`);
  await Promise.all(open.map((c) => c.query(logged ? `RESET ROLE; ${ASSUME_SERVICE_ROLE}` : 'RESET ROLE')));
}

/**
 * Every connection of the pool, the open ones and each new one before its first use, works as the
 * service's role. On the embedded database every connection shares one session, so this sets it once for all.
 */
async function workAsServiceRole(pool: pg.Pool): Promise<void> {
  const log = new Logger('Database');
  pool.on('connect', (client) => {
    // Queued on the client before anything the pool's user sends.
    client.query(ASSUME_SERVICE_ROLE).catch((e: Error) => log.warn(`could not take the service role: ${e.message}`));
  });
  const open = (pool as unknown as { _clients?: pg.Client[] })._clients ?? [];
  await Promise.all(open.map((c) => c.query(ASSUME_SERVICE_ROLE)));
}

/**
 * A connection of its own to the server, outside the pool and working as the service's role, for
 * work that holds a connection for a long time while the pool serves others (a review loading its
 * findings as the engine writes them). The caller ends it. None on the embedded database, which
 * has one session.
 */
export async function openOwnConnection(ds: DataSource, name: string): Promise<pg.Client | undefined> {
  if ((ds as RegistryDataSource).embedded) return undefined;
  const options = ds.options as { url?: string; connectTimeoutMS?: number; extra?: Record<string, unknown> };
  const client = new pg.Client({
    connectionString: options.url,
    application_name: `registry ${name}`,
    connectionTimeoutMillis: options.connectTimeoutMS,
    ...(options.extra ?? {}),
  });
  // A connection lost while idle is reported by the caller's next query; unheard, it would end the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(ASSUME_SERVICE_ROLE);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

/** Runs the pending migrations as the connecting user (the owner), then takes the service role again. */
async function migrateAsOwner(ds: RegistryDataSource, runner: QueryRunner): Promise<string[]> {
  await runner.query('RESET ROLE');
  try {
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'each';
    return (await executor.executePendingMigrations()).map((m) => m.name);
  } finally {
    await runner.query(ASSUME_SERVICE_ROLE).catch(() => undefined);
  }
}

/**
 * Undoes the newest migration as the connecting user (the owner), as an operator rolling back
 * would; returns its name (undefined when none was applied).
 */
export async function undoLastMigration(ds: RegistryDataSource): Promise<string | undefined> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.query('RESET ROLE');
  try {
    const [last] = (await runner.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`)) as {
      name: string;
    }[];
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'each';
    await executor.undoLastMigration();
    return last?.name;
  } finally {
    await retakeServiceRole(ds);
    await runner.release();
  }
}

/**
 * Applies pending migrations. On a server several API replicas may start at once, so the run is
 * serialised with an advisory lock; the embedded database has one process by construction.
 */
export async function runMigrations(ds: RegistryDataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  if (ds.mode === 'embedded') {
    try {
      return await migrateAsOwner(ds, runner);
    } finally {
      await runner.release();
    }
  }
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['registry:migrations']);
    return await migrateAsOwner(ds, runner);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['registry:migrations']).catch(() => undefined);
    await runner.release();
  }
}
