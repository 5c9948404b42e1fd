import pg from 'pg';

/**
 * How the suite reaches PostgreSQL. global-setup decides once per run: a PostgreSQL server when
 * one answers (each test file then gets a database of its own, migrated as at start-up), or the
 * embedded PostgreSQL otherwise (each test file gets a fresh in-memory database).
 */
export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const RUN_ID_ENV = 'REGISTRY_TEST_RUN';
export const SERVER_ENV = 'REGISTRY_TEST_SERVER';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery<T = unknown>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** Undefined for the embedded database. */
  url?: string;
  kind: 'server' | 'embedded';
  drop(): Promise<void>;
}

let counter = 0;

/** A database of its own for one test file, on the server or embedded. */
export async function provisionDatabase(forceEmbedded = false): Promise<TestDatabase> {
  if (forceEmbedded || !process.env[SERVER_ENV]) return { kind: 'embedded', drop: async () => {} };
  const name = `${process.env[RUN_ID_ENV]}_${process.pid}_${++counter}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    kind: 'server',
    url: withDatabase(SERVER_URL, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
  };
}
