/**
 * Sync with the team's bucket (issue 8): the remotes, what is up and what is pending, the
 * transfer in progress (a bar fed by `sync.progress` events), the last error with a retry.
 */
import { useCallback, useEffect, useState } from 'react';
import { getClient } from '../api/client.js';
import type { SyncProgress, SyncStatus, SyncSummary } from '../api/inspect-types.js';
import { formatBytes } from '../lib/format-bytes.js';
import { formatCount } from '../lib/format-cell.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { useRunStore } from '../stores/run-store.js';

type Direction = 'pull' | 'push' | 'sync';
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function SyncPanel() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [running, setRunning] = useState<Direction | null>(null);
  const [failed, setFailed] = useState<{ direction: Direction; message: string } | null>(null);
  const [done, setDone] = useState<SyncSummary | null>(null);

  const refresh = useCallback(async () => {
    try {
      const s = await getClient().request('sync.status', {});
      setStatus(s);
      setStatusError(null);
      if (s.inProgress !== null) setProgress(s.inProgress);
    } catch (e) {
      setStatusError(message(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
    return getClient().onEvents((events) => {
      // The newest progress of the batch is the one to show.
      for (const e of events) if (e.event === 'sync.progress') setProgress(e.payload.done ? null : e.payload);
    });
  }, [refresh]);

  const run = async (direction: Direction): Promise<void> => {
    setRunning(direction);
    setFailed(null);
    setDone(null);
    try {
      setDone(await getClient().request('sync.run', { direction }));
      // Teammates' runs may have arrived: refresh whatever lists them.
      void useNamespaceStore.getState().load();
      const flow = useFlowStore.getState().graph?.flowName;
      if (flow !== null && flow !== undefined) void useRunStore.getState().loadRuns(flow);
    } catch (e) {
      setFailed({ direction, message: message(e) });
    } finally {
      setRunning(null);
      setProgress(null);
      void refresh();
    }
  };

  const noRemote = status !== null && status.remotes.length === 0;
  return (
    <div className="sync-panel" data-testid="sync-panel" data-state={running !== null ? 'running' : failed !== null ? 'failed' : 'idle'}>
      {statusError !== null && (
        <p className="artifact-error" role="alert">
          Could not read the sync status: {statusError}
        </p>
      )}
      {status === null && statusError === null && <p className="muted">Loading…</p>}
      {noRemote && (
        <p className="sync-hint" data-testid="sync-no-remote">
          No remote yet. Add the team's bucket from a terminal: <code>flowbench remote add team s3://bucket/prefix [--endpoint URL]</code>. Credentials come from
          the usual AWS settings (environment, profiles, SSO); Flowbench never stores them.
        </p>
      )}
      {status !== null && !noRemote && (
        <>
          <ul className="remotes">
            {status.remotes.map((r) => (
              <li key={r.name} className="mono">
                <b>{r.name}</b> {r.url}
                {r.endpoint !== undefined && <span className="muted"> via {r.endpoint}</span>}
                {r.isDefault && <span className="baseline-badge">default</span>}
              </li>
            ))}
          </ul>
          <dl className="sync-counts">
            <dt>Runs up</dt>
            <dd data-testid="sync-pushed">{formatCount(status.pushedRuns)}</dd>
            <dt>Pending (finished, not pushed)</dt>
            <dd data-testid="sync-pending">{formatCount(status.pendingRuns)}</dd>
            <dt>Last sync</dt>
            <dd>{status.lastSync === null ? 'never' : `${new Date(status.lastSync.at).toLocaleString()} · ${summaryText(status.lastSync.summary)}`}</dd>
          </dl>
          <div className="sync-actions">
            <button type="button" className="primary" data-testid="sync-run" disabled={running !== null} onClick={() => void run('sync')}>
              {running === 'sync' ? 'Syncing…' : 'Sync (pull, then push)'}
            </button>
            <button type="button" data-testid="sync-pull" disabled={running !== null} onClick={() => void run('pull')}>
              Pull
            </button>
            <button type="button" data-testid="sync-push" disabled={running !== null} onClick={() => void run('push')}>
              Push
            </button>
          </div>
        </>
      )}
      {progress !== null && <ProgressBar progress={progress} />}
      {done !== null && (
        <p className="sync-done" role="status" data-testid="sync-done">
          Done: {summaryText(done)}.
        </p>
      )}
      {(failed !== null || (running === null && status?.lastError != null)) && (
        <div className="sync-error" role="alert" data-testid="sync-error">
          <span>{failed?.message ?? status?.lastError}</span>
          <button type="button" data-testid="sync-retry" disabled={running !== null} onClick={() => void run(failed?.direction ?? 'sync')}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}

function summaryText(s: SyncSummary): string {
  return `${s.pulledRuns} pulled, ${s.pushedRuns} pushed, ${formatBytes(s.bytesDown)} down, ${formatBytes(s.bytesUp)} up`;
}

function ProgressBar({ progress }: { progress: SyncProgress }) {
  const fraction = progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : progress.objectsTotal > 0 ? progress.objectsDone / progress.objectsTotal : 0;
  const percent = Math.round(Math.min(1, fraction) * 100);
  return (
    <div className="sync-progress" data-testid="sync-progress" data-phase={progress.phase}>
      <div className="progress-label">
        {progress.phase === 'pull' ? 'Pulling from' : 'Pushing to'} {progress.remote}: {formatCount(progress.objectsDone)}/{formatCount(progress.objectsTotal)} objects, {formatBytes(progress.bytesDone)} of{' '}
        {formatBytes(progress.bytesTotal)}
      </div>
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
