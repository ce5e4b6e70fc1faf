/**
 * One test run for the whole repository (`npm test` → `vitest run`): unit tests beside the code in
 * shared/ and server/src, integration tests against real sockets and SQLite files in server/test,
 * and the web client's tests. Playwright specs (e2e/) and benchmarks (server/bench) run separately.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**', 'server/bench/**'],
    environment: 'node',
    // Integration tests start servers, restart them and spawn child processes: generous, but a hang
    // still fails rather than stalling CI.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
