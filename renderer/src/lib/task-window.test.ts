import { describe, expect, test } from 'vitest';
import type { TaskSummary } from '../api/contract-types.js';
import { PICKER_OPTIONS, pickerWindow } from './task-window.js';

const tasks = (n: number, failed: readonly number[] = []): TaskSummary[] =>
  Array.from({ length: n }, (_, i) => ({
    step: 'work',
    taskId: String(i + 2),
    pathspec: `F/1/work/${i + 2}`,
    status: failed.includes(i) ? 'failed' : 'succeeded',
    attempt: 0,
    artifacts: [],
    foreachIndex: i,
  }));

describe('pickerWindow', () => {
  test('a few tasks are all listed', () => {
    const few = tasks(PICKER_OPTIONS);
    expect(pickerWindow(few, null)).toEqual({ options: few, wide: false });
  });

  test('many: the failed ones first, then a window around the chosen task, which is always listed', () => {
    const all = tasks(10_000, [9000, 3]);
    const { options, wide } = pickerWindow(all, all[5000]!.pathspec);
    expect(wide).toBe(true);
    expect(options).toHaveLength(PICKER_OPTIONS);
    expect(options.slice(0, 2).map((t) => t.foreachIndex)).toEqual([3, 9000]);
    expect(options.map((t) => t.pathspec)).toContain(all[5000]!.pathspec);
    expect(new Set(options).size).toBe(options.length);
    // At the end of the list the window stays full.
    expect(pickerWindow(all, all[9999]!.pathspec).options.at(-1)?.foreachIndex).toBe(9999);
  });
});
