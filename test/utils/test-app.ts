import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureHttp, prepareDatabase } from '../../apps/api/src/bootstrap.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  loadConfig,
  QueryCounter,
  RegistryDataSource,
  Role,
  SeedMode,
  TokenService,
  type TokenRequest,
} from '../../libs/core/src/index.js';
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

/** The secret of the tokens tests issue (the API under test trusts it as its local key). */
export const TEST_AUTH_SECRET = 'test-secret-of-the-registry-suite-0123456789';

/**
 * Who a test request acts as: a role (a user named after it, no scope), a token request with scope,
 * or `anonymous` (no token).
 */
export type Caller = Role | 'anonymous' | (Partial<TokenRequest> & { roles: Role[] });

/** A token the APIs the suites start trust (`AUTH_LOCAL_SECRET=TEST_AUTH_SECRET`), ADMIN by default. */
export function testToken(roles: Role[] = [Role.ADMIN], subject = 'test-admin'): Promise<string> {
  return new TokenService(loadConfig({ NODE_ENV: 'test', AUTH_LOCAL_SECRET: TEST_AUTH_SECRET })).issue({
    subject,
    roles,
    expiresInS: 3600,
  });
}

export interface TestApp {
  app: INestApplication;
  ds: RegistryDataSource;
  db: TestDatabase;
  queries: QueryCounter;
  /** Sends a GraphQL operation over HTTP, as a client would; as ADMIN unless `as` says otherwise. */
  gql<T = unknown>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<GqlResponse<T>>;
  /** The headers that make a raw request act as `as` (ADMIN by default). */
  auth(as?: Caller): Promise<Record<string, string>>;
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
    AUTH_LOCAL_SECRET: TEST_AUTH_SECRET,
    ...options.env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  configureHttp(app, config);
  await app.init();
  await prepareDatabase(app, config);
  const ds = app.get<DataSource, RegistryDataSource>(DataSource);
  const server = app.getHttpServer();
  const tokens = app.get(TokenService);
  const issued = new Map<string, string>();
  const auth = async (as: Caller = Role.ADMIN): Promise<Record<string, string>> => {
    if (as === 'anonymous') return {};
    const request: TokenRequest =
      typeof as === 'string'
        ? { subject: `test-${as.toLowerCase()}`, roles: [as], expiresInS: 3600 }
        : { subject: `test-${as.roles.join('-').toLowerCase()}`, expiresInS: 3600, ...as };
    const key = JSON.stringify(request);
    let token = issued.get(key);
    if (!token) issued.set(key, (token = await tokens.issue(request)));
    return { authorization: `Bearer ${token}` };
  };
  return {
    app,
    ds,
    db,
    queries: ds.logger as QueryCounter,
    auth,
    async gql<T>(query: string, variables?: Record<string, unknown>, as?: Caller) {
      const res = await request(server)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set(await auth(as))
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
