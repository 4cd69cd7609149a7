/**
 * The SQL console's state: the text being edited, the running query (cancellable by its id),
 * the last result or refusal, the schema for completion, and the history (localStorage). Every
 * request carries the namespace switcher's choice (namespace-store.ts).
 * It lives for the session, so closing and reopening the console keeps the query and result.
 */
import { create } from 'zustand';
import { getClient } from '../api/client.js';
import type { QueryResult, QuerySchema } from '../api/inspect-types.js';
import { downloadFile } from '../lib/download.js';
import { loadHistory, remember, saveHistory } from '../lib/sql-history.js';
import { useNamespaceStore } from './namespace-store.js';

export const RESULT_LIMIT = 1000;
export const DEFAULT_SQL = 'SELECT flow, run_id, status, started_at, duration_s\nFROM runs\nORDER BY started_at DESC\nLIMIT 20';

export type QueryStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

interface SqlState {
  sql: string;
  status: QueryStatus;
  queryId: string | null;
  result: QueryResult | null;
  error: string | null;
  schema: QuerySchema | null;
  history: string[];
  exporting: 'csv' | 'parquet' | null;
  setSql(sql: string): void;
  loadSchema(): Promise<void>;
  run(): Promise<void>;
  cancel(): Promise<void>;
  exportAs(format: 'csv' | 'parquet'): Promise<void>;
}

/**
 * The namespace switcher's current choice, as the engine's `namespace` argument (absent: mine):
 * the views and `latest` then show the same runs as the runs list.
 */
const inNamespace = (): { namespace?: string } => {
  const namespace = useNamespaceStore.getState().namespace;
  return namespace === null ? {} : { namespace };
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
let counter = 0;
const newQueryId = (): string => `q${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export const useSqlStore = create<SqlState>()((set, get) => ({
  sql: DEFAULT_SQL,
  status: 'idle',
  queryId: null,
  result: null,
  error: null,
  schema: null,
  history: loadHistory(),
  exporting: null,
  setSql: (sql) => set({ sql }),
  loadSchema: async () => {
    try {
      set({ schema: await getClient().request('query.schema', inNamespace()) });
    } catch {
      // Completion then offers keywords only; the query itself will say what is wrong.
    }
  },
  run: async () => {
    const sql = get().sql.trim();
    if (sql === '' || get().status === 'running') return;
    const queryId = newQueryId();
    const history = remember(get().history, sql);
    saveHistory(history);
    set({ status: 'running', queryId, error: null, history });
    try {
      const result = await getClient().request('query.run', { sql, limit: RESULT_LIMIT, queryId, ...inNamespace() });
      if (get().queryId === queryId) set({ status: 'done', result, queryId: null });
    } catch (e) {
      if (get().queryId !== queryId) return;
      // A cancelled query fails on the engine side too; the person asked for it, so no error.
      if (get().status === 'cancelled') set({ queryId: null });
      else set({ status: 'failed', error: message(e), queryId: null });
    }
  },
  cancel: async () => {
    const queryId = get().queryId;
    if (queryId === null) return;
    set({ status: 'cancelled' });
    try {
      await getClient().request('query.cancel', { queryId });
    } catch (e) {
      set({ error: message(e) });
    }
  },
  exportAs: async (format) => {
    const sql = get().sql.trim();
    if (sql === '') return;
    set({ exporting: format, error: null });
    try {
      downloadFile(await getClient().request('query.export', { sql, format, ...inNamespace() }));
    } catch (e) {
      set({ error: `Export failed: ${message(e)}` });
    } finally {
      set({ exporting: null });
    }
  },
}));
