/**
 * What the timeline draws, computed once per change of the tasks (not per frame): the tasks that
 * started, in order, with their times parsed, and the rows a scrolled view shows. The timeline
 * draws only those rows, so a foreach of 10,000 tasks costs what the ~15 visible rows cost.
 */
import type { TaskSummary } from '../api/contract-types.js';

/** Pixels from one row's top to the next (a 15 px row and a 3 px gap; the CSS agrees). */
export const TIMELINE_ROW_PX = 18;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blank rows. */
const OVERSCAN = 8;

export interface TimelineModel {
  readonly tasks: readonly TaskSummary[];
  /** Start of each task, ms since the epoch. */
  readonly starts: readonly number[];
  /** End of each task, or NaN while it runs (it ends "now"). */
  readonly ends: readonly number[];
  /** The run's start, or the earliest task start if earlier. */
  readonly t0: number;
  /** The latest end of a finished task (the axis reaches at least there). */
  readonly lastEnd: number;
  readonly running: number;
}

/** The tasks that have started, with their times; O(n) once per change of the tasks. */
export function timelineModel(all: readonly TaskSummary[], runStartedAt: string): TimelineModel {
  const tasks: TaskSummary[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let t0 = Date.parse(runStartedAt);
  let lastEnd = -Infinity;
  let running = 0;
  for (const t of all) {
    if (t.startedAt === undefined || t.startedAt === null) continue;
    const start = Date.parse(t.startedAt);
    const end = t.finishedAt ? Date.parse(t.finishedAt) : NaN;
    tasks.push(t);
    starts.push(start);
    ends.push(end);
    // `!(t0 <= start)` also takes the first start when the run's own start is unknown (NaN).
    if (Number.isFinite(start) && !(t0 <= start)) t0 = start;
    if (Number.isFinite(end)) lastEnd = Math.max(lastEnd, end);
    else running += 1;
  }
  return { tasks, starts, ends, t0, lastEnd, running };
}

/** The time the axis spans, in ms: to the last end, or to `now` while a task runs. */
export function timelineSpan(model: TimelineModel, now: number): number {
  const end = Math.max(model.t0 + 1, model.lastEnd, model.running > 0 ? now : -Infinity);
  return Math.max(1, end - model.t0);
}

/** The rows to draw, `[first, last)`, for a view scrolled to `scrollTop` and `height` tall. */
export function visibleRows(count: number, scrollTop: number, height: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / TIMELINE_ROW_PX) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + Math.max(height, 0)) / TIMELINE_ROW_PX) + OVERSCAN);
  return { first, last: Math.max(first, last) };
}
