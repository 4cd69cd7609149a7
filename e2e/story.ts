/**
 * The story both specs tell (browser mode and Electron): from an empty flow, build
 * start → foreach → body → join → end with the mouse (a foreach dropped onto an edge), type code into the steps, run it, watch every
 * node succeed, read a task's logs and an artifact, and check the saved file runs from the CLI too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export const repo = resolve(import.meta.dirname, '..');
export const screenshots = join(repo, 'test-results', 'screenshots');

const node = (page: Page, name: string): Locator => page.getByTestId(`step-node-${name}`);

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error('element not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a palette item onto the canvas at (x, y) relative to the canvas' top-left corner. */
export async function dropStep(page: Page, kind: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-item-${kind}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drags from one node's bottom (source) handle to another's top (target) handle. */
export async function connect(page: Page, from: string, to: string): Promise<void> {
  const a = await centre(node(page, from).locator('.react-flow__handle.source'));
  const b = await centre(node(page, to).locator('.react-flow__handle.target'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator(`.react-flow__edge[data-id="${from}->${to}"]`)).toHaveCount(1);
}

/** Clicks the middle of the edge between two vertically placed nodes (selecting it). */
export async function clickEdge(page: Page, from: string, to: string): Promise<void> {
  const a = await centre(node(page, from).locator('.react-flow__handle.source'));
  const b = await centre(node(page, to).locator('.react-flow__handle.target'));
  await page.mouse.click((a.x + b.x) / 2, (a.y + b.y) / 2);
  await expect(page.locator(`.react-flow__edge[data-id="${from}->${to}"]`)).toHaveClass(/selected/);
}

/** Replaces the selected step's code in the inspector's editor by typing it. */
export async function typeStepCode(page: Page, step: string, lines: string[]): Promise<void> {
  await node(page, step).locator('.step-name').click();
  const editor = page.getByTestId('step-code').locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.press('Home'); // CodeMirror keeps the indentation of the previous line
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(line);
  }
  // Leaving the editor saves the body (flows.edit setStepBody).
  await page.getByTestId('canvas').click({ position: { x: 10, y: 10 } });
}

export async function tellTheStory(page: Page, flowsDir: string, flowFile: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });

  // 1. A new flow from the 'empty' template: start → end.
  await page.getByTestId('new-flow-button').click();
  await page.getByLabel('New flow file name').fill(flowFile);
  await page.getByLabel('Template').selectOption('empty');
  await page.getByTestId('new-flow-submit').click();
  await expect(node(page, 'start')).toBeVisible();
  await expect(node(page, 'end')).toBeVisible();

  // 2. Drop a foreach onto the start → end edge: it asks for its list's name (Enter keeps
  //    `items`) and inserts its split, body and join into the edge, already wired.
  const a = await centre(node(page, 'start').locator('.react-flow__handle.source'));
  const b = await centre(node(page, 'end').locator('.react-flow__handle.target'));
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (canvas === null) throw new Error('no canvas');
  await dropStep(page, 'foreach', (a.x + b.x) / 2 - canvas.x, (a.y + b.y) / 2 - canvas.y);
  await page.getByLabel('Foreach list name').press('Enter');
  for (const step of ['foreach_1', 'body', 'join']) await expect(node(page, step)).toBeVisible();
  await expect(node(page, 'foreach_1')).toHaveAttribute('data-kind', 'foreach');
  await expect(page.locator('.react-flow__edge[data-id="foreach_1->body"]')).toContainText('items');
  await expect(page.locator('.react-flow__edge[data-id="join->end"]')).toHaveCount(1);

  // 3. Take the edge join → end away and draw it again with the mouse.
  await clickEdge(page, 'join', 'end');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge[data-id="join->end"]')).toHaveCount(0);
  await connect(page, 'join', 'end');

  // Tidy up with the automatic layout (dagre), saved to the sidecar.
  await page.getByRole('button', { name: 'Layout' }).click();

  // 4. Code typed into the steps in the inspector.
  await typeStepCode(page, 'foreach_1', ['self.items = [1, 2, 3]', 'print("fanning out over", self.items)', 'self.next(self.body, foreach="items")']);
  await typeStepCode(page, 'join', ['print("joined", len(inputs), "inputs")', 'self.next(self.end)']);
  const code = page.getByTestId('code-view');
  await expect(code).toContainText('self.items = [1, 2, 3]');
  await expect(code).toContainText('print("joined", len(inputs), "inputs")');
  await page.getByTestId('canvas').screenshot({ path: join(screenshots, 'canvas.png') });
  await code.screenshot({ path: join(screenshots, 'code-view.png') });

  // 5. Run it and watch every node succeed.
  await page.getByTestId('run-button').click();
  await page.getByTestId('run-form-submit').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  for (const step of ['start', 'foreach_1', 'body', 'join', 'end']) {
    await expect(node(page, step)).toHaveAttribute('data-status', 'succeeded');
  }

  // 6. A task's logs.
  await node(page, 'join').click();
  await expect(page.getByTestId('logs-panel')).toContainText('joined 3 inputs');
  await page.screenshot({ path: join(screenshots, 'run-view.png') });

  // 6b. The artifact a task set: foreach_1's `items`, loaded and shown in the Artifacts tab.
  await node(page, 'foreach_1').click();
  await page.getByTestId('tab-artifacts').click();
  await page.getByTestId('artifacts-panel').getByTestId('artifact-row-items').click();
  await expect(page.getByTestId('artifact-value')).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId('artifact-value')).toHaveText(/\[\s*1,\s*2,\s*3\s*\]/);
  await page.getByTestId('artifacts-panel').screenshot({ path: join(screenshots, 'artifacts.png') });

  // 7. The saved file runs from the CLI too.
  const file = join(flowsDir, flowFile);
  expect(readFileSync(file, 'utf8')).toContain('self.next(self.body, foreach="items")');
  const cli = spawnSync(process.execPath, [join(repo, 'bin/flowbench.cjs'), 'run', file, '--json'], {
    encoding: 'utf8',
    env: { ...process.env, FLOWBENCH_HOME: process.env.FLOWBENCH_E2E_HOME, FLOWBENCH_PYTHON: process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3' },
    timeout: 60_000,
  });
  const result = JSON.parse(cli.stdout.trim().split('\n')[0] ?? '{}') as { status?: string };
  expect(result.status, cli.stderr).toBe('succeeded');
}
