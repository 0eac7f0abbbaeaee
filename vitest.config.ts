import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Brings up PostgreSQL (embedded, from npm) and Chromium when the machine has none; see README.
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Integration tests start real servers; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
