/** The task selection shared by the Logs and Artifacts tabs: the selected step's tasks (a foreach has many). */
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';

export function TaskPicker() {
  const detail = useRunStore((s) => s.detail);
  const selectedTask = useRunStore((s) => s.selectedTask);
  const step = useUiStore((s) => s.selectedStep);
  const tasks = detail?.tasks.filter((t) => t.step === step) ?? [];
  return (
    <select aria-label="Task" value={selectedTask ?? ''} onChange={(e) => void useRunStore.getState().selectTask(e.currentTarget.value || null)}>
      <option value="">{tasks.length === 0 ? 'click a step on the canvas' : 'choose a task'}</option>
      {tasks.map((t) => (
        <option key={t.pathspec} value={t.pathspec}>
          {t.step}/{t.taskId}
          {t.foreachIndex !== undefined ? ` [${t.foreachIndex}]` : ''} · {t.status}
        </option>
      ))}
    </select>
  );
}
