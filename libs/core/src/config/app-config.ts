import { plainToInstance, Transform } from 'class-transformer';
import { getHeapStatistics } from 'node:v8';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../graphql/query-limits.js';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || (typeof value === 'string' && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()));

export const SEED_MODES = ['demo', 'reference', 'none'] as const;
export type SeedMode = (typeof SEED_MODES)[number];

/** The environment variables the service reads, validated once at start-up. */
class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  // An empty DATABASE_URL (as a shell or a test harness may pass) means "not set": the embedded database.
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_ACQUIRE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  COUNT_CACHE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(4096)
  RESPONSE_CACHE_MB?: number;

  @IsOptional()
  @IsIn([...SEED_MODES])
  SEED_ON_START?: SeedMode;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  GRAPHQL_MAX_DEPTH?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_DIRECTIVES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1000000)
  GRAPHQL_MAX_TOKENS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000000)
  GRAPHQL_MAX_COST?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  GRAPHQL_MAX_MUTATIONS?: number;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  REVIEW_MAX_RUNNING?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000)
  REVIEW_MAX_QUEUED?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  REVIEW_QUEUE_POLL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86400000)
  LIVE_INDEX_REFRESH_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100000)
  HEAVY_RATE_LIMIT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  HEAVY_RATE_WINDOW_S?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600000)
  REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1048576)
  MEMORY_CEILING_MB?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100000000)
  OVERLOAD_MIN_COST?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_GRACE_MS?: number;

  @IsOptional()
  @IsString()
  @Matches(/^(true|false|\d{1,2}|[\w.:/, -]+)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or addresses',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\S{32,}$/, { message: 'AUTH_LOCAL_SECRET must be at least 32 characters without spaces' })
  AUTH_LOCAL_SECRET?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]+$/, { message: 'a claim name: letters, digits, _, - and dots for nesting' })
  AUTH_ROLES_CLAIM?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]+$/, { message: 'a claim name: letters, digits, _, - and dots for nesting' })
  AUTH_AGENCIES_CLAIM?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]+$/, { message: 'a claim name: letters, digits, _, - and dots for nesting' })
  AUTH_SECTORS_CLAIM?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.-]+$/, { message: 'a claim name: letters, digits, _, - and dots for nesting' })
  AUTH_NAME_CLAIM?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\s*([^=,\s]+\s*=\s*(ADMIN|REVIEWER|BUDGET_PLANNER|AUDITOR|PUBLIC)\s*(,\s*|$))*$/, {
    message: 'AUTH_ROLE_MAP must read name=ROLE,name=ROLE with roles ADMIN, REVIEWER, BUDGET_PLANNER, AUDITOR, PUBLIC',
  })
  AUTH_ROLE_MAP?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]+$/, { message: 'WORKBENCH_OIDC_CLIENT_ID: the client id registered at the identity provider' })
  WORKBENCH_OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  // A bare origin and path: it goes into the page's Content-Security-Policy.
  @Matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[\w.~%/-]*)?$/, {
    message: 'WORKBENCH_OIDC_ISSUER must be an http(s) URL: host, port and path only',
  })
  WORKBENCH_OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  WORKBENCH_OIDC_SCOPE?: string;
}

export interface DatabaseConfig {
  /** A PostgreSQL server URL; undefined means the embedded database. */
  url?: string;
  dataDir: string;
  poolSize: number;
  statementTimeoutMs: number;
  /**
   * How long a request waits for a free connection of the pool (and for a new connection to open)
   * before it is answered SERVICE_BUSY. Server only: on the embedded database waiting is the norm.
   */
  acquireTimeoutMs: number;
  migrationsRun: boolean;
  /** How long list totals are kept (0: counted on every request). */
  countCacheMs: number;
}

/** What keeps one client or one burst from taking the service down (docs/operations.md, "Overload"). */
export interface LoadConfig {
  /** Heavy operations one client may start per window (0: no limit). */
  heavyRateLimit: number;
  heavyRateWindowS: number;
  /** Deadline of a whole GraphQL operation (0: none). */
  requestTimeoutMs: number;
  /** Heap in use above which heavy and costly operations are refused. */
  memoryCeilingMb: number;
  /** Operations estimated at this cost or more count as costly when memory is short. */
  overloadMinCost: number;
  /** How long in-flight requests may run on after SIGTERM before connections are cut. */
  shutdownGraceMs: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For names the client (false: none). */
  trustProxy: boolean | number | string;
}

