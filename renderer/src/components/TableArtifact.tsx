/**
 * A table artifact in the browser: the virtualized grid paged through `artifacts.page`, sorted
 * by a click on a column header (the engine sorts: the whole table, not the rows on screen),
 * with each column's summary under its header.
 */
import { useEffect, useRef, useState } from 'react';
import { getClient } from '../api/client.js';
import type { ColumnSummary as Summary } from '../api/inspect-types.js';
import { formatCount } from '../lib/format-cell.js';
import { usePagedTable } from '../stores/paged-table.js';
import { ColumnSummary } from './ColumnSummary.js';
import { DataGrid, nextSort, type SortState } from './DataGrid.js';

interface Props {
  pathspec: string;
  name: string;
  /** Called once the first page has arrived (a teammate's table has then been downloaded). */
  onLoaded?: () => void;
}

export function TableArtifact({ pathspec, name, onLoaded }: Props) {
  const [sort, setSort] = useState<SortState | null>(null);
  const table = usePagedTable(pathspec, name, sort);
  const loaded = useRef(onLoaded);
  loaded.current = onLoaded;
  useEffect(() => {
    if (table.totalRows > 0 || (!table.loading && table.error === null)) loaded.current?.();
  }, [table.loading, table.error, table.totalRows]);
  const [summaries, setSummaries] = useState<readonly Summary[] | null>(null);
  const [summaryError, setSummaryError] = useState<string | null>(null);
  const [range, setRange] = useState<[number, number]>([0, 0]);

  useEffect(() => {
    let live = true;
    getClient()
      .request('artifacts.summary', { pathspec, name })
      .then(
        (s) => live && setSummaries(s),
        (e: unknown) => live && setSummaryError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      live = false;
    };
  }, [pathspec, name]);

  if (table.error !== null && table.totalRows === 0) {
    return (
      <p className="artifact-error" role="alert">
        Could not read {name}: {table.error}
      </p>
    );
  }
  if (table.loading) return <p className="muted">Loading {name}…</p>;
  const byName = new Map(summaries?.map((s) => [s.name, s]));
  return (
    <div className="table-artifact" data-testid="table-artifact" data-sort={sort === null ? '' : `${sort.column} ${sort.descending ? 'desc' : 'asc'}`}>
      <div className="table-artifact-bar muted">
        <span data-testid="table-rows">
          {table.totalRows === 0 ? 'No rows' : `Rows ${formatCount(range[0] + 1)}–${formatCount(Math.min(range[1] + 1, table.totalRows))} of ${formatCount(table.totalRows)}`}
        </span>
        <span>{table.columns.length} columns</span>
        {sort !== null && (
          <span>
            sorted by <b>{sort.column}</b> {sort.descending ? 'descending' : 'ascending'}
          </span>
        )}
        {summaryError !== null && <span className="artifact-error">No column summaries: {summaryError}</span>}
        {table.error !== null && <span className="artifact-error">{table.error}</span>}
      </div>
      <DataGrid
        label={`Table ${name}`}
        testId="artifact-grid"
        columns={table.columns}
        rowCount={table.totalRows}
        row={table.row}
        onRange={(first, last, view) => {
          table.need(first, last);
          setRange([view.first, view.last]);
        }}
        sort={sort}
        onSort={(column) => setSort((s) => nextSort(s, column))}
        headerExtra={(c) => {
          const s = byName.get(c.name);
          return s === undefined ? null : <ColumnSummary summary={s} />;
        }}
      />
    </div>
  );
}
