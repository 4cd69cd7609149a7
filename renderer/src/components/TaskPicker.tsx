/**
 * The task selection shared by the Logs and Artifacts tabs: the selected step's tasks (a foreach
 * has many). A step of a few tasks lists them all; a wide foreach lists a window of them (the
 * failed ones first, then those around the chosen task) and offers its index as a number field,
 * so a step of 10,000 tasks is a list of about a hundred options, not ten thousand.
 */
import { useMemo } from 'react';
import { pickerWindow } from '../lib/task-window.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';

export function TaskPicker() {
  const tasks = useRunStore((s) => s.detail?.tasks);
  const selectedTask = useRunStore((s) => s.selectedTask);
  const step = useUiStore((s) => s.selectedStep);
  const own = useMemo(() => (tasks ?? []).filter((t) => t.step === step), [tasks, step]);
  const { options, wide } = pickerWindow(own, selectedTask);
  const choose = (pathspec: string | null): void => void useRunStore.getState().selectTask(pathspec);
  const chosenIndex = own.findIndex((t) => t.pathspec === selectedTask);
  return (
    <>
      <select aria-label="Task" value={selectedTask ?? ''} onChange={(e) => choose(e.currentTarget.value || null)}>
        <option value="">{own.length === 0 ? 'click a step on the canvas' : 'choose a task'}</option>
        {options.map((t) => (
          <option key={t.pathspec} value={t.pathspec}>
            {t.step}/{t.taskId}
            {t.foreachIndex !== undefined ? ` [${t.foreachIndex}]` : ''} · {t.status}
          </option>
        ))}
      </select>
      {wide && (
        <label className="task-index muted">
          # of {own.length}
          <input
            type="number"
            aria-label="Task number"
            min={0}
            max={own.length - 1}
            value={chosenIndex >= 0 ? chosenIndex : ''}
            onChange={(e) => {
              const t = own[Math.trunc(Number(e.currentTarget.value))];
              if (t !== undefined) choose(t.pathspec);
            }}
          />
        </label>
      )}
    </>
  );
}
