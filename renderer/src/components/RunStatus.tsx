/** The selected run's status badge, with Cancel while it runs and Resume when it failed. */
import { formatDuration } from '../lib/statuses.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';

export function RunStatus() {
  const run = useRunStore((s) => s.detail?.run);
  if (run === undefined) return null;
  const path = useFlowStore.getState().doc?.path;
  return (
    <div className="run-status-bar">
      <span className={`run-status status-${run.status}`} data-testid="run-status" data-status={run.status} title={run.pathspec}>
        <span className={`status-dot status-${run.status}`} />
        {run.status}
      </span>
      <span className="muted run-id">{run.runId.slice(-8)}</span>
      {run.durationMs !== null && <span className="muted">{formatDuration(run.durationMs)}</span>}
      {run.status === 'running' && (
        <button type="button" onClick={() => void useRunStore.getState().cancel()}>
          Cancel
        </button>
      )}
      {run.status === 'failed' && path !== undefined && (
        <button type="button" onClick={() => void useRunStore.getState().resume(path)}>
          Resume
        </button>
      )}
      {run.status !== 'running' && (
        <button type="button" data-testid="run-inspect" title="Browse this run's artifacts" onClick={() => useScreenStore.getState().open({ kind: 'artifacts', run: run.pathspec, ...selectedTask() })}>
          Artifacts
        </button>
      )}
      <button type="button" className="icon" aria-label="Close the run view" title="Close the run view (Esc)" onClick={() => void useRunStore.getState().select(null)}>
        ✕
      </button>
    </div>
  );
}

function selectedTask(): { task?: string } {
  const task = useRunStore.getState().selectedTask;
  return task === null ? {} : { task };
}
