// Three projects: unit (fast, in-process), integration (servers on 127.0.0.1, client against
// emulator), e2e (the real Pulumi engine; run in band). Tests import the TypeScript sources, and the
// package's entry points map to the sources too, so a test never mixes compiled and source copies
// of a class, and nothing but e2e needs a build.
/** @type {import('ts-jest').TsJestGlobalOptions} */
const tsJest = {
  tsconfig: "<rootDir>/test/tsconfig.json",
  diagnostics: false,
};

const moduleNameMapper = {
  "^pulumi-ngrok-ai$": "<rootDir>/sdk/index.ts",
  "^pulumi-ngrok-ai/(core|client|catalog|gitops|routing|policy|drift)$":
    "<rootDir>/sdk/$1/index.ts",
  "^aigw-emulator$": "<rootDir>/emulator/index.ts",
};

const common = {
  rootDir: __dirname,
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", tsJest] },
  moduleNameMapper,
  modulePathIgnorePatterns: ["<rootDir>/.*/dist/"],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "\\.int\\.test\\.ts$", "<rootDir>/test/e2e/"],
    },
    {
      ...common,
      displayName: "integration",
      setupFilesAfterEnv: ["<rootDir>/test/integration-setup.ts"],
      testMatch: ["<rootDir>/test/**/*.int.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
    },
    {
      ...common,
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/helpers/"],
      setupFilesAfterEnv: ["<rootDir>/test/e2e/setup.ts"],
    },
  ],
};
