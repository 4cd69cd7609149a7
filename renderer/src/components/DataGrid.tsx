/**
 * A virtualized grid: only the rows in view are in the DOM, so a table of ten million rows
 * scrolls like one of ten. Rows come from `row(i)` (undefined while its page loads); the grid
 * reports the rows in view through `onRange` so its owner can fetch the pages they need.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Column, Row } from '../api/inspect-types.js';
import { columnRole } from '../lib/chart-kind.js';
import { formatCell } from '../lib/format-cell.js';

export const ROW_HEIGHT = 24;
const OVERSCAN = 10;
/** Rows drawn when the grid has no height yet (first paint, tests without layout). */
const FALLBACK_ROWS = 40;

export interface SortState {
  readonly column: string;
  readonly descending: boolean;
}

interface Props {
  columns: readonly Column[];
  rowCount: number;
  row: (index: number) => Row | undefined;
  /** Rows to have ready (those in view and some around them), and those actually in view. */
  onRange?: (first: number, last: number, view: { first: number; last: number }) => void;
  sort?: SortState | null;
  /** Clicking a header asks for this column's sort; without it the headers are plain. */
  onSort?: (column: string) => void;
  /** Something under each header, e.g. the column's summary. */
  headerExtra?: (column: Column) => ReactNode;
  testId?: string;
  label: string;
}

function columnWidth(column: Column): number {
  return Math.min(280, Math.max(132, column.name.length * 8 + 40));
}

export function DataGrid({ columns, rowCount, row, onRange, sort, onSort, headerExtra, testId, label }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 0 });
  const widths = columns.map(columnWidth);
  const template = widths.map((w) => `${w}px`).join(' ');
  const total = widths.reduce((a, b) => a + b, 0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const measure = (): void => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const visible = view.height > 0 ? Math.ceil(view.height / ROW_HEIGHT) : FALLBACK_ROWS;
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rowCount - 1, Math.floor(view.top / ROW_HEIGHT) + visible + OVERSCAN);

  const inView = { first: Math.min(rowCount - 1, Math.floor(view.top / ROW_HEIGHT)), last: Math.min(rowCount - 1, Math.floor(view.top / ROW_HEIGHT) + visible - 1) };
  const reported = useRef(onRange);
  reported.current = onRange;
  useEffect(() => {
    if (rowCount > 0) reported.current?.(first, last, { first: inView.first, last: inView.last });
  }, [first, last, rowCount, inView.first, inView.last]);

  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const r = row(i);
    rows.push(
      <div key={i} className={`grid-row${r === undefined ? ' loading' : ''}`} role="row" aria-rowindex={i + 2} data-row={i} style={{ top: i * ROW_HEIGHT, gridTemplateColumns: template }}>
        {columns.map((c) => {
          const value = r?.[c.name];
          return (
            <div key={c.name} role="gridcell" className={`grid-cell role-${columnRole(c)}${value === null ? ' null' : ''}`} title={r === undefined ? undefined : formatCell(value)}>
              {r === undefined ? '' : formatCell(value)}
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div className="data-grid" role="grid" aria-label={label} aria-rowcount={rowCount + 1} aria-colcount={columns.length} data-testid={testId} ref={scroller} onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
      <div className="grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width: total }}>
        {columns.map((c) => {
          const sorted = sort?.column === c.name ? (sort.descending ? 'descending' : 'ascending') : 'none';
          return (
            <div key={c.name} role="columnheader" aria-sort={sorted} className="grid-header" data-column={c.name}>
              {onSort === undefined ? (
                <span className="grid-header-name">{c.name}</span>
              ) : (
                <button type="button" className="grid-header-name" title={`Sort by ${c.name}`} onClick={() => onSort(c.name)}>
                  {c.name}
                  <span className="sort-mark" aria-hidden="true">
                    {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
                  </span>
                </button>
              )}
              <span className="grid-type">{c.type}</span>
              {headerExtra?.(c)}
            </div>
          );
        })}
      </div>
      <div className="grid-body" style={{ height: rowCount * ROW_HEIGHT, width: total }}>
        {rows}
      </div>
    </div>
  );
}

/** The next sort after a click on `column`: ascending, then descending, then none. */
export function nextSort(current: SortState | null, column: string): SortState | null {
  if (current?.column !== column) return { column, descending: false };
  return current.descending ? null : { column, descending: true };
}
