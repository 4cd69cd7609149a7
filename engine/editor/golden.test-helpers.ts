/** Test support: golden fixtures for edits and the "untouched lines are kept" check. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseFlow } from '../graph/index.js';
import { applyEdit } from './apply-edit.js';
import type { FlowEdit } from './edits.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const graphFixtures = join(here, '..', 'graph', 'fixtures');

/**
 * A flow to edit: fixtures/before/<name>.py for the few flows only the editor needs, else the
 * parser's own fixture engine/graph/fixtures/<name>.py, so the two never drift apart.
 */
export function before(name: string): string {
  const own = join(fixtures, 'before', `${name}.py`);
  return readFileSync(existsSync(own) ? own : join(graphFixtures, `${name}.py`), 'utf8');
}

/** Lines of `a` that are not in `b`, by a longest common subsequence of whole lines (line breaks included). */
export function removedLines(a: string, b: string): string[] {
  const x = a.split(/(?<=\n)/);
  const y = b.split(/(?<=\n)/);
  const table: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      table[i]![j] = x[i] === y[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const removed: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length) {
    if (j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (j < y.length && table[i]![j + 1]! >= table[i + 1]![j]!) j++;
    else removed.push(x[i++]!);
  }
  return removed;
}

export interface EditCase {
  readonly name: string;
  readonly before: string;
  readonly edit: FlowEdit;
  /**
   * What the original lines the edit may change or remove contain (a blank string: a blank line);
   * every other line must survive byte for byte.
   */
  readonly touches: readonly string[];
}

/**
 * Applies the case's edit and compares with fixtures/after/<name>.py (written on the first run
 * when FLOWBENCH_UPDATE_FIXTURES=1, to be reviewed by a person). Also checks the result parses
 * as well as the original and keeps every line the edit does not concern.
 */
export function checkEditCase(c: EditCase): void {
  const source = before(c.before);
  const result = applyEdit(source, c.edit);
  if (!result.ok) throw new Error(`${c.name}: refused: ${result.reason}`);
  const afterPath = join(fixtures, 'after', `${c.name}.py`);
  if (!existsSync(afterPath) && process.env['FLOWBENCH_UPDATE_FIXTURES'] === '1') writeFileSync(afterPath, result.source);
  expect(result.source).toBe(readFileSync(afterPath, 'utf8'));
  expect(parseFlow(result.source).problems).toEqual(parseFlow(source).problems.length === 0 ? [] : expect.anything());
  for (const line of removedLines(source, result.source)) {
    expect(c.touches.some((t) => (t.trim() === '' ? line.trim() === '' : line.includes(t))), `${c.name}: line changed but not expected to: ${JSON.stringify(line)}`).toBe(true);
  }
  if (source.includes('\r\n')) expect(result.source.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
}
