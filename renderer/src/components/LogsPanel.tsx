/** stdout/stderr of the selected task, streaming while it runs. */
import { useEffect, useRef } from 'react';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';

export function LogsPanel() {
  const detail = useRunStore((s) => s.detail);
  const selectedTask = useRunStore((s) => s.selectedTask);
  const logs = useRunStore((s) => s.logs);
  const stream = useRunStore((s) => s.stream);
  const step = useUiStore((s) => s.selectedStep);
  const end = useRef<HTMLPreElement>(null);
  const text = logs[stream];
  useEffect(() => {
    end.current?.scrollTo({ top: end.current.scrollHeight });
  }, [text]);
  const tasks = detail?.tasks.filter((t) => t.step === step) ?? [];
  return (
    <div className="logs-panel" data-testid="logs-panel" data-task={selectedTask ?? undefined}>
      <div className="logs-toolbar">
        {detail === null ? (
          <span className="muted">Select a run, then a step, to see its logs.</span>
        ) : (
          <>
            <select aria-label="Task" value={selectedTask ?? ''} onChange={(e) => void useRunStore.getState().selectTask(e.currentTarget.value || null)}>
              <option value="">{tasks.length === 0 ? 'click a step on the canvas' : 'choose a task'}</option>
              {tasks.map((t) => (
                <option key={t.pathspec} value={t.pathspec}>
                  {t.step}/{t.taskId}
                  {t.foreachIndex !== undefined ? ` [${t.foreachIndex}]` : ''} · {t.status}
                </option>
              ))}
            </select>
            <div className="segmented" role="tablist">
              {(['stdout', 'stderr'] as const).map((s) => (
                <button key={s} type="button" role="tab" aria-selected={stream === s} onClick={() => useRunStore.getState().setStream(s)}>
                  {s}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
      <pre className={`logs-text ${stream}`} ref={end}>
        {text === '' && selectedTask !== null ? <span className="muted">(no output)</span> : text}
      </pre>
    </div>
  );
}
