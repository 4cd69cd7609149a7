/**
 * End-to-end tests of the *built* app (`npm run build` first; nothing is built here).
 * Browser mode: e2e/global-setup.ts starts `flowbench serve` with a temporary store and folder;
 * the specs drive Debian's Chromium (/usr/bin/chromium, never `npx playwright install`).
 * The JSON report feeds the test summary (scripts/summarize-tests.mjs --playwright).
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.FLOWBENCH_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
