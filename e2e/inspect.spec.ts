/**
 * Issue 7 in Chromium against `flowbench serve` (browser mode): two real runs of a flow with a
 * pandas DataFrame, then — in the app — open a finished run, browse its artifacts, open the table
 * and sort it, a JSON tree, a metric across runs, a SQL query with Ctrl-Enter and completion, its
 * chart and CSV export, and Compare with the one changed parameter and step highlighted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runFlow } from './cli.js';
import { screenshots } from './story.js';

/** A flow name of its own per worker: a retried worker's runs do not mix with the first one's. */
const FLOW_NAME = `InspectFlow${randomBytes(3).toString('hex')}`;
const FLOW = (accuracy: string) => `import base64

import pandas as pd
from flowbench import FlowSpec, Parameter, step

# A 1x1 PNG, saved as bytes: the artifact browser shows it as an image.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


class ${FLOW_NAME}(FlowSpec):
    alpha = Parameter("alpha", default=0.1)

    @step
    def start(self):
        n = 500
        self.scores = pd.DataFrame({
            "id": list(range(n)),
            "score": [((i * 37) % 101) / 100 for i in range(n)],
            "label": ["row %d" % i for i in range(n)],
        })
        self.config = {"layers": [64, 32], "optimizer": {"name": "adam", "lr": 0.001}}
        self.pixel = PIXEL
        self.next(self.end)

    @step
    def end(self):
        self.accuracy = ${accuracy}
`;

let runA = '';
let runB = '';
let file = '';

test.beforeAll(() => {
  const dir = join(process.env.FLOWBENCH_E2E_FLOWS ?? '', 'inspect');
  mkdirSync(dir, { recursive: true });
  mkdirSync(screenshots, { recursive: true });
  file = join(dir, 'inspect_flow.py');
  writeFileSync(file, FLOW('0.5 + self.alpha'));
  runA = runFlow(file, { alpha: '0.1' });
  // The second run changes one parameter and the code of one step.
  writeFileSync(file, FLOW('0.4 + self.alpha'));
  runB = runFlow(file, { alpha: '0.3' });
});

async function openRunsTab(page: Page): Promise<void> {
  await page.goto(`${process.env.FLOWBENCH_E2E_URL}&open=${encodeURIComponent(file)}`);
  await page.getByTestId('tab-runs').click();
  await expect(page.locator(`tr[data-run="${runB}"]`)).toBeVisible();
}

test('open a finished run, browse a table artifact and sort it, a JSON tree, an image, a metric across runs', async ({ page }) => {
  await openRunsTab(page);
  await page.locator(`tr[data-run="${runB}"]`).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded');
  await page.getByTestId('run-inspect').click();

  const browser = page.getByTestId('artifact-browser');
  await expect(browser).toBeVisible();
  await browser.locator('[data-testid^="browser-task-start-"]').click();
  await page.getByTestId('browser-artifact-scores').click();
  const grid = page.getByTestId('artifact-grid');
  const firstId = grid.locator('[data-row="0"] [role="gridcell"]').first();
  await expect(firstId).toHaveText('0');
  await expect(page.getByTestId('table-rows')).toContainText('of 500');
  await expect(page.getByTestId('column-summary-score').locator('[data-field="max"]')).toHaveText('1');
  await expect(page.getByTestId('column-summary-id').locator('[data-field="nulls"]')).toHaveText('0');
  // Counted exactly (count DISTINCT) on a table of this size: no "≈".
  await expect(page.getByTestId('column-summary-id').locator('[data-field="distinct"]')).toHaveText('500');

  // Sorted by the engine: the whole table, descending after two clicks on the header.
  const idHeader = grid.getByRole('button', { name: /^id/ });
  await idHeader.click();
  await idHeader.click();
  await expect(page.getByTestId('table-artifact')).toHaveAttribute('data-sort', 'id desc');
  await expect(firstId).toHaveText('499');
  // Scrolling far down fetches that page.
  await grid.evaluate((el) => (el.scrollTop = 24 * 400));
  await expect(grid.locator('[data-row="400"] [role="gridcell"]').first()).toHaveText('99');
  await page.screenshot({ path: join(screenshots, 'artifact-browser-table.png') });

  await page.getByTestId('browser-artifact-config').click();
  await expect(page.getByTestId('json-tree')).toContainText('"adam"');
  await page.getByTestId('json-tree').getByRole('button', { expanded: true }).nth(1).click();
  await expect(page.getByTestId('json-tree')).not.toContainText('64');

  await page.getByTestId('browser-artifact-pixel').click();
  await expect(page.getByTestId('artifact-image')).toBeVisible();

  // A metric of the end step, charted across both runs.
  await browser.locator('[data-testid^="browser-task-end-"]').click();
  await page.getByTestId('browser-artifact-accuracy').click();
  await page.getByTestId('metric-chart-open').click();
  const chart = page.getByTestId('metric-chart');
  await expect(chart).toHaveAttribute('data-points', '2');
  await page.getByTestId('metric-by').selectOption('alpha');
  await expect(chart.locator('.chart-legend li')).toHaveCount(2);
  await page.screenshot({ path: join(screenshots, 'metric-across-runs.png') });
});