/** The default memory ceiling: most of the heap V8 will grow to, leaving room to finish what runs. */
export function defaultMemoryCeilingMb(): number {
  return Math.floor((getHeapStatistics().heap_size_limit / 1024 / 1024) * 0.85);
}

function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** How bearer tokens are verified and read (docs/operations.md, "Identity and access"). */
export interface AuthConfig {
  /** An identity provider's key set; tokens signed with its keys (RS256, ES256, ...) are accepted. */
  jwksUrl?: string;
  /** Required `iss` and `aud` of the provider's tokens, when set. */
  issuer?: string;
  audience?: string;
  /**
   * The shared secret of locally issued tokens (HS256, `npm run cli -- token`). Unset outside
   * production: a secret generated once and kept in `localKeyFile`.
   */
  localSecret?: string;
  localKeyFile?: string;
  /** Claim names, dots for nesting (Keycloak puts realm roles in `realm_access.roles`). */
  claims: { roles: string; agencies: string; sectors: string; name: string };
  /** Provider role names to registry roles; a claim value equal to a role's name maps to it anyway. */
  roleMap: Record<string, string>;
  /**
   * The workbench's sign-in through the provider's own page (OpenID Connect, authorization code with
   * PKCE, a public client): the issuer whose discovery document names its endpoints, the client id
   * registered there with the redirect URI `<origin>/sign-in/callback`, and the scopes asked for.
   */
  workbenchOidc?: { issuer: string; clientId: string; scope: string };
}

function roleMapOf(value: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const [name, role] = pair.split('=').map((x) => x.trim());
    if (name && role) map[name] = role;
  }
  return map;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  logLevel: string;
  database: DatabaseConfig;
  seedOnStart: SeedMode;
  /** `responseCacheMb`: memory for whole answers to read-only operations (0: none). */
  /** `limits`: what every request is held to before it runs (see `QueryLimits`). */
  graphql: { introspection: boolean; responseCacheMb: number; limits: QueryLimits };
  review: ReviewQueueConfig;
  load: LoadConfig;
  auth: AuthConfig;
}

