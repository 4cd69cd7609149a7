/** The story in browser mode: `flowbench serve` (started by global-setup.ts) + Chromium. */
import { expect, test } from '@playwright/test';
import { tellTheStory } from './story.js';

test('build start → foreach → join → end by drag and drop, run it, read logs, run it from the CLI', async ({ page }) => {
  const url = process.env.FLOWBENCH_E2E_URL;
  const flows = process.env.FLOWBENCH_E2E_FLOWS;
  if (url === undefined || flows === undefined) throw new Error('global-setup did not start flowbench serve');
  await page.goto(url);
  // The token leaves the address bar at once, and no cookie carries it to other local servers.
  await expect.poll(() => page.url()).toBe(url.replace(/\?token=[^&#]*/, ''));
  expect(await page.context().cookies()).toEqual([]);
  await tellTheStory(page, flows, 'story_flow.py');
});
