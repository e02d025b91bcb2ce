/** Two tiers: unit specs next to the code, e2e specs against the real stack in test/. */
const moduleNameMapper = {
  '^@app/(config|observability|search|redis|cache|catalog)$': '<rootDir>/libs/$1/src',
  '^@app/(config|observability|search|redis|cache|catalog)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  // @faker-js/faker is ESM-only; compile it to CommonJS like our own code.
  '^.+/@faker-js/faker/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
};
const base = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@faker-js/faker/)'],
  moduleNameMapper,
};

module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench,scripts,test}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
  ],
};
