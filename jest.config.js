/**
 * Two projects: `unit` (pure domain logic beside the code, *.spec.ts, no database) and
 * `e2e` (test/**, *.e2e-spec.ts) whose global set-up starts a throw-away PostgreSQL and
 * migrates a template database that every test file clones (see test/global-setup.ts).
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testRegex: '\\.spec\\.ts$',
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testRegex: '\\.e2e-spec\\.ts$',
      transform,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
