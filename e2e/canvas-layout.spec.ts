/**
 * Auto-layout keeps `self.next(self.a, self.b)` left to right; the first frame that shows the
 * cards is the final one (fitted, every edge drawn); and the step code editor (and a newly added
 * step) follow the file's own indentation, in a 4-space and a 2-space file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { card, openApp, screenshots, writeFlow } from './canvas-actions.js';

const BRANCH = `from flowbench import FlowSpec, step


class OrderFlow(FlowSpec):
    @step
    def start(self):
        self.x = 0
        self.next(self.a, self.b, self.c)

    @step
    def a(self):
        self.x += 2
        self.next(self.join)

    @step
    def b(self):
        self.x += 3
        self.next(self.join)

    @step
    def c(self):
        self.x += 4
        self.next(self.join)

    @step
    def join(self, inputs):
        self.x = max(i.x for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        pass
`;

const x = async (page: Page, step: string): Promise<number> => (await card(step)(page).boundingBox())?.x ?? NaN;

test('auto-layout draws the targets of self.next(self.a, self.b, self.c) left to right', async ({ page }) => {
  await openApp(page, writeFlow('order_flow.py', BRANCH));
  await page.getByRole('button', { name: 'Layout' }).click();
  await expect.poll(async () => (await x(page, 'a')) < (await x(page, 'b')) && (await x(page, 'b')) < (await x(page, 'c'))).toBe(true);
  await page.getByTestId('canvas').screenshot({ path: join(screenshots, 'canvas-layout-order.png') });
});

/** The little of the page's DOM that shownView reads (e2e/ is compiled without the DOM's types). */
interface PageElement {
  style: { visibility: string; transform: string };
  getAttribute(name: string): string | null;
}
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  querySelector(selector: string): PageElement | null;
}

/**
 * Runs in the page: the view's transform and where each drawn edge starts and ends (rounded),
 * once all `n` cards are in the page and visible; false before.
 */
function shownView(n: number): false | { transform: string; ends: number[][] } {
  const page = (globalThis as unknown as { document: PageDocument }).document;
  const nodes = Array.from(page.querySelectorAll('.react-flow__node'));
  if (nodes.length < n || nodes.some((node) => node.style.visibility === 'hidden')) return false;
  const ends = Array.from(page.querySelectorAll('.react-flow__edge-path')).map((edge) => {
    const v = (edge.getAttribute('d') ?? '').match(/-?[0-9.]+/g)?.map(Number) ?? [];
    return [v[0] ?? NaN, v[1] ?? NaN, v[v.length - 2] ?? NaN, v[v.length - 1] ?? NaN].map(Math.round);
  });
  return { transform: page.querySelector('.react-flow__viewport')?.style.transform ?? '', ends };
}

test('the first frame with the cards in it is final: fitted, every edge drawn (issue 11)', async ({ page }) => {
  const url = new URL(process.env.FLOWBENCH_E2E_URL ?? '');
  url.searchParams.set('open', writeFlow('first_paint_flow.py', BRANCH.replace('OrderFlow', 'FirstPaintFlow')));
  await page.goto(url.toString(), { waitUntil: 'commit' });
  // Read in the animation frame that first has all six cards visible, before it is painted.
  const first = await (await page.waitForFunction(shownView, 6, { polling: 'raf' })).jsonValue();
  expect(first !== false && first.ends).toHaveLength(7);
  // By now React Flow has measured every card and fitted the measured cards: nothing moved.
  await page.waitForTimeout(1000);
  expect(await page.evaluate(shownView, 6)).toEqual(first);
});

/** A flow indented with `unit`; `start` has a body to extend. */
const indented = (unit: string): string =>
  ['from flowbench import FlowSpec, step', '', '', 'class IndentFlow(FlowSpec):', `${unit}@step`, `${unit}def start(self):`, `${unit}${unit}self.total = 0`, `${unit}${unit}self.next(self.end)`, '', `${unit}@step`, `${unit}def end(self):`, `${unit}${unit}pass`, ''].join('\n');

for (const [label, unit] of [['4-space', '    '], ['2-space', '  ']] as const) {
  test(`the step code editor indents as the ${label} file does, and a new step keeps its style`, async ({ page }) => {
    const file = writeFlow(`indent_${unit.length}_flow.py`, indented(unit));
    await openApp(page, file);
    await card('start')(page).click();
    await page.getByTestId('step-code').locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('for i in range(3):');
    // The editor indents from its syntax tree, which it parses in the background: wait until the
    // new line is parsed (its keyword highlighted), as a person's typing speed always does.
    await expect(page.getByTestId('step-code').locator('.cm-line span', { hasText: /^for$/ })).toBeVisible();
    await page.keyboard.press('Enter'); // the editor indents the loop's body by one of the file's units
    await page.keyboard.type('self.total += i');
    await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
    const body = `${unit}${unit}for i in range(3):\n${unit}${unit}${unit}self.total += i\n`;
    await expect.poll(() => readFileSync(file, 'utf8')).toContain(body);

    await page.getByTestId('palette-item-step').click();
    await expect.poll(() => readFileSync(file, 'utf8')).toContain(`${unit}@step\n${unit}def step_1(self):\n${unit}${unit}pass\n`);
  });
}
