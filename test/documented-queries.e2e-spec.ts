import { GraphQLSchemaHost } from '@nestjs/graphql';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  Kind,
  parse,
  specifiedRules,
  typeFromAST,
  validate,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { DEFAULT_QUERY_LIMITS, queryCost, queryLimitOptions } from '../libs/core/src/index.js';
import { createTestApp, TestApp } from './utils/test-app.js';

/** Every GraphQL example in the README and docs/, with the file it is in. */
function documentedOperations(): { where: string; document: DocumentNode }[] {
  const files = [
    'README.md',
    ...readdirSync('docs')
      .filter((f) => f.endsWith('.md'))
      .map((f) => join('docs', f)),
  ];
  const out: { where: string; document: DocumentNode }[] = [];
  for (const file of files) {
    const blocks = readFileSync(file, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g);
    let n = 0;
    for (const [, text] of blocks) {
      n++;
      let document: DocumentNode;
      try {
        document = parse(text);
      } catch {
        continue; // a field signature or an excerpt, not an operation
      }
      // A block may show several requests one after another; each is sent on its own.
      const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
      for (const op of document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
        out.push({ where: `${file} #${n}`, document: { kind: Kind.DOCUMENT, definitions: [op, ...fragments] } });
      }
    }
  }
  return out;
}

/** The largest values a caller could send: page sizes at their caps, one item per list. */
function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType);
  if (type instanceof GraphQLList) return [sample(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
  if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields()).filter((f) => f.type instanceof GraphQLNonNull);
    return Object.fromEntries(fields.map((f) => [f.name, sample(f.type)]));
  }
  const scalar = type.name;
  return (
    { Int: 100, Float: 1, Boolean: true, ID: '00000000-0000-4000-8000-000000000000' }[scalar] ??
    (/date/i.test(scalar) ? '2026-01-01' : 'x')
  );
}

function variablesFor(schema: GraphQLSchema, document: DocumentNode): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of d.variableDefinitions ?? []) {
      const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
      if (type && !v.defaultValue) vars[v.variable.name.value] = sample(type);
    }
  }
  return vars;
}

/** The limits must let every documented example through, at the largest page sizes. */
describe('documented queries within the limits', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    t = await createTestApp({ seed: 'none' });
    schema = t.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => t?.close());

  it('finds the examples', () => {
    expect(documentedOperations().length).toBeGreaterThan(40);
  });

  it('passes validation, depth, aliases and cost for every example', () => {
    const limits = queryLimitOptions(DEFAULT_QUERY_LIMITS);
    const over: string[] = [];
    for (const { where, document } of documentedOperations()) {
      const errors = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
      if (errors.length) over.push(`${where}: ${errors.map((e) => e.message).join('; ')}`);
      for (const d of document.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const cost = queryCost(schema, document, d.name?.value, variablesFor(schema, document));
        if (cost > DEFAULT_QUERY_LIMITS.maxCost) over.push(`${where}: cost ${cost}`);
      }
    }
    expect(over).toEqual([]);
  });
});
