import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openDataSource, runMigrations, startEmbeddedPostgres } from '../libs/core/src/index.js';
import { ExportService, ImportService } from '../libs/registry/src/index.js';
import { createTestApp, ok, TestApp } from './utils/test-app.js';

interface ReviewRun {
  status: string;
  stats: { pairs: number };
}

/**
 * The embedded PostgreSQL (PGlite) runs the same migrations and serves the same API as the server,
 * whichever database the rest of the suite uses.
 */
describe('embedded PostgreSQL', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp({ embedded: true, seed: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'registry-embedded-'));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the demo registry and answers searches with Russian stemming and the extensions', async () => {
    expect(t.ds.mode).toBe('embedded');
    const ext: { extname: string }[] = await t.ds.query(`SELECT extname FROM pg_extension ORDER BY extname`);
    expect(ext.map((e) => e.extname)).toEqual(expect.arrayContaining(['pg_trgm', 'unaccent']));
    const found = ok(
      await t.gql<{ stateFunctions: { totalCount: number; items: { title: string }[] } }>(
        `{ stateFunctions(take: 3, filter: { search: "государственного контроля" }) { totalCount items { title } } }`,
      ),
    ).stateFunctions;
    expect(found.totalCount).toBeGreaterThan(3);
    expect(found.items[0].title).toMatch(/контрол/);
    const health = await t.http().get('/health');
    expect((health.body as { info: { database: unknown } }).info.database).toMatchObject({
      status: 'up',
      mode: 'embedded',
    });
  });

  it('round-trips an export through import', async () => {
    const file = join(dir, 'export.jsonl');
    await t.get(ExportService).exportFile(file);
    const again = await t.get(ImportService).importFile(file);
    expect(again).toMatchObject({ functionsInserted: 0, functionsUpdated: 0, functionsUnchanged: 237 });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(237);
  });

  it('runs a review and stores every finding and cluster without COPY', async () => {
    const started = ok(
      await t.gql<{ startReviewRun: { id: string } }>(`mutation { startReviewRun { id } }`),
    ).startReviewRun;
    let run: ReviewRun | undefined;
    for (let i = 0; i < 200 && run?.status !== 'SUCCEEDED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = ok(
        await t.gql<{ reviewRun: ReviewRun }>(`query($id: ID!) { reviewRun(id: $id) { status stats } }`, {
          id: started.id,
        }),
      ).reviewRun;
      expect(run.status).not.toBe('FAILED');
    }
    expect(run?.status).toBe('SUCCEEDED');
    const [stored]: { n: number }[] = await t.ds.query(`SELECT count(*)::int AS n FROM review_pair WHERE run_id = $1`, [
      started.id,
    ]);
    expect(stored.n).toBe(run?.stats.pairs);
    expect(run?.stats.pairs).toBeGreaterThan(0);
    const pairs = ok(
      await t.gql<{ duplicatePairs: { items: { clusterNo: number | null; reasons: { code: string }[] }[] } }>(
        `{ duplicatePairs(take: 100, filter: { bands: [DUPLICATE] }) { items { clusterNo reasons { code } } } }`,
      ),
    ).duplicatePairs;
    expect(pairs.items.length).toBeGreaterThan(0);
    for (const p of pairs.items) {
      expect(p.clusterNo).toEqual(expect.any(Number));
      expect(p.reasons.map((r) => r.code)).toContain('HOLDERS');
    }
  });

  it('keeps its data in the data folder across restarts and refuses a folder another process holds', async () => {
    const dataDir = join(dir, 'data');
    const config = { ...loadConfig({}).database, dataDir, poolSize: 2 };
    const first = await openDataSource(config, []);
    await runMigrations(first);
    await first.query(`INSERT INTO agency (code, name_ru, level) VALUES ('PERSIST', 'Сохраняемый орган', 'CENTRAL')`);
    await first.destroy();
    const second = await openDataSource(config, []);
    try {
      expect(await runMigrations(second)).toEqual([]);
      expect(await second.query(`SELECT name_ru FROM agency WHERE code = 'PERSIST'`)).toEqual([
        { name_ru: 'Сохраняемый орган' },
      ]);
    } finally {
      await second.destroy();
    }
    // Another live process holding the folder: refused with a message that says what to do.
    writeFileSync(join(dataDir, 'registry.lock'), String(process.ppid));
    await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(/in use by process \d+.*DATABASE_URL/s);
  });
});
