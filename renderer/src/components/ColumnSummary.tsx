/** One column's summary (`artifacts.summary`): type, nulls, distinct, min/max and a small histogram. */
import type { ColumnSummary as Summary } from '../api/inspect-types.js';
import { formatCell, formatCount } from '../lib/format-cell.js';

const W = 120;
const H = 28;

export function MiniHistogram({ bins, label }: { bins: Summary['histogram']; label: string }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const w = bins.length === 0 ? 0 : W / bins.length;
  return (
    <svg className="mini-histogram" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" height={H} role="img" aria-label={`Histogram of ${label}`}>
      {bins.map((b, i) => {
        const h = Math.max(b.count > 0 ? 1 : 0, (b.count / max) * H);
        return (
          <rect key={i} x={i * w + 0.5} y={H - h} width={Math.max(1, w - 1)} height={h}>
            <title>{`${b.label}: ${formatCount(b.count)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

const APPROXIMATE = 'An estimate: the table is too large to count its distinct values exactly';

/** The distinct count, with "≈" when the engine estimated it (a table of millions of rows). */
export function distinctText(summary: Pick<Summary, 'distinct' | 'distinctApproximate'>): string {
  return `${summary.distinctApproximate ? '≈' : ''}${formatCount(summary.distinct)}`;
}

export function ColumnSummary({ summary }: { summary: Summary }) {
  return (
    <div className="column-summary" data-testid={`column-summary-${summary.name}`}>
      <MiniHistogram bins={summary.histogram} label={summary.name} />
      <dl>
        <dt>nulls</dt>
        <dd data-field="nulls">{formatCount(summary.nulls)}</dd>
        <dt>distinct</dt>
        <dd data-field="distinct" title={summary.distinctApproximate ? APPROXIMATE : undefined}>
          {distinctText(summary)}
        </dd>
        <dt>min</dt>
        <dd data-field="min" title={formatCell(summary.min)}>{formatCell(summary.min)}</dd>
        <dt>max</dt>
        <dd data-field="max" title={formatCell(summary.max)}>{formatCell(summary.max)}</dd>
      </dl>
    </div>
  );
}
