import { assertNever } from '../errors/assert-never.js';
import type { RunEvent } from '../runtime/events.js';
import type { TaskRecord } from '../store/records.js';
import type { RunSummary as StoredRun } from '../store/run-store.js';
import type { RunSummary, TaskState, TaskSummary } from './contract.js';

/**
 * A run as the runs list shows it. `pulled`: a teammate's run (engine/index/pulled-run.ts's
 * `isPulledRun`, the test the index uses too).
 */
export function toRunSummary(stored: StoredRun, pulled = false): RunSummary {
  const { record, end } = stored;
  const finishedAt = end?.finishedAt ?? null;
  const message = end?.message ?? stored.statusNote;
  return {
    flow: record.flow,
    runId: record.runId,
    pathspec: `${record.flow}/${record.runId}`,
    status: stored.status,
    user: record.user,
    tags: record.tags,
    parameters: record.parameters,
    startedAt: record.startedAt,
    finishedAt,
    durationMs: finishedAt === null ? null : Math.max(0, Date.parse(finishedAt) - Date.parse(record.startedAt)),
    flowFile: record.flowFile,
    backend: record.backend,
    ...(message !== undefined ? { message } : {}),
    ...(record.origin ? { origin: `${record.flow}/${record.origin.runId}` } : {}),
    ...(pulled ? { pulled: true } : {}),
  };
}

/** A finished task from its record. */
export function toTaskSummary(runPathspec: string, task: TaskRecord): TaskSummary {
  const foreach = [...task.splitStack].reverse().find((frame) => frame.kind === 'foreach');
  const failure = task.exception ?? undefined;
  return {
    step: task.step,
    taskId: task.taskId,
    pathspec: `${runPathspec}/${task.step}/${task.taskId}`,
    status: task.status,
    attempt: Math.max(0, task.attempts - 1),
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    ...(foreach ? { foreachIndex: foreach.index, foreachWidth: foreach.width } : {}),
    artifacts: Object.entries(task.artifacts)
      .filter(([name]) => !name.startsWith('_'))
      .map(([name, artifact]) => ({ name, type: artifact.type, size: artifact.size, preview: artifact.preview })),
    ...(failure ? { message: `${failure.type}: ${failure.message}` } : {}),
  };
}

/** What the events of a live run say about one task so far. */
export interface LiveTask {
  readonly step: string;
  readonly taskId: string;
  status: TaskState;
  attempt: number;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
}

/**
 * Folds one run event into the live task table. The store has a task's full record only once it
 * is done; until then (queued, running, retrying) the events are the only source.
 */
export function applyRunEvent(tasks: Map<string, LiveTask>, event: RunEvent, now: () => string): void {
  switch (event.type) {
    case 'task-queued':
      tasks.set(event.taskId, { step: event.step, taskId: event.taskId, status: 'queued', attempt: 0 });
      return;
    case 'task-started': {
      const task = taskOf(tasks, event.step, event.taskId);
      task.status = 'running';
      task.attempt = event.attempt;
      task.startedAt ??= now();
      return;
    }
    case 'task-retrying': {
      const task = taskOf(tasks, event.step, event.taskId);
      task.status = 'retrying';
      task.attempt = event.attempt;
      task.message = event.reason;
      return;
    }
    case 'task-finished': {
      const task = taskOf(tasks, event.step, event.taskId);
      task.status = event.status;
      task.finishedAt = now();
      if (event.message !== undefined) task.message = event.message;
      return;
    }
    case 'run-started':
    case 'run-finished':
    case 'task-log':
      return;
    default:
      assertNever(event, 'run event');
  }
}

function taskOf(tasks: Map<string, LiveTask>, step: string, taskId: string): LiveTask {
  let task = tasks.get(taskId);
  if (!task) {
    task = { step, taskId, status: 'queued', attempt: 0 };
    tasks.set(taskId, task);
  }
  return task;
}

/** Stored records win (they carry artifacts); live tasks fill in what has no record yet. */
export function mergeTasks(runPathspec: string, stored: readonly TaskRecord[], live: ReadonlyMap<string, LiveTask> | undefined): TaskSummary[] {
  const byId = new Map(stored.map((task) => [task.taskId, toTaskSummary(runPathspec, task)]));
  for (const task of live?.values() ?? []) {
    if (byId.has(task.taskId)) continue;
    byId.set(task.taskId, {
      step: task.step,
      taskId: task.taskId,
      pathspec: `${runPathspec}/${task.step}/${task.taskId}`,
      status: task.status,
      attempt: task.attempt,
      ...(task.startedAt !== undefined ? { startedAt: task.startedAt } : {}),
      ...(task.finishedAt !== undefined ? { finishedAt: task.finishedAt } : {}),
      ...(task.message !== undefined ? { message: task.message } : {}),
      artifacts: [],
    });
  }
  return [...byId.values()].sort((a, b) => Number(a.taskId) - Number(b.taskId));
}
