/**
 * A query result as a chart (issue 7), drawn as SVG: the kind is guessed from the columns
 * (lib/chart-kind.ts) and can be changed, like the x and y columns.
 */
import { useMemo, useState } from 'react';
import type { Column, Row } from '../api/inspect-types.js';
import { assertNever } from '../lib/assert-never.js';
import { CHART_KINDS, chooseChart, columnRole, plotValue, type ChartChoice, type ChartKind } from '../lib/chart-kind.js';
import { binValues, extent, formatTick, linearScale, niceDomain, timeTickFormat } from '../lib/chart-scale.js';
import { formatCell } from '../lib/format-cell.js';
import { ChartFrame, PLOT } from './ChartFrame.js';

/** Bars drawn at most; a result with more categories shows the first ones. */
const MAX_BARS = 60;

export function ResultChart({ columns, rows }: { columns: readonly Column[]; rows: readonly Row[] }) {
  const guess = useMemo(() => chooseChart(columns, rows), [columns, rows]);
  const [choice, setChoice] = useState<ChartChoice | null>(guess);
  if (choice === null || !columns.some((c) => c.name === choice.x) || !columns.some((c) => c.name === choice.y)) {
    return <p className="muted chart-empty">Nothing to chart: the result needs a numeric column.</p>;
  }
  const numeric = columns.filter((c) => columnRole(c) === 'number');
  const set = (patch: Partial<ChartChoice>): void => setChoice({ ...choice, ...patch, ...(patch.kind === 'histogram' ? { x: choice.y } : {}) });
  return (
    <div className="result-chart">
      <div className="chart-controls">
        <label>
          Chart{' '}
          <select aria-label="Chart kind" data-testid="chart-kind" value={choice.kind} onChange={(e) => set({ kind: e.currentTarget.value as ChartKind })}>
            {CHART_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        {choice.kind !== 'histogram' && (
          <label>
            x{' '}
            <select aria-label="x column" value={choice.x} onChange={(e) => set({ x: e.currentTarget.value })}>
              {columns.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {choice.kind === 'histogram' ? 'of' : 'y'}{' '}
          <select aria-label="y column" value={choice.y} onChange={(e) => set({ y: e.currentTarget.value, ...(choice.kind === 'histogram' ? { x: e.currentTarget.value } : {}) })}>
            {numeric.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
      </div>
      <Marks choice={choice} columns={columns} rows={rows} />
    </div>
  );
}

function Marks({ choice, columns, rows }: { choice: ChartChoice; columns: readonly Column[]; rows: readonly Row[] }) {
  const xColumn = columns.find((c) => c.name === choice.x)!;
  const xRole = columnRole(xColumn);
  const ys = rows.map((r) => plotValue(r[choice.y], 'number'));
  switch (choice.kind) {
    case 'histogram': {
      const bins = binValues(ys, 20);
      const x = linearScale(extent(bins.flatMap((b) => [b.x0, b.x1])), [PLOT.x0, PLOT.x1]);
      const y = linearScale(niceDomain([0, Math.max(1, ...bins.map((b) => b.count))]), [PLOT.y0, PLOT.y1]);
      return (
        <ChartFrame x={x} y={y} xLabel={choice.y} yLabel="rows" testId="result-chart" kind="histogram">
          {bins.map((b, i) => (
            <rect key={i} className="chart-bar" x={x(b.x0) + 0.5} width={Math.max(1, x(b.x1) - x(b.x0) - 1)} y={y(b.count)} height={PLOT.y0 - y(b.count)}>
              <title>{`${formatTick(b.x0)}–${formatTick(b.x1)}: ${b.count}`}</title>
            </rect>
          ))}
        </ChartFrame>
      );
    }
    case 'bar': {
      const shown = rows.slice(0, MAX_BARS);
      const band = (PLOT.x1 - PLOT.x0) / Math.max(1, shown.length);
      const values = ys.slice(0, MAX_BARS);
      const [lo, hi] = niceDomain(extent([0, ...values]));
      const y = linearScale([lo, hi], [PLOT.y0, PLOT.y1]);
      const labels = shown.map((r, i) => ({ at: PLOT.x0 + band * (i + 0.5), text: formatCell(r[choice.x]) }));
      return (
        <ChartFrame x={{ labels }} y={y} xLabel={choice.x} yLabel={choice.y} testId="result-chart" kind="bar">
          {values.map((v, i) =>
            Number.isFinite(v) ? (
              <rect key={i} className="chart-bar" x={PLOT.x0 + band * i + band * 0.1} width={band * 0.8} y={Math.min(y(v), y(0))} height={Math.abs(y(0) - y(v))}>
                <title>{`${labels[i]!.text}: ${formatCell(shown[i]![choice.y])}`}</title>
              </rect>
            ) : null,
          )}
        </ChartFrame>
      );
    }
    case 'line':
    case 'scatter': {
      const points = rows
        .map((r, i) => ({ x: xRole === 'text' ? i : plotValue(r[choice.x], xRole), y: ys[i]!, row: r }))
        .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
      if (choice.kind === 'line') points.sort((a, b) => a.x - b.x);
      const xDomain = xRole === 'time' ? extent(points.map((p) => p.x)) : niceDomain(extent(points.map((p) => p.x)));
      const x = linearScale(xDomain, [PLOT.x0, PLOT.x1]);
      const y = linearScale(niceDomain(extent(points.map((p) => p.y))), [PLOT.y0, PLOT.y1]);
      const xFormat = xRole === 'time' ? timeTickFormat(xDomain) : undefined;
      return (
        <ChartFrame x={x} y={y} xLabel={choice.x} yLabel={choice.y} xFormat={xFormat} testId="result-chart" kind={choice.kind}>
          {choice.kind === 'line' && <polyline className="chart-line" points={points.map((p) => `${x(p.x)},${y(p.y)}`).join(' ')} />}
          {points.map((p, i) => (
            <circle key={i} className="chart-dot" cx={x(p.x)} cy={y(p.y)} r={choice.kind === 'line' ? 2.5 : 3.5}>
              <title>{`${formatCell(p.row[choice.x])}, ${formatCell(p.row[choice.y])}`}</title>
            </circle>
          ))}
        </ChartFrame>
      );
    }
    default:
      return assertNever(choice.kind);
  }
}
