/** A Gantt chart of the selected run's tasks: one bar per task from start to finish (or now). */
import { useEffect, useState } from 'react';
import { formatDuration } from '../lib/statuses.js';
import { useRunStore } from '../stores/run-store.js';

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
  return (
    <div className="timeline" aria-label="Timeline">
      {tasks.map((t, i) => {
        const start = Date.parse(t.startedAt!) - t0;
        const end = (ends[i] ?? now) - t0;
        return (
          <div key={t.pathspec} className="timeline-row" title={`${t.step}/${t.taskId}: ${formatDuration(end - start)}`}>
            <span className="timeline-label">
              {t.step}/{t.taskId}
            </span>
            <div className="timeline-track">
              <div className={`timeline-bar status-${t.status}`} style={{ left: `${(start / span) * 100}%`, width: `${Math.max(0.5, ((end - start) / span) * 100)}%` }} />
            </div>
            <span className="timeline-duration muted">{formatDuration(end - start)}</span>
          </div>
        );
      })}
    </div>
  );
}
