/**
 * The artifact browser of a run (issue 7): its tasks on the left, the chosen task's artifacts
 * (`artifacts.list`: type, size, preview) in the middle, the chosen artifact on the right.
 * Works the same for a teammate's run: artifacts not downloaded yet are marked and fetched
 * when opened.
 */
import { useEffect, useState } from 'react';
import { getClient } from '../api/client.js';
import type { RunDetails, TaskSummary } from '../api/contract-types.js';
import type { ArtifactInfo } from '../api/inspect-types.js';
import { formatBytes } from '../lib/format-bytes.js';
import { shortRunId } from '../lib/format-cell.js';
import { useRunStore } from '../stores/run-store.js';
import { ArtifactViewer } from './ArtifactViewer.js';

interface Props {
  run: string;
  task?: string;
  artifact?: string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The task to start on: the one asked for, else the end step's (where results usually are). */
function initialTask(tasks: readonly TaskSummary[], wanted: string | undefined): string | null {
  if (wanted !== undefined && tasks.some((t) => t.pathspec === wanted)) return wanted;
  const done = tasks.filter((t) => t.status === 'succeeded');
  return (done.find((t) => t.step === 'end') ?? done[done.length - 1] ?? tasks[0])?.pathspec ?? null;
}

export function ArtifactBrowser({ run, task: wantedTask, artifact: wantedArtifact }: Props) {
  const [detail, setDetail] = useState<RunDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [task, setTask] = useState<string | null>(null);
  // runs.get may not say whether a run was pulled; the runs list (through the index) does.
  const listedAsPulled = useRunStore((s) => s.runs.some((r) => r.pathspec === run && r.pulled === true));

  useEffect(() => {
    let live = true;
    getClient()
      .request('runs.get', { pathspec: run })
      .then(
        (d) => {
          if (!live) return;
          setDetail(d);
          setTask(initialTask(d.tasks, wantedTask));
        },
        (e: unknown) => live && setError(message(e)),
      );
    return () => {
      live = false;
    };
  }, [run, wantedTask]);

  if (error !== null) {
    return (
      <p className="artifact-error" role="alert">
        Could not open {run}: {error}
      </p>
    );
  }
  if (detail === null) return <p className="muted">Loading {run}…</p>;
  return (
    <div className="artifact-browser" data-testid="artifact-browser" data-run={run}>
      <nav className="browser-tasks" aria-label="Tasks">
        <div className="browser-run">
          <b>{detail.run.flow}</b> <span className="mono muted">{shortRunId(detail.run.runId)}</span>
          <div className="muted">
            {detail.run.user}
            {(detail.run.pulled === true || listedAsPulled) && <span className="teammate-badge">teammate</span>}
          </div>
        </div>
        <ul>
          {detail.tasks.map((t) => (
            <li key={t.pathspec}>
              <button type="button" className={t.pathspec === task ? 'selected' : undefined} aria-current={t.pathspec === task} data-testid={`browser-task-${t.step}-${t.taskId}`} onClick={() => setTask(t.pathspec)}>
                <span className={`status-dot status-${t.status}`} />
                <span className="mono">{t.step}</span>
                <span className="muted mono">
                  /{t.taskId}
                  {t.foreachIndex !== undefined ? ` [${t.foreachIndex}]` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {task !== null && <TaskArtifacts key={task} task={task} wanted={task === wantedTask || wantedTask === undefined ? wantedArtifact : undefined} />}
    </div>
  );
}

function TaskArtifacts({ task, wanted }: { task: string; wanted: string | undefined }) {
  const [infos, setInfos] = useState<readonly ArtifactInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(wanted ?? null);

  useEffect(() => {
    let live = true;
    getClient()
      .request('artifacts.list', { pathspec: task })
      .then(
        (list) => live && setInfos(list),
        (e: unknown) => live && setError(message(e)),
      );
    return () => {
      live = false;
    };
  }, [task]);

  const markFetched = (name: string): void => setInfos((list) => list?.map((a) => (a.name === name ? { ...a, local: true } : a)) ?? null);
  const info = infos?.find((a) => a.name === open);
  return (
    <>
      <div className="browser-artifacts" data-testid="browser-artifacts" data-task={task}>
        {error !== null && (
          <p className="artifact-error" role="alert">
            Could not list the artifacts of {task}: {error}
          </p>
        )}
        {infos === null && error === null && <p className="muted">Loading…</p>}
        {infos?.length === 0 && <p className="muted">This task set no artifacts.</p>}
        {infos !== null && infos.length > 0 && (
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
              {infos.map((a) => (
                <tr key={a.name} className={a.name === open ? 'selected' : undefined} data-testid={`browser-artifact-${a.name}`} data-view={a.view} data-local={a.local} tabIndex={0} onClick={() => setOpen(a.name)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), setOpen(a.name))}>
                  <td className="mono">
                    {a.name}
                    {!a.local && (
                      <span className="remote-mark" title="Not downloaded yet: fetched from the remote when opened">
                        {' '}
                        ☁
                      </span>
                    )}
                    {a.metric !== undefined && (
                      <span className="metric-mark" title="A metric: chart it across runs">
                        {' '}
                        📈
                      </span>
                    )}
                  </td>
                  <td className="mono muted">{a.type}</td>
                  <td>{formatBytes(a.size)}</td>
                  <td className="mono preview">{a.preview}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="browser-value">
        {info === undefined ? <p className="muted">{infos !== null && infos.length > 0 ? 'Click an artifact to see it.' : ''}</p> : <ArtifactViewer key={info.name} task={task} info={info} onFetched={() => markFetched(info.name)} />}
      </div>
    </>
  );
}
