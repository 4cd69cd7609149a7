/**
 * Unit and integration tests for every layer. Tests sit beside the code (foo.ts + foo.test.ts).
 * Integration tests run real Python flows, hence the long timeout; forks (not threads) so a test
 * that spawns processes or changes cwd/env cannot disturb another.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'engine/**/*.test.ts',
      'main/**/*.test.ts',
      'scripts/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
    ],
    exclude: ['**/node_modules/**', 'out/**', 'dist/**', 'e2e/**'],
    globalSetup: ['scripts/test-temp-folder.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
