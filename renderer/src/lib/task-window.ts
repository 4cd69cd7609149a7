/** Which of a step's tasks the task picker lists: all of a few, a window of many. */
import type { TaskSummary } from '../api/contract-types.js';

/** Options listed at most: the failed tasks (up to half of them) and those around the chosen one. */
export const PICKER_OPTIONS = 100;

/**
 * The options for a step's `tasks` (in their order) with `selected` chosen: every task when
 * there are at most PICKER_OPTIONS; else the failed tasks first (where a person looks), then a
 * window of tasks centred on the chosen one, the chosen task always among them. `wide` says the
 * list is a window (the picker then offers a task number to reach the others).
 */
export function pickerWindow(tasks: readonly TaskSummary[], selected: string | null): { options: readonly TaskSummary[]; wide: boolean } {
  if (tasks.length <= PICKER_OPTIONS) return { options: tasks, wide: false };
  const failed: TaskSummary[] = [];
  let chosen = -1;
  for (let i = 0; i < tasks.length; i += 1) {
    const t = tasks[i]!;
    if (t.status === 'failed' && failed.length < PICKER_OPTIONS / 2) failed.push(t);
    if (t.pathspec === selected) chosen = i;
  }
  const room = PICKER_OPTIONS - failed.length;
  const from = Math.max(0, Math.min(tasks.length - room, (chosen < 0 ? 0 : chosen) - Math.floor(room / 2)));
  const listed = new Set(failed);
  const around = tasks.slice(from, from + room).filter((t) => !listed.has(t));
  return { options: [...failed, ...around], wide: true };
}
