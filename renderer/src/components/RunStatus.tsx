/** The selected run's status badge, where it came from, and Cancel while it runs (Resume is in the toolbar). */
import { formatDuration } from '../lib/statuses.js';
import { useRunStore } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';

export function RunStatus() {
  const run = useRunStore((s) => s.detail?.run);
  if (run === undefined) return null;
  return (
    <div className="run-status-bar">
      <span className={`run-status status-${run.status}`} data-testid="run-status" data-status={run.status} title={run.pathspec}>
        <span className={`status-dot status-${run.status}`} />
        {run.status}
      </span>
      <span className="muted run-id">{run.runId.slice(-8)}</span>
      {run.origin !== undefined && (
        <button type="button" className="link origin" data-testid="run-origin" title={`Resumed from ${run.origin}: open it`} onClick={() => void useRunStore.getState().select(run.origin ?? null)}>
          resumed from {run.origin.split('/').pop()?.slice(-8)}
        </button>
      )}
      {run.durationMs !== null && <span className="muted">{formatDuration(run.durationMs)}</span>}
      {run.status === 'running' && (
        <button type="button" onClick={() => void useRunStore.getState().cancel()}>
          Cancel
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
