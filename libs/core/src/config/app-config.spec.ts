import { getHeapStatistics } from 'node:v8';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database with demo data on port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.database.dataDir).toBe('./data');
    expect(c.seedOnStart).toBe('demo');
  });

  it('reads an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it('uses a server when DATABASE_URL is set, without demo data unless asked', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/registry', SEED_ON_START: 'none', PORT: '8080' });
    expect(c.database.url).toBe('postgres://u@db:5432/registry');
    expect(c.seedOnStart).toBe('none');
    expect(c.port).toBe(8080);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/r' }).seedOnStart).toBe('reference');
  });

  it('bounds the wait for a database connection, a few seconds unless set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/r' }).database.acquireTimeoutMs).toBe(3000);
    expect(loadConfig({ DB_ACQUIRE_TIMEOUT_MS: '500' }).database.acquireTimeoutMs).toBe(500);
    expect(() => loadConfig({ DB_ACQUIRE_TIMEOUT_MS: '0' })).toThrow(/DB_ACQUIRE_TIMEOUT_MS/);
  });

  it('signs the workbench in through a provider only when it knows the provider', () => {
    expect(loadConfig({}).auth.workbenchOidc).toBeUndefined();
    expect(
      loadConfig({ AUTH_ISSUER: 'https://idp.example/realms/gov', WORKBENCH_OIDC_CLIENT_ID: 'registry-workbench' }).auth
        .workbenchOidc,
    ).toEqual({ issuer: 'https://idp.example/realms/gov', clientId: 'registry-workbench', scope: 'openid' });
    expect(() => loadConfig({ WORKBENCH_OIDC_CLIENT_ID: 'registry-workbench' })).toThrow(/WORKBENCH_OIDC_ISSUER/);
    expect(() => loadConfig({ WORKBENCH_OIDC_ISSUER: 'idp.example', WORKBENCH_OIDC_CLIENT_ID: 'x' })).toThrow(
      /WORKBENCH_OIDC_ISSUER must be an http/,
    );
    // Nothing that could add a directive to the page's policy.
    expect(() =>
      loadConfig({ WORKBENCH_OIDC_ISSUER: 'https://idp.example;script-src *', WORKBENCH_OIDC_CLIENT_ID: 'x' }),
    ).toThrow(/WORKBENCH_OIDC_ISSUER/);
  });

  it('lists every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED_ON_START: 'everything', DB_POOL_SIZE: '0' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.message).toMatch(/PORT/);
    expect(error!.message).toMatch(/DATABASE_URL/);
    expect(error!.message).toMatch(/SEED_ON_START/);
    expect(error!.message).toMatch(/DB_POOL_SIZE/);
  });

  it('caps review runs at one computing and twenty waiting unless told otherwise', () => {
    expect(loadConfig({}).review).toEqual({ maxRunning: 1, maxQueued: 20, pollMs: 5000, liveIndexRefreshMs: 60_000 });
    expect(
      loadConfig({
        DB_POOL_SIZE: '10',
        REVIEW_MAX_RUNNING: '3',
        REVIEW_MAX_QUEUED: '0',
        REVIEW_QUEUE_POLL_MS: '1000',
        LIVE_INDEX_REFRESH_MS: '5000',
      }).review,
    ).toEqual({ maxRunning: 3, maxQueued: 0, pollMs: 1000, liveIndexRefreshMs: 5000 });
    expect(() => loadConfig({ LIVE_INDEX_REFRESH_MS: '10' })).toThrow(/LIVE_INDEX_REFRESH_MS/);
  });

  it('refuses review limits out of range, and more running reviews than connections', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return [];
    };
    expect(problems({ REVIEW_MAX_RUNNING: '0', REVIEW_MAX_QUEUED: '-1', REVIEW_QUEUE_POLL_MS: 'often' })).toEqual([
      expect.stringMatching(/^REVIEW_MAX_RUNNING="0": .*must not be less than 1/),
      expect.stringMatching(/^REVIEW_MAX_QUEUED="-1": .*must not be less than 0/),
      expect.stringMatching(/^REVIEW_QUEUE_POLL_MS="often": .*integer/),
    ]);
    expect(problems({ DB_POOL_SIZE: '4', REVIEW_MAX_RUNNING: '4' })).toEqual([
      expect.stringMatching(/REVIEW_MAX_RUNNING=4: must be less than DB_POOL_SIZE \(4\)/),
    ]);
  });

  it('protects the process by default, and reads the overload settings', () => {
    const heapLimitMb = getHeapStatistics().heap_size_limit / 1024 / 1024;
    const d = loadConfig({}).load;
    expect(d).toMatchObject({ heavyRateLimit: 30, heavyRateWindowS: 60, requestTimeoutMs: 30_000 });
    expect(d).toMatchObject({ overloadMinCost: 2_000, shutdownGraceMs: 10_000, trustProxy: false });
    expect(d.memoryCeilingMb).toBe(Math.floor(heapLimitMb * 0.85));
    const c = loadConfig({
      HEAVY_RATE_LIMIT: '0',
      REQUEST_TIMEOUT_MS: '5000',
      MEMORY_CEILING_MB: '512',
      SHUTDOWN_GRACE_MS: '0',
      TRUST_PROXY: '1',
    }).load;
    expect(c).toMatchObject({ heavyRateLimit: 0, requestTimeoutMs: 5000, memoryCeilingMb: 512, shutdownGraceMs: 0 });
    expect(c.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).load.trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => loadConfig({ TRUST_PROXY: 'a;b' })).toThrow(/TRUST_PROXY/);
  });
});
