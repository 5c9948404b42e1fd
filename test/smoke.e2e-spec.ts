import { createTestApp, ok, TestApp } from './utils/test-app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
  });
  afterAll(() => t?.close());

  it('answers health and a query', async () => {
    const health = await t.http().get('/health');
    expect(health.status).toBe(200);
    const data = ok(
      await t.gql<{ stateFunctions: { totalCount: number } }>(
        '{ stateFunctions(take: 2) { totalCount items { code holder { code } } } }',
      ),
    );
    expect(data.stateFunctions.totalCount).toBe(237);
  });
});
