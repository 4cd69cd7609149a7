/**
 * Undo can never get stuck (issue 10's reproduction), and moving a card is one undo step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { EMPTY_FLOW } from './global-setup.js';
import { openApp, screenshots, writeFlow } from './canvas-actions.js';

test('undo never gets stuck on a version that does not parse', async ({ page }) => {
  const file = writeFlow('undo_flow.py', EMPTY_FLOW);
  await openApp(page, file);
  const undo = page.getByRole('button', { name: 'Undo' });
  const redo = page.getByRole('button', { name: 'Redo' });

  // In the code view, add " +" to a line and wait; delete the two characters and wait.
  const line = page.getByTestId('code-view').locator('.cm-line', { hasText: 'self.next(self.end)' });
  await line.click();
  await page.keyboard.press('End');
  // Each edit is one keystroke's change: on a busy machine the save after a pause could fall
  // between two keys, and the undo history would hold a version with only half of the edit.
  await page.keyboard.insertText(' +');
  await expect.poll(() => readFileSync(file, 'utf8')).toContain('self.next(self.end) +');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Backspace');
  await expect.poll(() => readFileSync(file, 'utf8')).toBe(EMPTY_FLOW);

  // Click the empty canvas; Ctrl+Z goes back to the broken version…
  await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect.poll(() => readFileSync(file, 'utf8')).toContain('self.next(self.end) +');
  await page.screenshot({ path: join(screenshots, 'canvas-undo-broken.png') });
  // …and nothing is stuck: Undo, Redo, Ctrl+Shift+Z and the palette's Redo are all there.
  await expect(undo).toBeEnabled();
  await expect(redo).toBeEnabled();
  await page.keyboard.press('Control+k');
  await page.getByLabel('Search commands').fill('Redo');
  await expect(page.getByTestId('command-list').getByRole('button', { name: /^Redo/ })).toBeEnabled();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => readFileSync(file, 'utf8')).toBe(EMPTY_FLOW);
  await undo.click();
  await expect.poll(() => readFileSync(file, 'utf8')).toContain('self.next(self.end) +');
  await undo.click();
  await expect.poll(() => readFileSync(file, 'utf8')).toBe(EMPTY_FLOW);
});

test('moving a card is one undo step, and redo moves it back', async ({ page }) => {
  const file = writeFlow('move_flow.py', EMPTY_FLOW);
  await openApp(page, file);
  const start = page.getByTestId('step-node-start');
  const before = await start.boundingBox();
  if (before === null) throw new Error('start is not visible');
  await page.mouse.move(before.x + 40, before.y + 20);
  await page.mouse.down();
  await page.mouse.move(before.x + 140, before.y + 60, { steps: 10 });
  await page.mouse.up();
  const sidecar = join(process.env.FLOWBENCH_E2E_FLOWS ?? '', '.move_flow.py.flowbench.json');
  // The sidecar appears when the move is saved (a poll that throws fails at once: absent reads as '').
  await expect.poll(() => (existsSync(sidecar) ? readFileSync(sidecar, 'utf8') : '')).toContain('"start"');
  const moved = await start.boundingBox();
  expect(Math.abs((moved?.x ?? 0) - before.x - 100)).toBeLessThan(12);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => Math.abs(((await start.boundingBox())?.x ?? 0) - before.x)).toBeLessThan(3);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect.poll(async () => Math.abs(((await start.boundingBox())?.x ?? 0) - (moved?.x ?? 0))).toBeLessThan(3);
  expect(readFileSync(file, 'utf8')).toBe(EMPTY_FLOW);
});
