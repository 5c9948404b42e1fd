import { randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from './utils/test-app.js';

interface ErrorBody {
  errors?: { message: string; extensions?: { code?: string; errorId?: string } }[];
}

/** Requests that never reach a resolver still get a clear error in GraphQL's shape, never a 500. */
describe('HTTP errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('answers malformed JSON at the GraphQL endpoint with a GraphQL error', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": "{ territories');
    expect(res.status).toBe(400);
    const body = res.body as ErrorBody;
    expect(body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0].message).toMatch(/^The request body is not valid JSON/);
  });

  it('answers the report of an unknown campaign with 404, and a malformed id with 400', async () => {
    const missing = await t.http().get(`/reports/campaigns/${randomUUID()}.xlsx`);
    expect(missing.status).toBe(404);
    expect((missing.body as ErrorBody).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const malformed = await t.http().get('/reports/campaigns/not-an-id.xlsx');
    expect(malformed.status).toBe(400);
    expect((malformed.body as ErrorBody).errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const res = await t.http().get('/no-such-page');
    expect(res.status).toBe(404);
    expect((res.body as ErrorBody).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('answers a browser asking for a page with the workbench, and an API client with 404', async () => {
    const page = await t.http().get('/functions/F-0000001').set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.text).toContain('<div id="root">');
    const json = await t.http().get('/functions/F-0000001').set('accept', 'application/json');
    expect(json.status).toBe(404);
    // The API's own paths are never the page.
    const api = await t.http().get('/graphql/nothing').set('accept', 'text/html');
    // Apollo's own refusal of a GET it cannot read, in JSON.
    expect(api.status).toBe(400);
    expect(api.headers['content-type']).toMatch(/application\/json/);
    // The explorer's page alone allows inline styles.
    const explorer = await t.http().get('/explorer').set('accept', 'text/html');
    expect(explorer.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(page.headers['content-security-policy']).toContain("style-src 'self';");
  });
});
