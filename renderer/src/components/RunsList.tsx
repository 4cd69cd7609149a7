/** Runs of the open flow, newest first, filterable; selecting one shows it on the canvas. */
import { useEffect } from 'react';
import { formatDuration } from '../lib/statuses.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { useRunStore } from '../stores/run-store.js';
import { NamespaceSwitcher } from './NamespaceSwitcher.js';
import { RunArtifactsButton, RunPick, RunsActions } from './RunsActions.js';
import { RunTags } from './RunTags.js';

export function RunsList() {
  const flowName = useFlowStore((s) => s.graph?.flowName ?? null);
  const runs = useRunStore((s) => s.runs);
  const filter = useRunStore((s) => s.filter);
  const selected = useRunStore((s) => s.selected);
  const namespace = useNamespaceStore((s) => s.namespace);
  useEffect(() => {
    if (flowName !== null) void useRunStore.getState().loadRuns(flowName);
  }, [flowName, namespace]);
  const f = filter.trim().toLowerCase();
  const shown = f === '' ? runs : runs.filter((r) => JSON.stringify([r.runId, r.status, r.user, r.tags, r.parameters]).toLowerCase().includes(f));
  return (
    <div className="runs-list">
      <div className="runs-toolbar">
        <NamespaceSwitcher />
        <input className="filter" aria-label="Filter runs" placeholder="Filter by status, user, tag, parameter…" value={filter} onChange={(e) => useRunStore.getState().setFilter(e.currentTarget.value)} />
        <RunsActions />
      </div>
      <table>
        <thead>
          <tr>
            <th aria-label="Pick to compare" />
            <th>Status</th>
            <th>Started</th>
            <th>Duration</th>
            <th>User</th>
            <th>Tags</th>
            <th>Parameters</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.pathspec} className={r.pathspec === selected ? 'selected' : undefined} onClick={() => void useRunStore.getState().select(r.pathspec)} data-run={r.runId} data-pulled={r.pulled === true}>
              <td>
                <RunPick pathspec={r.pathspec} />
              </td>
              <td>
                <span className={`status-dot status-${r.status}`} />{' '}
                {r.damaged ? (
                  <span className="damaged" title={r.damaged.message}>
                    damaged: {r.damaged.file}
                  </span>
                ) : (
                  r.status
                )}
              </td>
              <td>{new Date(r.startedAt).toLocaleString()}</td>
              <td>{formatDuration(r.durationMs)}</td>
              <td>
                {r.user}
                {r.pulled === true && <span className="teammate-badge" title="A teammate's run, pulled from the remote">teammate</span>}
              </td>
              <td>
                <RunTags pathspec={r.pathspec} tags={r.tags} onChange={(tags) => useRunStore.getState().retag(r.pathspec, tags)} />
              </td>
              <td className="mono">
                {Object.entries(r.parameters)
                  .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                  .join(' ')}
              </td>
              <td>
                <RunArtifactsButton pathspec={r.pathspec} />
              </td>
            </tr>
          ))}
          {shown.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                {runs.length === 0 ? 'No runs yet: press Run.' : 'No run matches the filter.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
