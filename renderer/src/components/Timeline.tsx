/**
 * A Gantt chart of the selected run's tasks on a time axis: one bar per task from start to finish
 * (or now), foreach tasks labelled with their input (`body · 'y'`), a task's details on hover.
 * A click opens the task's logs.
 */
import { useEffect, useState } from 'react';
import type { TaskSummary } from '../api/contract-types.js';
import { formatDuration, lastLine } from '../lib/statuses.js';
import { tickLabel, timeTicks } from '../lib/time-axis.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';

/** `body · 'y'` for a foreach task with a known input, `body [1]` without, else the step. */
export function taskLabel(t: TaskSummary): string {
  if (t.foreachInput !== undefined) return `${t.step} · ${t.foreachInput}`;
  if (t.foreachIndex !== undefined) return `${t.step} [${t.foreachIndex}]`;
  return t.step;
}

function details(t: TaskSummary, ms: number): string {
  return [
    `${t.step}/${t.taskId}${t.foreachInput !== undefined ? ` (input ${t.foreachInput})` : ''}`,
    `${t.status}${t.reused ? ' (reused from the resumed run)' : ''} · ${formatDuration(ms)}${t.attempt > 0 ? ` · attempt ${t.attempt + 1}` : ''}`,
    ...(t.message !== undefined ? [lastLine(t.message) ?? ''] : []),
    ...(t.artifacts.length > 0 ? [`artifacts: ${t.artifacts.map((a) => a.name).join(', ')}`] : []),
  ].join('\n');
}

export function Timeline() {
  const detail = useRunStore((s) => s.detail);
  const running = detail?.run.status === 'running';
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [running]);
  if (detail === null) return <p className="muted timeline">Select a run to see its timeline.</p>;
  const tasks = detail.tasks.filter((t) => t.startedAt !== undefined && t.startedAt !== null);
  const t0 = Math.min(Date.parse(detail.run.startedAt), ...tasks.map((t) => Date.parse(t.startedAt!)));
  const ends = tasks.map((t) => (t.finishedAt ? Date.parse(t.finishedAt) : now));
  const span = Math.max(1, Math.max(t0 + 1, ...ends) - t0);
  const ticks = timeTicks(span);
  const open = (t: TaskSummary): void => {
    useUiStore.getState().select(t.step);
    const run = useRunStore.getState();
    if (t.status === 'failed') run.setStream('stderr');
    void run.selectTask(t.pathspec);
  };
  return (
    <div className="timeline" aria-label="Timeline" data-testid="timeline">
      <div className="timeline-row timeline-axis" aria-hidden>
        <span />
        <div className="timeline-track axis">
          {ticks.map((tick) => (
            <span key={tick} className="timeline-tick" style={{ left: `${(tick / span) * 100}%` }}>
              {tickLabel(tick)}
            </span>
          ))}
        </div>
        <span />
      </div>
      {tasks.map((t, i) => {
        const start = Date.parse(t.startedAt!) - t0;
        const end = (ends[i] ?? now) - t0;
        return (
          <div key={t.pathspec} className="timeline-row" data-testid={`timeline-task-${t.taskId}`} title={details(t, end - start)} onClick={() => open(t)}>
            <span className="timeline-label">
              {taskLabel(t)}
              {t.reused === true && <span className="muted"> (reused)</span>}
            </span>
            <div className="timeline-track">
              {ticks.map((tick) => (
                <span key={tick} className="timeline-gridline" style={{ left: `${(tick / span) * 100}%` }} />
              ))}
              <div className={`timeline-bar status-${t.status}${t.reused === true ? ' reused' : ''}`} style={{ left: `${(start / span) * 100}%`, width: `${Math.max(0.5, ((end - start) / span) * 100)}%` }} />
            </div>
            <span className="timeline-duration muted">{formatDuration(end - start)}</span>
          </div>
        );
      })}
    </div>
  );
}
