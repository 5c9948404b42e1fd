import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the schema the API publishes (docs/schema.graphql, checked by the suite).
const config: CodegenConfig = {
  schema: 'docs/schema.graphql',
  documents: ['apps/web/src/**/*.{ts,tsx}', '!apps/web/src/gql/**'],
  generates: {
    'apps/web/src/gql/': {
      preset: 'client',
      config: { enumsAsTypes: true, scalars: { DateTime: 'string', LocalDate: 'string', Decimal: 'string' } },
      presetConfig: { fragmentMasking: false },
    },
  },
  silent: true,
};
export default config;
