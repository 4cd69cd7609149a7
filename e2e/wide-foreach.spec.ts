/**
 * A wide foreach followed live (issue 11): 300 tasks started from the run form in browser mode,
 * their events arriving in batches. At the end the canvas counts every task of the foreach step,
 * and the timeline (which draws only the rows in view) has a row for every task of the run,
 * read by scrolling it from top to bottom. No timing is asserted.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { card, finishedRun, flowbench, openApp, screenshots, writeFlow } from './canvas-actions.js';

const WIDTH = 300;
/** The timeline's row pitch (TIMELINE_ROW_PX in renderer/src/lib/timeline-model.ts). */
const ROW_PX = 18;

const WIDE = `from flowbench import FlowSpec, Parameter, step


class WideFlow(FlowSpec):
    width = Parameter("width", default=3)

    @step
    def start(self):
        self.items = list(range(int(self.width)))
        self.next(self.work, foreach="items")

    @step
    def work(self):
        self.square = self.input * self.input
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(i.square for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        pass
`;

test(`a foreach of ${WIDTH} tasks: the canvas counts them all and the timeline has a row for each`, async ({ page }) => {
  test.setTimeout(10 * 60_000);
  const file = writeFlow('wide_flow.py', WIDE);
  await openApp(page, file);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('run-button').click();
  await page.locator('#param-width').fill(String(WIDTH));
  await page.getByTestId('run-form-submit').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 8 * 60_000 });
  const run = await finishedRun(page, 'succeeded');

  // The canvas: the foreach step's card counts every task; every step succeeded.
  await expect(page.getByTestId('step-progress-work')).toHaveText(`${WIDTH} succeeded of ${WIDTH}`);
  for (const step of ['start', 'work', 'join', 'end']) await expect(card(step)(page)).toHaveAttribute('data-status', 'succeeded');

  // The timeline: one row per task of the run (start, the foreach's tasks, join, end), every one
  // of them reached by scrolling, each a succeeded bar.
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-rows', String(WIDTH + 3));
  const seen = await timeline.evaluate(async (el, rowPx) => {
    const rows = new Map<string, string>();
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));
    for (let top = 0; ; top += Math.max(1, el.clientHeight - 40)) {
      el.scrollTop = top;
      // Wait until the timeline has drawn the rows of this scroll position (its first row in view).
      const first = Math.floor(el.scrollTop / rowPx) + 1;
      for (let i = 0; i < 200 && el.querySelector(`[aria-rowindex="${first}"]`) === null; i += 1) await pause();
      for (const row of el.querySelectorAll('[data-testid^="timeline-task-"]')) {
        rows.set(row.getAttribute('data-testid') ?? '', row.querySelector('.timeline-bar')?.className ?? '');
      }
      if (top + el.clientHeight >= el.scrollHeight) break;
    }
    return [...rows.entries()];
  }, ROW_PX);
  expect(seen).toHaveLength(WIDTH + 3);
  expect(seen.filter(([, bar]) => !bar.includes('status-succeeded'))).toEqual([]);
  // Far fewer rows are in the page than there are tasks: the timeline draws what is in view.
  expect(await timeline.locator('[data-testid^="timeline-task-"]').count()).toBeLessThan(WIDTH / 2);
  await page.screenshot({ path: join(screenshots, 'wide-foreach.png') });

  // The join read every input.
  const expected = Array.from({ length: WIDTH }, (_, i) => i * i).reduce((a, b) => a + b, 0);
  expect(flowbench(['artifact', `${run}/join`, 'total'])).toBe(String(expected));
});
