import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^#core$': '<rootDir>/libs/core/src/index.ts',
    '^#registry$': '<rootDir>/libs/registry/src/index.ts',
    '^#review$': '<rootDir>/libs/review/src/index.ts',
    '^#assessment$': '<rootDir>/libs/assessment/src/index.ts',
    '^#budget$': '<rootDir>/libs/budget/src/index.ts',
    '^#campaign$': '<rootDir>/libs/campaign/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 120_000,
  maxWorkers: 2,
};

export default config;
