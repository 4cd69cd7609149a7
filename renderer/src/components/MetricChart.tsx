/**
 * One metric across the runs of a flow (issue 7, `metrics.series`): a point per run and task,
 * x the run's start (or a numeric parameter), coloured by a parameter or split into one small
 * chart per value of it. Clicking a point opens that run's artifacts.
 */
import { useEffect, useMemo, useState } from 'react';
import { getClient } from '../api/client.js';
import type { MetricPoint } from '../api/inspect-types.js';
import { extent, linearScale, niceDomain, padded, seriesColour, timeTickFormat } from '../lib/chart-scale.js';
import { formatCell, shortRunId } from '../lib/format-cell.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { ChartFrame, PLOT } from './ChartFrame.js';

interface Props {
  flow: string;
  name: string;
  step?: string;
}

const TIME = '';
const key = (v: unknown): string => (v === undefined ? '(unset)' : formatCell(v));

export function MetricChart({ flow, name, step }: Props) {
  const namespace = useNamespaceStore((s) => s.namespace);
  const [points, setPoints] = useState<readonly MetricPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [by, setBy] = useState('');
  const [split, setSplit] = useState(false);
  const [xParam, setXParam] = useState(TIME);

  useEffect(() => {
    let live = true;
    getClient()
      .request('metrics.series', { flow, name, ...(step === undefined ? {} : { step }), ...(namespace === null ? {} : { namespace }) })
      .then(
        (p) => live && setPoints([...p].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      live = false;
    };
  }, [flow, name, step, namespace]);

  const params = useMemo(() => [...new Set(points?.flatMap((p) => Object.keys(p.parameters)) ?? [])].sort(), [points]);
  const numericParams = params.filter((p) => points?.every((pt) => typeof pt.parameters[p] === 'number'));

  if (error !== null) {
    return (
      <p className="artifact-error" role="alert">
        Could not load {name}: {error}
      </p>
    );
  }
  if (points === null) return <p className="muted">Loading {name} across runs…</p>;
  if (points.length === 0) return <p className="muted">No run of {flow} has a metric {name} in this namespace.</p>;

  const groups = by === '' ? [''] : [...new Set(points.map((p) => key(p.parameters[by])))].sort();
  const colour = (p: MetricPoint): string => (by === '' ? seriesColour(0) : seriesColour(groups.indexOf(key(p.parameters[by]))));
  const xOf = (p: MetricPoint): number => (xParam === TIME ? Date.parse(p.startedAt) : Number(p.parameters[xParam]));
  const panels = split && by !== '' ? groups.map((g) => ({ title: `${by} = ${g}`, points: points.filter((p) => key(p.parameters[by]) === g) })) : [{ title: '', points }];
  // One y scale for every panel, so split charts compare at a glance.
  const yDomain = niceDomain(padded(extent(points.map((p) => p.value))));
  const xDomain = xParam === TIME ? padded(extent(points.map(xOf))) : niceDomain(padded(extent(points.map(xOf))));

  return (
    <div className="metric-chart" data-testid="metric-chart" data-points={points.length}>
      <div className="chart-controls">
        <span>
          <b className="mono">{name}</b> {step !== undefined && <span className="muted">in step {step}</span>} · {points.length} points
        </span>
        <label>
          x{' '}
          <select aria-label="x axis" value={xParam} onChange={(e) => setXParam(e.currentTarget.value)}>
            <option value={TIME}>run start</option>
            {numericParams.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          by{' '}
          <select aria-label="Parameter" data-testid="metric-by" value={by} onChange={(e) => setBy(e.currentTarget.value)}>
            <option value="">(no parameter)</option>
            {params.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="switch">
          <input type="checkbox" data-testid="metric-split" checked={split} disabled={by === ''} onChange={(e) => setSplit(e.currentTarget.checked)} /> split
        </label>
      </div>
      {by !== '' && !split && (
        <ul className="chart-legend">
          {groups.map((g, i) => (
            <li key={g}>
              <span className="swatch" style={{ background: seriesColour(i) }} /> {by} = {g}
            </li>
          ))}
        </ul>
      )}
      <div className={split ? 'metric-panels split' : 'metric-panels'}>
        {panels.map((panel) => {
          const x = linearScale(xDomain, [PLOT.x0 + 8, PLOT.x1 - 8]);
          const y = linearScale(yDomain, [PLOT.y0, PLOT.y1]);
          const xFormat = xParam === TIME ? timeTickFormat(xDomain) : undefined;
          return (
            <figure key={panel.title} className="metric-panel">
              {panel.title !== '' && <figcaption className="mono">{panel.title}</figcaption>}
              <ChartFrame x={x} y={y} xLabel={xParam === TIME ? 'run start' : xParam} yLabel={name} xFormat={xFormat} testId="metric-svg" kind="scatter">
                {panel.points.map((p) => (
                  <circle
                    key={`${p.pathspec}/${p.step}/${p.value}`}
                    className="chart-dot metric-dot"
                    cx={x(xOf(p))}
                    cy={y(p.value)}
                    r={4.5}
                    style={{ fill: colour(p) }}
                    data-run={p.runId}
                    onClick={() => useScreenStore.getState().open({ kind: 'artifacts', run: p.pathspec.split('/').slice(0, 2).join('/') })}
                  >
                    <title>{`${shortRunId(p.runId)} by ${p.user}: ${p.value}${by === '' ? '' : ` (${by} = ${key(p.parameters[by])})`}`}</title>
                  </circle>
                ))}
              </ChartFrame>
            </figure>
          );
        })}
      </div>
    </div>
  );
}