export interface ReviewQueueConfig {
  /** Review runs computing at once across every process on the database. */
  maxRunning: number;
  /** Runs waiting their turn beyond which a new one is refused. */
  maxQueued: number;
  /** How often each process looks for queued runs to start and for runs whose process died. */
  pollMs: number;
  /**
   * How long the live-check index (functionDuplicates, checkProposedFunction) is trusted before a
   * check looks for changes and, if there are any, rebuilds it in the background.
   */
  liveIndexRefreshMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads and validates the environment, reporting every problem at once so that an operator fixes
 * a deployment in one pass.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) => `${e.property}=${JSON.stringify(env[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  const url = vars.DATABASE_URL || undefined;
  const poolSize = vars.DB_POOL_SIZE ?? (url ? 10 : 4);
  const maxRunning = vars.REVIEW_MAX_RUNNING ?? 1;
  // A running review holds a connection of its own for its lock and borrows others to load and store.
  if (maxRunning >= poolSize)
    throw new ConfigError([
      `REVIEW_MAX_RUNNING=${maxRunning}: must be less than DB_POOL_SIZE (${poolSize}); each running review holds a connection`,
    ]);
  const nodeEnv = (vars.NODE_ENV ?? 'development') as AppConfig['env'];
  const dataDir = vars.DATA_DIR ?? './data';
  // A secret generated on disk suits one machine; production must say which keys it trusts.
  if (nodeEnv === 'production' && !vars.AUTH_JWKS_URL && !vars.AUTH_LOCAL_SECRET)
    throw new ConfigError([
      'NODE_ENV=production needs AUTH_JWKS_URL (an identity provider) or AUTH_LOCAL_SECRET (locally issued tokens)',
    ]);
  if (vars.WORKBENCH_OIDC_CLIENT_ID && !(vars.WORKBENCH_OIDC_ISSUER ?? vars.AUTH_ISSUER))
    throw new ConfigError([
      'WORKBENCH_OIDC_CLIENT_ID needs WORKBENCH_OIDC_ISSUER (or AUTH_ISSUER): the provider the workbench signs in with',
    ]);
  // Without them any token the provider signs, for any client, would do.
  if (nodeEnv === 'production' && vars.AUTH_JWKS_URL && (!vars.AUTH_ISSUER || !vars.AUTH_AUDIENCE))
    throw new ConfigError([
      'AUTH_JWKS_URL in production needs AUTH_ISSUER and AUTH_AUDIENCE: the issuer and the audience of the tokens meant for the registry',
    ]);
  return {
    env: nodeEnv,
    port: vars.PORT ?? 3000,
    logLevel: vars.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'log'),
    database: {
      url,
      dataDir,
      // The embedded database executes one statement at a time; a few connections let
      // transactions of concurrent requests queue instead of failing.
      poolSize,
      statementTimeoutMs: vars.DB_STATEMENT_TIMEOUT_MS ?? 30_000,
      // A few seconds: a client retrying later does better than one whose request hangs behind a full pool.
      acquireTimeoutMs: vars.DB_ACQUIRE_TIMEOUT_MS ?? 3_000,
      migrationsRun: vars.MIGRATIONS_RUN ?? true,
      countCacheMs: vars.COUNT_CACHE_MS ?? 10_000,
    },
    // Demo data only where a newcomer runs the embedded database; a server deployment opts in.
    seedOnStart: vars.SEED_ON_START ?? (url ? 'reference' : 'demo'),
    graphql: {
      introspection: vars.GRAPHQL_INTROSPECTION ?? nodeEnv !== 'production',
      responseCacheMb: vars.RESPONSE_CACHE_MB ?? 64,
      limits: {
        maxDepth: vars.GRAPHQL_MAX_DEPTH ?? DEFAULT_QUERY_LIMITS.maxDepth,
        maxAliases: vars.GRAPHQL_MAX_ALIASES ?? DEFAULT_QUERY_LIMITS.maxAliases,
        maxDirectives: vars.GRAPHQL_MAX_DIRECTIVES ?? DEFAULT_QUERY_LIMITS.maxDirectives,
        maxTokens: vars.GRAPHQL_MAX_TOKENS ?? DEFAULT_QUERY_LIMITS.maxTokens,
        maxCost: vars.GRAPHQL_MAX_COST ?? DEFAULT_QUERY_LIMITS.maxCost,
        maxMutationFields: vars.GRAPHQL_MAX_MUTATIONS ?? DEFAULT_QUERY_LIMITS.maxMutationFields,
      },
    },
    review: {
      maxRunning,
      maxQueued: vars.REVIEW_MAX_QUEUED ?? 20,
      pollMs: vars.REVIEW_QUEUE_POLL_MS ?? 5000,
      // Each rebuild reads the whole registry; a registry written to all the time would otherwise
      // be reread every few seconds.
      liveIndexRefreshMs: vars.LIVE_INDEX_REFRESH_MS ?? 60_000,
    },
    load: {
      heavyRateLimit: vars.HEAVY_RATE_LIMIT ?? 30,
      heavyRateWindowS: vars.HEAVY_RATE_WINDOW_S ?? 60,
      requestTimeoutMs: vars.REQUEST_TIMEOUT_MS ?? 30_000,
      memoryCeilingMb: vars.MEMORY_CEILING_MB ?? defaultMemoryCeilingMb(),
      overloadMinCost: vars.OVERLOAD_MIN_COST ?? 2_000,
      shutdownGraceMs: vars.SHUTDOWN_GRACE_MS ?? 10_000,
      trustProxy: trustProxyOf(vars.TRUST_PROXY),
    },
    auth: {
      jwksUrl: vars.AUTH_JWKS_URL,
      issuer: vars.AUTH_ISSUER,
      audience: vars.AUTH_AUDIENCE,
      localSecret: vars.AUTH_LOCAL_SECRET,
      localKeyFile: vars.AUTH_LOCAL_SECRET || nodeEnv === 'production' ? undefined : `${dataDir}/auth-local.key`,
      claims: {
        roles: vars.AUTH_ROLES_CLAIM ?? 'realm_access.roles',
        agencies: vars.AUTH_AGENCIES_CLAIM ?? 'registry_agencies',
        sectors: vars.AUTH_SECTORS_CLAIM ?? 'registry_sectors',
        name: vars.AUTH_NAME_CLAIM ?? 'preferred_username',
      },
      roleMap: roleMapOf(vars.AUTH_ROLE_MAP),
      workbenchOidc: vars.WORKBENCH_OIDC_CLIENT_ID
        ? {
            issuer: (vars.WORKBENCH_OIDC_ISSUER ?? vars.AUTH_ISSUER)!,
            clientId: vars.WORKBENCH_OIDC_CLIENT_ID,
            scope: vars.WORKBENCH_OIDC_SCOPE ?? 'openid',
          }
        : undefined,
    },
  };
}
