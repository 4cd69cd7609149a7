/**
 * A failing foreach task shown on its card (counts, the error's last line, the failed task's
 * traceback on a click), then fixed in edit mode and resumed from the toolbar: the resumed run
 * says where it came from and marks the tasks it reused. Results checked from the CLI.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { card, finishedRun, flowbench, openApp, screenshots, writeFlow } from './canvas-actions.js';

const FAILING = `from flowbench import FlowSpec, step


class LettersFlow(FlowSpec):
    @step
    def start(self):
        self.letters = ["x", "y", "z"]
        self.next(self.body, foreach="letters")

    @step
    def body(self):
        if self.input == "y":
            raise ValueError("bad letter " + self.input)
        self.score = ord(self.input)
        self.next(self.join)

    @step
    def join(self, inputs):
        self.best = max(i.score for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        pass
`;

test('a failing foreach task is shown, opened on its traceback, and resumed from the toolbar', async ({ page }) => {
  const file = writeFlow('letters_flow.py', FAILING);
  await openApp(page, file);
  await page.getByTestId('run-button').click();
  await page.getByTestId('run-form-submit').click();
  const failed = await finishedRun(page, 'failed');

  // The card counts what happened, and shows the error's last line.
  await expect(card('body')(page)).toHaveAttribute('data-status', 'failed');
  // The other two items succeeded, never ran, or were running when the failure cancelled the run
  // (two workers race), so only the failed one is certain.
  await expect(page.getByTestId('step-progress-body')).toHaveText(/^1 failed( · \d (succeeded|cancelled|not run))+ of 3$/);
  await expect(page.getByTestId('step-error-body')).toHaveText('ValueError: bad letter y');
  for (const step of ['join', 'end']) {
    await expect(card(step)(page)).toHaveAttribute('data-status', 'not-run');
    await expect(card(step)(page)).toContainText('not run');
  }
  // A click opens the failed task's stderr, with the traceback.
  await card('body')(page).click();
  await expect(page.getByTestId('logs-panel')).toContainText('Traceback');
  await expect(page.getByTestId('logs-panel')).toContainText('ValueError: bad letter y');
  await page.getByTestId('tab-timeline').click();
  await expect(page.getByTestId('timeline')).toContainText(`body · 'y'`);
  await page.screenshot({ path: join(screenshots, 'canvas-failure.png') });

  // Back to edit mode: Resume is still offered. Fix the step, then resume with the code as it is now.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('resume-button')).toBeVisible();
  await card('body')(page).click();
  await page.getByTestId('step-code').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('self.score = ord(self.input)\nself.next(self.join)');
  await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
  await page.getByTestId('resume-button').click();
  const resumed = await finishedRun(page, 'succeeded');
  expect(resumed).not.toBe(failed);
  await expect(page.getByTestId('run-origin')).toContainText(failed.split('/')[1]!.slice(-8));
  await expect(card('start')(page)).toContainText('reused');
  await page.screenshot({ path: join(screenshots, 'canvas-resumed.png') });
  expect(flowbench(['artifact', `${resumed}/end`, 'best'])).toBe('122');
});
