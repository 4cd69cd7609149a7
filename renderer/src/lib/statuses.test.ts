import { describe, expect, test } from 'vitest';
import type { TaskSummary } from '../api/contract-types.js';
import { stepStates, taskToOpen } from './statuses.js';

const graph = { steps: ['start', 'body', 'join', 'end'].map((name) => ({ name })) } as never;
const task = (step: string, taskId: string, status: TaskSummary['status'], extra: Partial<TaskSummary> = {}): TaskSummary => ({
  step,
  taskId,
  pathspec: `F/1/${step}/${taskId}`,
  status,
  attempt: 0,
  artifacts: [],
  ...extra,
});

describe('stepStates', () => {
  const tasks = [
    task('start', '1', 'succeeded'),
    task('body', '2', 'succeeded', { foreachIndex: 0, foreachWidth: 3 }),
    task('body', '3', 'failed', { foreachIndex: 1, foreachWidth: 3, message: 'Traceback (most recent call last):\n  File "f.py", line 9\nValueError: bad letter y' }),
  ];

  test('a foreach counts what happened to each of its items, and shows the failure', () => {
    const states = stepStates(tasks, graph, 'failed');
    expect(states['body']).toMatchObject({ status: 'failed', counts: '1 failed · 1 succeeded · 1 not run of 3', error: 'ValueError: bad letter y' });
  });

  test('steps that never ran read not run once the run ended, queued while it goes', () => {
    expect(stepStates(tasks, graph, 'failed')['join']?.status).toBe('not-run');
    expect(stepStates([...tasks, task('join', '5', 'queued')], graph, 'cancelled')['join']?.status).toBe('not-run');
    expect(stepStates(tasks, graph, 'running')['join']?.status).toBe('queued');
    expect(stepStates(tasks, graph, 'running')['body']?.counts).toBe('1 failed · 1 succeeded · 1 queued of 3');
  });

  test('a click opens the failed task, not the first', () => {
    expect(taskToOpen(tasks, 'body')?.taskId).toBe('3');
  });
});
