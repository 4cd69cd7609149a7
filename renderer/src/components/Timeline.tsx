/**
 * A Gantt chart of the selected run's tasks on a time axis: one bar per task from start to finish
 * (or now), foreach tasks labelled with their input (`body · 'y'`), a task's details on hover.
 * A click opens the task's logs. Only the rows in view are drawn (lib/timeline-model.ts): a
 * foreach of 10,000 tasks scrolls as one of ten.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TaskSummary } from '../api/contract-types.js';
import { formatDuration, lastLine } from '../lib/statuses.js';
import { tickLabel, timeTicks } from '../lib/time-axis.js';
import { TIMELINE_ROW_PX, timelineModel, timelineSpan, visibleRows } from '../lib/timeline-model.js';
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
  const tasks = detail?.tasks;
  const runStart = detail?.run.startedAt;
  const model = useMemo(() => (tasks === undefined || runStart === undefined ? null : timelineModel(tasks, runStart)), [tasks, runStart]);
  // The scrolled view: only its rows are drawn (a wide foreach has thousands).
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });
  const measure = useCallback(() => {
    const el = scroller.current;
    if (el !== null) setView((v) => (v.top === el.scrollTop && v.height === (el.clientHeight || v.height) ? v : { top: el.scrollTop, height: el.clientHeight || v.height }));
  }, []);
  const shown = model !== null;
  useLayoutEffect(() => {
    if (!shown) return;
    measure();
    const el = scroller.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure, shown]);
  if (detail === null || model === null) return <p className="muted timeline">Select a run to see its timeline.</p>;
  const span = timelineSpan(model, now);
  const ticks = timeTicks(span);
  const { first, last } = visibleRows(model.tasks.length, view.top, view.height);
  const open = (t: TaskSummary): void => {
    useUiStore.getState().select(t.step);
    const run = useRunStore.getState();
    if (t.status === 'failed') run.setStream('stderr');
    void run.selectTask(t.pathspec);
  };
  const rows = [];
  for (let i = first; i < last; i += 1) {
    const t = model.tasks[i]!;
    const start = model.starts[i]! - model.t0;
    const ended = model.ends[i]!;
    const end = (Number.isFinite(ended) ? ended : now) - model.t0;
    rows.push(
      <div key={t.pathspec} className="timeline-row" style={{ top: i * TIMELINE_ROW_PX }} aria-rowindex={i + 1} data-testid={`timeline-task-${t.taskId}`} title={details(t, end - start)} onClick={() => open(t)}>
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
      </div>,
    );
  }
  return (
    <div className="timeline" aria-label="Timeline" role="table" aria-rowcount={model.tasks.length} data-testid="timeline" data-rows={model.tasks.length} ref={scroller} onScroll={measure}>
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
      <div className="timeline-rows" style={{ height: model.tasks.length * TIMELINE_ROW_PX }}>
        {rows}
      </div>
    </div>
  );
}
