import { assertNever } from '../errors/assert-never.js';
import type { TaskStatus } from '../store/records.js';
import type { RunEvent } from './events.js';

/**
 * The fold of run events into task states: the one copy, used by the API's live runs and by
 * the app's run view (a pure module: no Node, listed in eslint.config.js PURE_ENGINE_MODULES).
 */

/** A task's state as the events tell it: queued → running ⇄ retrying → how it ended. */
export type TaskState = 'queued' | 'running' | 'retrying' | TaskStatus;

/** What the events of a live run say about one task so far. */
export interface LiveTask {
  readonly step: string;
  readonly taskId: string;
  readonly status: TaskState;
  readonly attempt: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly message?: string;
  /** Resume reused the origin run's task instead of running it. */
  readonly reused?: boolean;
}

/** The event's task: `[step, taskId]`, or null for run-level events and logs. */
export function eventTask(event: RunEvent): { step: string; taskId: string } | null {
  switch (event.type) {
    case 'task-queued':
    case 'task-started':
    case 'task-retrying':
    case 'task-finished':
      return { step: event.step, taskId: event.taskId };
    case 'run-started':
    case 'run-finished':
    case 'task-log':
      return null;
    default:
      return assertNever(event, 'run event');
  }
}

/**
 * One task after one event (a new object; `task` is left as it was). A task event for a task not
 * seen yet starts from `queued`. Events that are not about a task's state return `task` itself.
 *
 * @example
 * let t = foldTaskEvent(undefined, { type: 'task-queued', step: 'a', taskId: '2' }, now); // queued
 * t = foldTaskEvent(t, { type: 'task-started', step: 'a', taskId: '2', attempt: 0 }, now); // running
 */
export function foldTaskEvent<T extends LiveTask>(task: T | undefined, event: RunEvent, now: () => string): T | LiveTask | undefined {
  const at = eventTask(event);
  if (at === null) return task;
  const base: LiveTask = task ?? { step: at.step, taskId: at.taskId, status: 'queued', attempt: 0 };
  switch (event.type) {
    case 'task-queued':
      return task ?? base;
    case 'task-started':
      return { ...base, status: 'running', attempt: event.attempt, startedAt: base.startedAt ?? now() };
    case 'task-retrying':
      return { ...base, status: 'retrying', attempt: event.attempt, message: event.reason };
    case 'task-finished': {
      const finishedAt = now();
      const startedAt = base.startedAt ?? new Date(Date.parse(finishedAt) - event.durationMs).toISOString();
      return {
        ...base,
        status: event.status,
        startedAt,
        finishedAt,
        ...(event.message !== undefined ? { message: event.message } : {}),
        ...(event.cloned ? { reused: true } : {}),
      };
    }
    default:
      return task;
  }
}

/** Folds one event into a table of tasks by id (in place: the API's live runs keep one). */
export function applyRunEvent(tasks: Map<string, LiveTask>, event: RunEvent, now: () => string): void {
  const at = eventTask(event);
  if (at === null) return;
  const next = foldTaskEvent(tasks.get(at.taskId), event, now);
  if (next !== undefined) tasks.set(at.taskId, next);
}
