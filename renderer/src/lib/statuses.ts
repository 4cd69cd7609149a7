/** One status per step from its tasks, for the node dot and `data-status`. */
import type { TaskStatusValue, TaskSummary } from '../api/contract-types.js';

export interface StepRunState {
  status: TaskStatusValue;
  /** Tasks finished / tasks seen, shown for a step with more than one task (a foreach body). */
  done: number;
  total: number;
  durationMs: number | null;
}

const precedence: TaskStatusValue[] = ['failed', 'retrying', 'running', 'queued', 'cancelled', 'succeeded'];

export function stepStates(tasks: readonly TaskSummary[]): Record<string, StepRunState> {
  const byStep = new Map<string, TaskSummary[]>();
  for (const t of tasks) {
    const list = byStep.get(t.step);
    if (list === undefined) byStep.set(t.step, [t]);
    else list.push(t);
  }
  const states: Record<string, StepRunState> = {};
  for (const [step, list] of byStep) {
    const status = precedence.find((s) => list.some((t) => t.status === s)) ?? 'queued';
    const done = list.filter((t) => t.status === 'succeeded').length;
    const starts = list.map((t) => Date.parse(t.startedAt ?? '')).filter(Number.isFinite);
    const ends = list.map((t) => Date.parse(t.finishedAt ?? '')).filter(Number.isFinite);
    const durationMs = starts.length > 0 && ends.length === list.length ? Math.max(...ends) - Math.min(...starts) : null;
    states[step] = { status, done, total: list.length, durationMs };
  }
  return states;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
