import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database and IMAP suites start real servers; keep files from fighting for the two cores.
    fileParallelism: true,
    maxWorkers: 2,
    env: { TZ: 'UTC' },
  },
});
