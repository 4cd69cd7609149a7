/**
 * The SQL console (issue 7): a query over the index's views (`runs`, `params`, `tasks`,
 * `artifacts`, `metrics`) and any table artifact (`artifact('Flow/RunId/step', 'name')`), run
 * read-only by the engine, in the namespace the switcher shows (as the runs list). Results in a
 * grid and a chart; export to CSV or Parquet; history.
 */
import { useEffect, useMemo, useState } from 'react';
import type { QueryResult } from '../api/inspect-types.js';
import { formatCount } from '../lib/format-cell.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { RESULT_LIMIT, useSqlStore } from '../stores/sql-store.js';
import { DataGrid } from './DataGrid.js';
import { ResultChart } from './ResultChart.js';
import { SqlEditor } from './SqlEditor.js';

export function SqlConsole({ initialSql }: { initialSql?: string }) {
  const sql = useSqlStore((s) => s.sql);
  const status = useSqlStore((s) => s.status);
  const result = useSqlStore((s) => s.result);
  const error = useSqlStore((s) => s.error);
  const schema = useSqlStore((s) => s.schema);
  const history = useSqlStore((s) => s.history);
  const exporting = useSqlStore((s) => s.exporting);
  const namespace = useNamespaceStore((s) => s.namespace);
  const [tab, setTab] = useState<'grid' | 'chart'>('grid');
  const store = useSqlStore.getState;

  useEffect(() => {
    if (initialSql !== undefined) store().setSql(initialSql);
  }, [initialSql, store]);
  // Completion offers the table artifacts of the runs the views show: reloaded with the namespace.
  useEffect(() => {
    void store().loadSchema();
  }, [namespace, store]);

  return (
    <div className="sql-console" data-testid="sql-console" data-status={status}>
      <div className="sql-top">
        <div className="sql-editor-box">
          <SqlEditor value={sql} onChange={(v) => store().setSql(v)} onRun={() => void store().run()} schema={schema} />
        </div>
        <aside className="sql-side">
          <p className="muted sql-namespace" data-testid="sql-namespace" title="The views and latest show this namespace's runs; change it with the namespace switcher">
            Namespace: {namespace ?? 'mine'}
          </p>
          <div className="sql-actions">
            {status === 'running' ? (
              <button type="button" className="danger" data-testid="sql-cancel" onClick={() => void store().cancel()}>
                Cancel
              </button>
            ) : (
              <button type="button" className="primary" data-testid="sql-run" title="Run (Ctrl-Enter)" onClick={() => void store().run()}>
                Run ▶
              </button>
            )}
            <button type="button" data-testid="sql-export-csv" disabled={exporting !== null} onClick={() => void store().exportAs('csv')}>
              {exporting === 'csv' ? 'Exporting…' : 'CSV ⤓'}
            </button>
            <button type="button" data-testid="sql-export-parquet" disabled={exporting !== null} onClick={() => void store().exportAs('parquet')}>
              {exporting === 'parquet' ? 'Exporting…' : 'Parquet ⤓'}
            </button>
          </div>
          <h3>History</h3>
          <ul className="sql-history" data-testid="sql-history">
            {history.length === 0 && <li className="muted">Queries you run appear here.</li>}
            {history.map((q) => (
              <li key={q}>
                <button type="button" title={q} onClick={() => store().setSql(q)}>
                  {q.replace(/\s+/g, ' ')}
                </button>
              </li>
            ))}
          </ul>
        </aside>
      </div>
      <div className="sql-status" data-testid="sql-status" role={status === 'failed' ? 'alert' : 'status'}>
        {status === 'running' && <span className="muted">Running… (Cancel stops it)</span>}
        {status === 'cancelled' && <span className="muted">Query cancelled.</span>}
        {error !== null && <span className="artifact-error">{error}</span>}
        {status === 'done' && result !== null && <ResultLine result={result} />}
      </div>
      {result !== null && (
        <div className="sql-result">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'grid'} data-testid="sql-tab-grid" onClick={() => setTab('grid')}>
              Results
            </button>
            <button type="button" role="tab" aria-selected={tab === 'chart'} data-testid="sql-tab-chart" onClick={() => setTab('chart')}>
              Chart
            </button>
          </div>
          {tab === 'grid' ? <ResultGrid result={result} /> : <ResultChart key={resultKey(result)} columns={result.columns} rows={result.rows} />}
        </div>
      )}
    </div>
  );
}

/** A new result gets a fresh chart (its first guess), the same result keeps the person's choice. */
const keys = new WeakMap<QueryResult, number>();
let nextKey = 0;
function resultKey(result: QueryResult): number {
  let key = keys.get(result);
  if (key === undefined) keys.set(result, (key = nextKey++));
  return key;
}

function ResultLine({ result }: { result: QueryResult }) {
  return (
    <span className="muted" data-testid="sql-result-line">
      {formatCount(result.rows.length)} {result.rows.length === 1 ? 'row' : 'rows'}
      {result.truncated ? ` (the first ${formatCount(RESULT_LIMIT)}; export for all)` : ''} in {Math.round(result.elapsedMs)} ms
    </span>
  );
}

function ResultGrid({ result }: { result: QueryResult }) {
  const row = useMemo(() => (i: number) => result.rows[i], [result]);
  return <DataGrid label="Query result" testId="sql-grid" columns={result.columns} rowCount={result.rows.length} row={row} />;
}
