import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureHttp, prepareDatabase } from '../../apps/api/src/bootstrap.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, QueryCounter, RegistryDataSource, SeedMode } from '../../libs/core/src/index.js';
import { provisionDatabase, TestDatabase } from './test-database.js';

/** What the API puts in an error's extensions; `fields` and `currentVersion` come with some codes only. */
export interface GqlErrorExtensions {
  code?: string;
  fields?: { field: string; messages: string[] }[];
  currentVersion?: number;
  [key: string]: unknown;
}

export interface GqlResponse<T = unknown> {
  data?: T;
  errors?: { message: string; extensions?: GqlErrorExtensions; path?: string[] }[];
}

export interface TestApp {
  app: INestApplication;
  ds: RegistryDataSource;
  db: TestDatabase;
  queries: QueryCounter;
  /** Sends a GraphQL operation over HTTP, as a client would. */
  gql<T = unknown>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  http(): ReturnType<typeof request>;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * The real API (Nest, Apollo over HTTP, TypeORM) on a database of the test file's own, migrated
 * and seeded as at start-up.
 */
export async function createTestApp(
  options: {
    embedded?: boolean;
    seed?: SeedMode;
    /** More environment variables, as an operator would set them. */
    env?: Record<string, string>;
    /** Another replica of the API on this (server) database, which stays when this one closes. */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const db = options.database ?? (await provisionDatabase(options.embedded));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: 'memory',
    SEED_ON_START: options.seed ?? 'reference',
    DB_POOL_SIZE: '4',
    // Suites send heavy operations in quick succession from one address; the per-client limit
    // is exercised by its own tests, which set it.
    HEAVY_RATE_LIMIT: '0',
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  configureHttp(app, config);
  await app.init();
  await prepareDatabase(app, config);
  const ds = app.get<DataSource, RegistryDataSource>(DataSource);
  const server = app.getHttpServer();
  return {
    app,
    ds,
    db,
    queries: ds.logger as QueryCounter,
    async gql<T>(query: string, variables?: Record<string, unknown>) {
      const res = await request(server)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query, variables });
      return res.body as GqlResponse<T>;
    },
    http: () => request(server),
    get: (token) => app.get(token as never),
    async close() {
      await app.close();
      if (!options.database) await db.drop();
    },
  };
}

/** The data of a successful response; fails the test with the errors otherwise. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
  return res.data as T;
}