test('a SQL query with completion and Ctrl-Enter, its grid, its chart, a CSV export', async ({ page }) => {
  await openRunsTab(page);
  await page.getByTestId('sql-open').click();
  const editor = page.getByTestId('sql-editor').locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Completion of view names from query.schema.
  await page.keyboard.type('SELECT run_id, value FROM metr');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.cm-tooltip-autocomplete')).toContainText('metrics');
  await page.keyboard.press('Escape');
  await page.keyboard.type(`ics WHERE flow = '${FLOW_NAME}' AND name = 'accuracy' ORDER BY value`);
  await page.keyboard.press('ControlOrMeta+Enter');
  const sqlConsole = page.getByTestId('sql-console');
  await expect(sqlConsole).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('sql-result-line')).toContainText('2 rows');
  const rows = page.getByTestId('sql-grid').locator('[data-row]');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(runA);
  await expect(rows.nth(1)).toContainText(runB);
  // Ctrl-Enter ran the query and nothing else: the run form did not open.
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByTestId('sql-tab-chart').click();
  await expect(page.getByTestId('result-chart')).toHaveAttribute('data-kind', 'bar');
  await expect(page.getByTestId('result-chart').locator('rect.chart-bar')).toHaveCount(2);
  await page.screenshot({ path: join(screenshots, 'sql-console-chart.png') });

  const download = page.waitForEvent('download');
  await page.getByTestId('sql-export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync(await file.path(), 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('run_id,value');
  expect(csv).toHaveLength(3);
  const parquetDownload = page.waitForEvent('download');
  await page.getByTestId('sql-export-parquet').click();
  const parquet = await parquetDownload;
  expect(parquet.suggestedFilename()).toMatch(/\.parquet$/);
  expect(readFileSync(await parquet.path()).subarray(0, 4).toString()).toBe('PAR1');

  // A refused query gets one sentence, and the history keeps what ran.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type("SELECT * FROM read_csv('/etc/passwd')");
  await page.getByTestId('sql-run').click();
  await expect(sqlConsole).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('sql-status')).not.toBeEmpty();
  await expect(page.getByTestId('sql-history')).toContainText("name = 'accuracy'");
});

test('compare two runs: the changed parameter highlighted, only differences, the code diff and the changed step', async ({ page }) => {
  await openRunsTab(page);
  await page.locator(`tr[data-run="${runA}"]`).getByTestId('run-pick').check();
  await page.locator(`tr[data-run="${runB}"]`).getByTestId('run-pick').check();
  await page.getByTestId('compare-open').click();
  const panel = page.getByTestId('compare-panel');
  await expect(panel).toBeVisible();
  const alpha = page.getByTestId('compare-param-alpha');
  await expect(alpha).toHaveAttribute('data-same', 'false');
  await expect(alpha).toHaveClass(/differs/);
  await expect(page.getByTestId('compare-artifact-start-scores')).toHaveAttribute('data-same', 'true');
  await expect(page.getByTestId('code-diff')).toHaveAttribute('data-identical', 'false');
  await expect(page.getByTestId('code-diff').locator('.diff-ins')).toContainText('0.4 + self.alpha');
  await expect(page.getByTestId('graph-diff').locator('[data-changed="true"]')).toHaveAttribute('data-step', 'end');
  await page.screenshot({ path: join(screenshots, 'compare.png'), fullPage: true });

  await page.getByTestId('compare-only-diff').check();
  await expect(page.getByTestId('compare-artifact-start-scores')).toHaveCount(0);
  await expect(alpha).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
});
