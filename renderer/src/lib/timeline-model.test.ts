import { describe, expect, test } from 'vitest';
import type { TaskSummary } from '../api/contract-types.js';
import { TIMELINE_ROW_PX, timelineModel, timelineSpan, visibleRows } from './timeline-model.js';

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const task = (taskId: string, startedAt?: string, finishedAt?: string): TaskSummary => ({
  step: 'work',
  taskId,
  pathspec: `F/1/work/${taskId}`,
  status: finishedAt ? 'succeeded' : startedAt ? 'running' : 'queued',
  attempt: 0,
  artifacts: [],
  ...(startedAt ? { startedAt } : {}),
  ...(finishedAt ? { finishedAt } : {}),
});

describe('timelineModel', () => {
  test('keeps the started tasks in order, with the axis from the first start to the last end', () => {
    const model = timelineModel([task('2', at(1), at(3)), task('3'), task('4', at(2))], at(0));
    expect(model.tasks.map((t) => t.taskId)).toEqual(['2', '4']);
    expect(model.running).toBe(1);
    expect(model.t0).toBe(Date.parse(at(0)));
    // A task still running stretches the axis to now.
    expect(timelineSpan(model, Date.parse(at(10)))).toBe(10_000);
    const ended = timelineModel([task('2', at(1), at(3))], at(0));
    expect(timelineSpan(ended, Date.parse(at(10)))).toBe(3000);
  });

  test('a task that started before the recorded run start moves the axis start', () => {
    expect(timelineModel([task('2', at(1), at(2))], at(5)).t0).toBe(Date.parse(at(1)));
  });
});

describe('visibleRows', () => {
  test('draws the rows in view and a few around them, never past the ends', () => {
    expect(visibleRows(10_000, 0, 180)).toEqual({ first: 0, last: 18 });
    const middle = visibleRows(10_000, 5000 * TIMELINE_ROW_PX, 180);
    expect(middle.first).toBe(4992);
    expect(middle.last - middle.first).toBeLessThan(30);
    expect(visibleRows(10_000, 10_000 * TIMELINE_ROW_PX, 180)).toEqual({ first: 9992, last: 10_000 });
    expect(visibleRows(3, 0, 500)).toEqual({ first: 0, last: 3 });
  });
});
