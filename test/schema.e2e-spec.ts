import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './utils/test-app.js';

const SNAPSHOT = join(import.meta.dirname, '..', 'docs', 'schema.graphql');

/**
 * docs/schema.graphql is the published contract of the API. This test fails when the code's
 * schema drifts from it; `UPDATE_SCHEMA=1 npm test -- test/schema` rewrites it.
 */
describe('published GraphQL schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ embedded: true, seed: 'none' });
  });
  afterAll(() => t?.close());

  it('matches docs/schema.graphql', () => {
    const sdl = `# The registry's GraphQL schema, generated from the code (see test/schema.e2e-spec.ts).\n\n${printSchema(t.get(GraphQLSchemaHost).schema)}\n`;
    if (process.env.UPDATE_SCHEMA === '1' || !existsSync(SNAPSHOT)) writeFileSync(SNAPSHOT, sdl);
    expect(readFileSync(SNAPSHOT, 'utf8')).toBe(sdl);
  });
});
