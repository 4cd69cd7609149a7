/**
 * Counted UI actions for the canvas specs (issue 10: each example flow built and run in 15
 * actions or fewer). An action is what a person does once: a click, a drag, a typed string or a
 * key press. Checks between actions (waiting for a card to appear) are not actions.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export const repo = resolve(import.meta.dirname, '..');
export const screenshots = join(repo, 'test-results', 'screenshots');

export type Action =
  | { readonly do: 'click'; readonly what: (page: Page) => Locator; readonly label: string }
  | { readonly do: 'drag'; readonly from: (page: Page) => Locator; readonly to: (page: Page) => Locator; readonly label: string }
  | { readonly do: 'type'; readonly text: string }
  | { readonly do: 'press'; readonly key: string };

export const card = (name: string) => (page: Page): Locator => page.getByTestId(`step-node-${name}`);
export const testId = (id: string) => (page: Page): Locator => page.getByTestId(id);

/** Runs the actions in order and returns how many there were (each one counts once). */
export async function perform(page: Page, actions: readonly Action[], after?: (index: number) => Promise<void>): Promise<number> {
  let count = 0;
  for (const action of actions) {
    switch (action.do) {
      case 'click':
        await action.what(page).click();
        break;
      case 'drag':
        await action.from(page).dragTo(action.to(page));
        break;
      case 'type':
        await page.keyboard.type(action.text);
        break;
      case 'press':
        await page.keyboard.press(action.key);
        break;
    }
    count += 1;
    await after?.(count);
  }
  return count;
}

/** `flowbench …` against the e2e store; stdout, trimmed (the test fails with stderr otherwise). */
export function flowbench(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [join(repo, 'bin/flowbench.cjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, FLOWBENCH_HOME: process.env.FLOWBENCH_E2E_HOME, FLOWBENCH_PYTHON: process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3' },
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

/** The pathspec of the run on screen, once it has ended with `status`. */
export async function finishedRun(page: Page, status: 'succeeded' | 'failed'): Promise<string> {
  const badge = page.getByTestId('run-status');
  await expect(badge).toHaveAttribute('data-status', status, { timeout: 60_000 });
  const pathspec = await badge.getAttribute('title');
  if (pathspec === null) throw new Error('the run status has no pathspec');
  return pathspec;
}

/** Opens the app, with the flow file `open` when given (`?open=` as links and the bench do). */
export async function openApp(page: Page, open?: string): Promise<void> {
  const url = process.env.FLOWBENCH_E2E_URL;
  if (url === undefined) throw new Error('global-setup did not start flowbench serve');
  mkdirSync(screenshots, { recursive: true });
  const target = new URL(url);
  if (open !== undefined) target.searchParams.set('open', open);
  await page.goto(target.toString());
  if (open !== undefined) await expect(page.getByTestId('step-node-start')).toBeVisible();
}

/** Writes a flow file into the folder `flowbench serve` runs in; returns its path. */
export function writeFlow(name: string, source: string): string {
  const file = join(process.env.FLOWBENCH_E2E_FLOWS ?? '', name);
  writeFileSync(file, source);
  return file;
}
