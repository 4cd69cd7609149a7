/** One status per step from its tasks, for the node dot, `data-status` and the card's counts. */
import type { FlowGraph, RunSummary, TaskStatusValue, TaskSummary } from '../api/contract-types.js';

/** A step's state in a run: its tasks' states, or `not-run` when the run ended without running it. */
export type StepStatus = TaskStatusValue | 'not-run';

export interface StepRunState {
  status: StepStatus;
  /** Tasks finished / tasks expected, shown for a step with more than one task (a foreach body). */
  done: number;
  total: number;
  /** `1 failed · 1 succeeded · 1 not run of 3`, for a step with more than one task. */
  counts?: string;
  durationMs: number | null;
  /** The last line of the first failure (`ZeroDivisionError: division by zero`). */
  error?: string;
  /** Every task of the step was reused by resume from the run it resumed. */
  reused?: boolean;
}

const precedence: TaskStatusValue[] = ['failed', 'retrying', 'running', 'queued', 'cancelled', 'succeeded'];
const countOrder: StepStatus[] = ['failed', 'retrying', 'running', 'succeeded', 'cancelled', 'queued', 'not-run'];

const label = (s: StepStatus): string => (s === 'not-run' ? 'not run' : s);

/** The last non-empty line of an error message. */
export function lastLine(message: string | undefined): string | undefined {
  const lines = (message ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1];
}

/**
 * Every step's state. While the run goes, a step without tasks is `queued`; once it ended
 * (succeeded, failed, cancelled), a step or task that never ran reads `not-run`.
 */
export function stepStates(tasks: readonly TaskSummary[], graph: Pick<FlowGraph, 'steps'>, runStatus: RunSummary['status']): Record<string, StepRunState> {
  const ended = runStatus !== 'running';
  // One pass over the tasks (a foreach can have 10,000 of them; this runs on every batch of events).
  const byStep = new Map<string, TaskSummary[]>();
  for (const t of tasks) {
    const list = byStep.get(t.step);
    if (list === undefined) byStep.set(t.step, [t]);
    else list.push(t);
  }
  const states: Record<string, StepRunState> = {};
  for (const step of graph.steps) {
    const list = byStep.get(step.name) ?? [];
    const statusOf = (t: TaskSummary): StepStatus => (ended && t.status === 'queued' ? 'not-run' : t.status);
    const width = list.reduce((w, t) => Math.max(w, t.foreachWidth ?? 0), list.length);
    const counts = new Map<StepStatus, number>();
    for (const t of list) counts.set(statusOf(t), (counts.get(statusOf(t)) ?? 0) + 1);
    // Foreach tasks the run never got to have no task at all.
    const missing = width - list.length;
    if (missing > 0) counts.set(ended ? 'not-run' : 'queued', (counts.get(ended ? 'not-run' : 'queued') ?? 0) + missing);
    const found = precedence.find((s) => list.some((t) => t.status === s));
    const status: StepStatus = list.length === 0 || found === undefined || (found === 'queued' && ended) ? (ended ? 'not-run' : 'queued') : found;
    const done = list.filter((t) => t.status === 'succeeded').length;
    const durationMs = span(list);
    const failure = list.find((t) => t.status === 'failed');
    states[step.name] = {
      status,
      done,
      total: width,
      ...(width > 1 ? { counts: `${countOrder.filter((s) => (counts.get(s) ?? 0) > 0).map((s) => `${counts.get(s)} ${label(s)}`).join(' · ')} of ${width}` } : {}),
      durationMs,
      ...(failure !== undefined && lastLine(failure.message) !== undefined ? { error: lastLine(failure.message) } : {}),
      ...(list.length > 0 && list.every((t) => t.reused === true) ? { reused: true } : {}),
    };
  }
  return states;
}

/** From the first start to the last end of a step's tasks, once every one has ended; else null. */
function span(list: readonly TaskSummary[]): number | null {
  let first = Infinity;
  let last = -Infinity;
  for (const t of list) {
    const end = Date.parse(t.finishedAt ?? '');
    if (!Number.isFinite(end)) return null;
    last = Math.max(last, end);
    const start = Date.parse(t.startedAt ?? '');
    if (Number.isFinite(start)) first = Math.min(first, start);
  }
  return list.length > 0 && Number.isFinite(first) ? last - first : null;
}

/** The task a click on a step opens: its first failed task, else its first. */
export function taskToOpen(tasks: readonly TaskSummary[], step: string): TaskSummary | undefined {
  const own = tasks.filter((t) => t.step === step);
  return own.find((t) => t.status === 'failed') ?? own[0];
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
