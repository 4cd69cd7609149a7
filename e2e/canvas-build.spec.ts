/**
 * Issue 10's goal: the two example flows built AND run on the canvas alone, each with a fixed
 * list of counted actions (at most 15), results checked from the CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { card, finishedRun, flowbench, openApp, perform, screenshots, testId, type Action } from './canvas-actions.js';

const MAX_ACTIONS = 15;

test('branch: start x=0 → a (x+=2) / b (x+=3) → join max → end, built and run in ≤ 15 actions', async ({ page }) => {
  await openApp(page);
  const actions: Action[] = [
    { do: 'click', what: testId('new-flow-button'), label: 'New' },
    { do: 'type', text: 'branch_flow.py' },
    { do: 'press', key: 'Enter' },
    { do: 'drag', from: testId('palette-item-branch'), to: card('start'), label: 'branch onto start' },
    { do: 'click', what: card('start'), label: 'start' },
    { do: 'type', text: 'self.x = 0' },
    { do: 'click', what: card('a'), label: 'a' },
    { do: 'type', text: 'self.x += 2' },
    { do: 'click', what: card('b'), label: 'b' },
    { do: 'type', text: 'self.x += 3' },
    { do: 'click', what: card('join'), label: 'join' },
    { do: 'type', text: 'self.x = max(i.x for i in inputs)' },
    { do: 'press', key: 'Control+Enter' },
    { do: 'press', key: 'Enter' },
  ];
  const count = await perform(page, actions, async (n) => {
    if (n === 4) await page.getByTestId('canvas').screenshot({ path: join(screenshots, 'canvas-build-branch-dropped.png') });
  });
  expect(count).toBeLessThanOrEqual(MAX_ACTIONS);

  const pathspec = await finishedRun(page, 'succeeded');
  for (const step of ['start', 'a', 'b', 'join', 'end']) await expect(card(step)(page)).toHaveAttribute('data-status', 'succeeded');
  await page.screenshot({ path: join(screenshots, 'canvas-build-branch-run.png') });

  // The file is the code a person would write, and the CLI reads the result.
  const source = readFileSync(join(process.env.FLOWBENCH_E2E_FLOWS ?? '', 'branch_flow.py'), 'utf8');
  expect(source).toContain('self.x = 0\n        self.next(self.a, self.b)');
  expect(source).not.toMatch(/TODO|\bpass\b\n\s+self\.next/);
  expect(flowbench(['artifact', `${pathspec}/end`, 'x'])).toBe('3');
});

test("foreach over ['x','y','z'] scored with ord, join max → 122, built and run in ≤ 15 actions", async ({ page }) => {
  await openApp(page);
  const actions: Action[] = [
    { do: 'click', what: testId('new-flow-button'), label: 'New' },
    { do: 'type', text: 'foreach_flow.py' },
    { do: 'press', key: 'Enter' },
    { do: 'drag', from: testId('palette-item-foreach'), to: card('start'), label: 'foreach onto start' },
    { do: 'type', text: 'letters' },
    { do: 'press', key: 'Enter' },
    { do: 'click', what: card('start'), label: 'start' },
    { do: 'type', text: "self.letters = ['x', 'y', 'z']" },
    { do: 'click', what: card('body'), label: 'body' },
    { do: 'type', text: 'self.score = ord(self.input)' },
    { do: 'click', what: card('join'), label: 'join' },
    { do: 'type', text: 'self.best = max(i.score for i in inputs)' },
    { do: 'press', key: 'Control+Enter' },
    { do: 'press', key: 'Enter' },
  ];
  const count = await perform(page, actions, async (n) => {
    if (n === 5) await page.getByTestId('canvas').screenshot({ path: join(screenshots, 'canvas-build-foreach-prompt.png') });
  });
  expect(count).toBeLessThanOrEqual(MAX_ACTIONS);

  const pathspec = await finishedRun(page, 'succeeded');
  await expect(card('body')(page)).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('step-progress-body')).toHaveText('3 succeeded of 3');
  await page.screenshot({ path: join(screenshots, 'canvas-build-foreach-run.png') });

  const source = readFileSync(join(process.env.FLOWBENCH_E2E_FLOWS ?? '', 'foreach_flow.py'), 'utf8');
  expect(source).toContain(`self.letters = ['x', 'y', 'z']\n        self.next(self.body, foreach="letters")`);
  expect(flowbench(['artifact', `${pathspec}/end`, 'best'])).toBe('122');
});
