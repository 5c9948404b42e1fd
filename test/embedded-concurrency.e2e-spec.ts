import { createTestApp, ok, TestApp } from './utils/test-app.js';

const RUN = `query($id: ID!) { reviewRun(id: $id) { status error } }`;
interface RunStatus {
  status: string;
  error: string | null;
}

const AGENCY = `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id code nameRu } }`;

/**
 * The embedded PostgreSQL runs one session for every connection of the pool: concurrent requests
 * must each get it for a whole statement or transaction, never a part of one, whatever the mix.
 */
describe('embedded PostgreSQL under concurrent requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ embedded: true, seed: 'demo' });
  });
  afterAll(() => t?.close());

  it('answers concurrent parameterised statements each with its own parameters', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.ds.query(`SELECT $1::text || '/' || $2::int AS v, $3::text AS w`, [`a${i}`, i, `c${i}`]),
      ),
    );
    results.forEach((rows: unknown, i) => expect(rows).toEqual([{ v: `a${i}/${i}`, w: `c${i}` }]));
  });

  it('runs parallel review runs and writes without mixing their statements', async () => {
    const runs = 20;
    const writers = 20;
    const [started, created] = await Promise.all([
      Promise.all(
        Array.from({ length: runs }, () =>
          t.gql<{ startReviewRun: { id: string } }>(`mutation { startReviewRun { id status } }`),
        ),
      ),
      Promise.all(
        Array.from({ length: writers }, (_, i) =>
          t.gql<{ createAgency: { code: string; nameRu: string } }>(AGENCY, {
            input: { code: `CONC-${i}`, nameRu: `Параллельный орган ${i}`, level: 'CENTRAL' },
          }),
        ),
      ),
    ]);
    for (const [i, res] of created.entries()) {
      expect(ok(res).createAgency).toMatchObject({ code: `CONC-${i}`, nameRu: `Параллельный орган ${i}` });
    }
    const ids = started.map((res) => ok(res).startReviewRun.id);
    expect(new Set(ids).size).toBe(runs);

    const status = new Map<string, RunStatus>();
    for (let round = 0; round < 600 && ids.some((id) => status.get(id)?.status !== 'SUCCEEDED'); round++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const polled = await Promise.all(ids.map((id) => t.gql<{ reviewRun: RunStatus }>(RUN, { id })));
      polled.forEach((res, i) => status.set(ids[i], ok(res).reviewRun));
      if ([...status.values()].some((r) => r.status === 'FAILED')) break;
    }
    expect(ids.map((id) => status.get(id))).toEqual(ids.map(() => ({ status: 'SUCCEEDED', error: null })));

    const rows: { code: string; name_ru: string }[] = await t.ds.query(
      `SELECT code, name_ru FROM agency WHERE code LIKE 'CONC-%' ORDER BY code`,
    );
    expect(rows).toHaveLength(writers);
    for (const row of rows) {
      expect(row.name_ru).toBe(`Параллельный орган ${row.code.slice('CONC-'.length)}`);
    }
    const stored: { pairs: number }[] = await t.ds.query(
      `SELECT r.id, count(p.*)::int AS pairs FROM review_run r LEFT JOIN review_pair p ON p.run_id = r.id
        WHERE r.id = ANY($1) GROUP BY r.id`,
      [ids],
    );
    const counts = new Set(stored.map((r) => r.pairs));
    expect(stored).toHaveLength(runs);
    // Every run reviewed the same registry, so every run stored the same pairs.
    expect(counts.size).toBe(1);
    expect([...counts][0]).toBeGreaterThan(0);
  }, 120_000);

  it('commits and rolls back concurrent transactions each on its own', async () => {
    const n = 16;
    const outcomes = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        t.ds.transaction(async (em) => {
          await em.query(`INSERT INTO agency (code, name_ru, level) VALUES ($1, $2, 'CENTRAL')`, [
            `TX-${i}`,
            `Транзакция ${i}`,
          ]);
          // Yields to the other transactions between the statements of this one.
          await new Promise((resolve) => setTimeout(resolve, 5));
          const seen: { code: string }[] = await em.query(`SELECT code FROM agency WHERE code LIKE 'TX-%'`);
          if (i % 2) throw new Error(`rolled back ${i}`);
          return seen.map((r) => r.code);
        }),
      ),
    );
    outcomes.forEach((o, i) => {
      if (i % 2) expect(o).toMatchObject({ status: 'rejected', reason: { message: `rolled back ${i}` } });
      else {
        expect(o.status).toBe('fulfilled');
        // A transaction sees its own row and committed ones, never a row of one still open.
        const seen = o.status === 'fulfilled' ? o.value : [];
        expect(seen).toContain(`TX-${i}`);
        expect(seen.filter((code) => code !== `TX-${i}` && Number(code.slice(3)) % 2)).toEqual([]);
      }
    });
    const rows: { code: string }[] = await t.ds.query(`SELECT code FROM agency WHERE code LIKE 'TX-%' ORDER BY code`);
    const expected = Array.from({ length: n }, (_, i) => i)
      .filter((i) => i % 2 === 0)
      .map((i) => ({ code: `TX-${i}` }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(rows).toEqual(expected);
  });
});
