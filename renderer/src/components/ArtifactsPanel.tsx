/**
 * The artifacts of the selected task (the same selection as the Logs tab): name, type, size and
 * preview; clicking one loads its value with `artifacts.get`.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { getClient } from '../api/client.js';
import type { ArtifactValue, TaskSummary } from '../api/contract-types.js';
import { formatBytes } from '../lib/format-bytes.js';
import { useRunStore } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { ArtifactValueView } from './ArtifactValueView.js';
import { TaskPicker } from './TaskPicker.js';

type Shown = { name: string } & ({ state: 'loading' } | { state: 'loaded'; value: ArtifactValue } | { state: 'failed'; message: string });

export function ArtifactsPanel() {
  const hasRun = useRunStore((s) => s.detail !== null);
  const task = useRunStore((s) => s.detail?.tasks.find((t) => t.pathspec === s.selectedTask) ?? null);
  const run = useRunStore((s) => s.detail?.run.pathspec ?? null);
  return (
    <div className="artifacts-panel" data-testid="artifacts-panel" data-task={task?.pathspec}>
      <div className="logs-toolbar">
        {hasRun ? <TaskPicker /> : <span className="muted">Select a run, then a step, to see its artifacts.</span>}
        {run !== null && (
          <button type="button" data-testid="artifact-browser-open" title="Tables paged and sorted, JSON as a tree, images, charts across runs" onClick={() => useScreenStore.getState().open({ kind: 'artifacts', run, ...(task === null ? {} : { task: task.pathspec }) })}>
            Open in the artifact browser
          </button>
        )}
      </div>
      {/* Keyed by task: another task starts with nothing opened. */}
      {task !== null && <TaskArtifacts key={task.pathspec} task={task} />}
    </div>
  );
}

function TaskArtifacts({ task }: { task: TaskSummary }) {
  const [shown, setShown] = useState<Shown | null>(null);
  const latest = useRef(0);
  const open = (name: string): void => {
    // Only the last click's answer is shown, whatever order the answers come back in.
    const request = ++latest.current;
    const show = (next: Shown): void => {
      if (request === latest.current) setShown(next);
    };
    setShown({ name, state: 'loading' });
    getClient()
      .request('artifacts.get', { pathspec: task.pathspec, name })
      .then(
        (value) => show({ name, state: 'loaded', value }),
        (e: unknown) => show({ name, state: 'failed', message: e instanceof Error ? e.message : String(e) }),
      );
  };
  const onKey = (e: KeyboardEvent, name: string): void => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    open(name);
  };
  if (task.artifacts.length === 0) {
    return <p className="artifacts-empty muted">{task.status === 'succeeded' ? 'This task set no artifacts.' : 'Artifacts appear when the task has finished.'}</p>;
  }
  return (
    <div className="artifacts-split">
      <div className="artifact-list">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Size</th>
              <th>Preview</th>
            </tr>
          </thead>
          <tbody>
            {task.artifacts.map((a) => (
              <tr
                key={a.name}
                data-testid={`artifact-row-${a.name}`}
                className={shown?.name === a.name ? 'selected' : undefined}
                tabIndex={0}
                onClick={() => open(a.name)}
                onKeyDown={(e) => onKey(e, a.name)}
              >
                <td className="mono">{a.name}</td>
                <td className="mono muted">{a.type}</td>
                <td>{formatBytes(a.size)}</td>
                <td className="mono preview">{a.preview}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="artifact-value" data-testid="artifact-value" data-state={shown?.state}>
        {shown === null && <p className="muted">Click an artifact to see its value.</p>}
        {shown?.state === 'loading' && <p className="muted">Loading {shown.name}…</p>}
        {shown?.state === 'failed' && (
          <p className="artifact-error" role="alert">
            Could not load {shown.name}: {shown.message}
          </p>
        )}
        {shown?.state === 'loaded' && <ArtifactValueView value={shown.value} />}
      </div>
    </div>
  );
}
