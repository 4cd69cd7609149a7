/** stdout/stderr of the selected task, streaming while it runs. */
import { useEffect, useRef } from 'react';
import { useRunStore } from '../stores/run-store.js';
import { TaskPicker } from './TaskPicker.js';

export function LogsPanel() {
  const hasRun = useRunStore((s) => s.detail !== null);
  const selectedTask = useRunStore((s) => s.selectedTask);
  const logs = useRunStore((s) => s.logs);
  const stream = useRunStore((s) => s.stream);
  const end = useRef<HTMLPreElement>(null);
  const text = logs[stream];
  useEffect(() => {
    end.current?.scrollTo({ top: end.current.scrollHeight });
  }, [text]);
  return (
    <div className="logs-panel" data-testid="logs-panel" data-task={selectedTask ?? undefined}>
      <div className="logs-toolbar">
        {!hasRun ? (
          <span className="muted">Select a run, then a step, to see its logs.</span>
        ) : (
          <>
            <TaskPicker />
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
