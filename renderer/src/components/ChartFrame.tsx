/** The axes, grid and labels every SVG chart of the app shares (results, metrics). */
import type { ReactNode } from 'react';
import { formatTick, type LinearScale } from '../lib/chart-scale.js';

export const CHART = { width: 640, height: 280, left: 56, right: 16, top: 12, bottom: 44 } as const;
export const PLOT = { x0: CHART.left, x1: CHART.width - CHART.right, y0: CHART.height - CHART.bottom, y1: CHART.top } as const;

interface Props {
  /** A numeric x axis, or category labels at the given positions. */
  x: LinearScale | { readonly labels: readonly { readonly at: number; readonly text: string }[] };
  y: LinearScale;
  xLabel: string;
  yLabel: string;
  /** Formats x ticks of a numeric axis (e.g. dates). */
  xFormat?: (value: number) => string;
  children: ReactNode;
  testId: string;
  kind: string;
}

export function ChartFrame({ x, y, xLabel, yLabel, xFormat = formatTick, children, testId, kind }: Props) {
  const xTicks = 'labels' in x ? x.labels : x.ticks(6).map((t) => ({ at: x(t), text: xFormat(t) }));
  const skip = Math.max(1, Math.ceil(xTicks.length / 12));
  return (
    <svg className="chart" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={`${kind} chart of ${yLabel} by ${xLabel}`} data-testid={testId} data-kind={kind}>
      {y.ticks(5).map((t) => (
        <g key={t} className="chart-grid">
          <line x1={PLOT.x0} x2={PLOT.x1} y1={y(t)} y2={y(t)} />
          <text x={PLOT.x0 - 6} y={y(t)} dy="0.32em" textAnchor="end">
            {formatTick(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t, i) =>
        i % skip === 0 ? (
          <text key={`${t.at}-${i}`} className="chart-tick" x={t.at} y={PLOT.y0 + 14} textAnchor="middle">
            {t.text.length > 14 ? `${t.text.slice(0, 13)}…` : t.text}
          </text>
        ) : null,
      )}
      <line className="chart-axis" x1={PLOT.x0} x2={PLOT.x1} y1={PLOT.y0} y2={PLOT.y0} />
      <line className="chart-axis" x1={PLOT.x0} x2={PLOT.x0} y1={PLOT.y0} y2={PLOT.y1} />
      <text className="chart-label" x={(PLOT.x0 + PLOT.x1) / 2} y={CHART.height - 6} textAnchor="middle">
        {xLabel}
      </text>
      <text className="chart-label" transform={`translate(12 ${(PLOT.y0 + PLOT.y1) / 2}) rotate(-90)`} textAnchor="middle">
        {yLabel}
      </text>
      {children}
    </svg>
  );
}
