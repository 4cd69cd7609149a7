/**
 * Folds one batch of run events into the run on screen, for ONE store update per batch: the
 * tasks are copied once (not once per event) and found through an index by `step/taskId` (not by
 * a scan per event), log lines are joined once. The per-task fold is the engine's own
 * (engine/runtime/task-states.ts), so the app and the API agree on every task's state.
 */
import { foldTaskEvent } from '../../../engine/runtime/task-states.js';
import type { RunDetails, RunEvent, TaskSummary } from '../api/contract-types.js';
import { assertNever } from '../lib/assert-never.js';

/** The part of the run store a batch changes. */
export interface RunViewState {
  readonly detail: RunDetails | null;
  readonly selectedTask: string | null;
  readonly logs: { readonly stdout: string; readonly stderr: string };
}

export class BatchFold {
  private detail: RunDetails | null;
  /** The batch's copy of the tasks, made at its first task change. */
  private tasks: TaskSummary[] | null = null;
  private index = new Map<string, number>();
  private readonly lines = { stdout: [] as string[], stderr: [] as string[] };
  private changed = false;

  /** `now`: the time the batch arrived, for the tasks it starts and ends (records replace it at the end). */
  constructor(
    private readonly state: RunViewState,
    private readonly now: string,
  ) {
    this.detail = state.detail;
  }

  /** Applies one event of the run on screen (`pathspec`); true when it changed what is shown. */
  apply(pathspec: string, event: RunEvent): boolean {
    switch (event.type) {
      case 'run-started':
        return false;
      case 'task-queued':
      case 'task-started':
      case 'task-retrying':
      case 'task-finished': {
        if (this.detail === null) return false;
        const tasks = this.ownTasks(this.detail);
        const key = `${event.step}/${event.taskId}`;
        const at = this.index.get(key);
        const before = at === undefined ? undefined : tasks[at];
        const after = foldTaskEvent(before, event, () => this.now);
        if (after === undefined || after === before) return false;
        const task: TaskSummary = { pathspec: `${pathspec}/${event.step}/${event.taskId}`, artifacts: [], ...before, ...after };
        if (at === undefined) {
          this.index.set(key, tasks.length);
          tasks.push(task);
        } else {
          tasks[at] = task;
        }
        this.changed = true;
        return true;
      }
      case 'task-log':
        if (this.state.selectedTask !== `${pathspec}/${event.step}/${event.taskId}`) return false;
        this.lines[event.stream].push(event.line + '\n');
        this.changed = true;
        return true;
      case 'run-finished':
        if (this.detail !== null) {
          const durationMs = Date.parse(this.now) - Date.parse(this.detail.run.startedAt);
          this.detail = { ...this.detail, run: { ...this.detail.run, status: event.status, finishedAt: this.now, durationMs } };
          this.changed = true;
        }
        return true;
      default:
        return assertNever(event);
    }
  }

  /** What to set in the store for the whole batch, or null when it changed nothing. */
  changes(): Partial<RunViewState> | null {
    if (!this.changed) return null;
    const out: { detail?: RunDetails; logs?: RunViewState['logs'] } = {};
    if (this.detail !== null && (this.detail !== this.state.detail || this.tasks !== null)) {
      out.detail = { ...this.detail, tasks: this.tasks ?? this.detail.tasks };
    }
    if (this.lines.stdout.length > 0 || this.lines.stderr.length > 0) {
      const logs = this.state.logs;
      out.logs = { stdout: logs.stdout + this.lines.stdout.join(''), stderr: logs.stderr + this.lines.stderr.join('') };
    }
    return out;
  }

  private ownTasks(detail: RunDetails): TaskSummary[] {
    if (this.tasks === null) {
      this.tasks = [...detail.tasks];
      this.tasks.forEach((t, i) => this.index.set(`${t.step}/${t.taskId}`, i));
    }
    return this.tasks;
  }
}
