// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ApiError, setClient } from '../api/client.js';
import type { Method } from '../api/contract-types.js';
import type { QueryResult } from '../api/inspect-types.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { DEFAULT_SQL, useSqlStore } from '../stores/sql-store.js';
import { fakeClient } from '../test/fake-flow.js';
import { SqlConsole } from './SqlConsole.js';

const RESULT: QueryResult = {
  columns: [
    { name: 'run_id', type: 'VARCHAR' },
    { name: 'accuracy', type: 'DOUBLE' },
  ],
  rows: [
    { run_id: '01A', accuracy: 0.81 },
    { run_id: '01B', accuracy: 0.93 },
    { run_id: '01C', accuracy: 0.88 },
  ],
  truncated: false,
  elapsedMs: 12.4,
};

let client: ReturnType<typeof fakeClient>;
let answer: (method: Method, args: unknown) => unknown;
beforeEach(() => {
  localStorage.clear();
  useNamespaceStore.setState({ namespace: null });
  useSqlStore.setState({ sql: DEFAULT_SQL, status: 'idle', queryId: null, result: null, error: null, schema: null, history: [], exporting: null });
  answer = (method) => {
    if (method === 'query.schema') return { views: [{ name: 'runs', columns: ['run_id'] }], artifacts: [] };
    if (method === 'query.run') return RESULT;
    if (method === 'query.export') return { filename: 'result.csv', mime: 'text/csv', base64: btoa('run_id,accuracy\n01A,0.81\n') };
    return {};
  };
  client = fakeClient((m, a) => answer(m, a));
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
  vi.restoreAllMocks();
});

const setSql = (sql: string) => act(() => useSqlStore.getState().setSql(sql));

describe('SqlConsole', () => {
  test('runs the query, shows the rows and remembers it in the history', async () => {
    render(<SqlConsole />);
    await waitFor(() => expect(client.calls.some((c) => c.method === 'query.schema')).toBe(true));
    setSql('SELECT run_id, accuracy FROM metrics');
    fireEvent.click(screen.getByTestId('sql-run'));
    await waitFor(() => expect(screen.getByTestId('sql-console').dataset.status).toBe('done'));
    const run = client.calls.find((c) => c.method === 'query.run')!.args as { sql: string; limit: number; queryId: string };
    expect(run.sql).toBe('SELECT run_id, accuracy FROM metrics');
    expect(run.limit).toBe(1000);
    expect(run.queryId).toMatch(/^q/);
    expect(screen.getByTestId('sql-result-line').textContent).toBe('3 rows in 12 ms');
    expect([...screen.getByTestId('sql-grid').querySelectorAll('[data-row]')].map((r) => r.textContent)).toEqual(['01A0.81', '01B0.93', '01C0.88']);
    expect(screen.getByTestId('sql-history').textContent).toContain('SELECT run_id, accuracy FROM metrics');
    expect(JSON.parse(localStorage.getItem('flowbench.sql-history') ?? '[]')).toEqual(['SELECT run_id, accuracy FROM metrics']);
  });

  test('the query, its export and completion follow the namespace switcher', async () => {
    render(<SqlConsole />);
    await waitFor(() => expect(client.calls.some((c) => c.method === 'query.schema')).toBe(true));
    expect(screen.getByTestId('sql-namespace').textContent).toBe('Namespace: mine');
    fireEvent.click(screen.getByTestId('sql-run'));
    await waitFor(() => expect(screen.getByTestId('sql-console').dataset.status).toBe('done'));
    expect(client.calls.find((c) => c.method === 'query.run')!.args).not.toHaveProperty('namespace');

    act(() => useNamespaceStore.getState().setNamespace('user:alice'));
    expect(screen.getByTestId('sql-namespace').textContent).toBe('Namespace: user:alice');
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'query.schema').at(-1)!.args).toEqual({ namespace: 'user:alice' }));
    fireEvent.click(screen.getByTestId('sql-run'));
    await waitFor(() => expect(client.calls.filter((c) => c.method === 'query.run')).toHaveLength(2));
    expect(client.calls.filter((c) => c.method === 'query.run').at(-1)!.args).toMatchObject({ namespace: 'user:alice' });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    fireEvent.click(screen.getByTestId('sql-export-csv'));
    await waitFor(() => expect(client.calls.find((c) => c.method === 'query.export')?.args).toMatchObject({ format: 'csv', namespace: 'user:alice' }));
  });

  test('a refused query shows the engine’s sentence', async () => {
    answer = (method) => {
      if (method === 'query.run') throw new ApiError({ code: 'bad-argument', message: 'COPY … TO is refused: queries are read-only.' });
      return { views: [], artifacts: [] };
    };
    render(<SqlConsole />);
    setSql("COPY runs TO '/tmp/x.csv'");
    fireEvent.click(screen.getByTestId('sql-run'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('COPY … TO is refused: queries are read-only.'));
  });

  test('a running query can be cancelled by its id', async () => {
    let fail: (e: Error) => void = () => undefined;
    answer = (method, args) => {
      if (method === 'query.run') return new Promise((_, reject) => (fail = reject));
      if (method === 'query.cancel') {
        fail(new ApiError({ code: 'cancelled', message: 'The query was cancelled.' }));
        return {};
      }
      return method === 'query.schema' ? { views: [], artifacts: [] } : args;
    };
    render(<SqlConsole />);
    fireEvent.click(screen.getByTestId('sql-run'));
    await waitFor(() => expect(screen.getByTestId('sql-console').dataset.status).toBe('running'));
    fireEvent.click(screen.getByTestId('sql-cancel'));
    await waitFor(() => expect(screen.getByTestId('sql-status').textContent).toBe('Query cancelled.'));
    const runId = (client.calls.find((c) => c.method === 'query.run')!.args as { queryId: string }).queryId;
    expect(client.calls.find((c) => c.method === 'query.cancel')?.args).toEqual({ queryId: runId });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('the chart picks bars for a category and a number', async () => {
    render(<SqlConsole />);
    fireEvent.click(screen.getByTestId('sql-run'));
    await waitFor(() => expect(screen.getByTestId('sql-console').dataset.status).toBe('done'));
    fireEvent.click(screen.getByTestId('sql-tab-chart'));
    const chart = screen.getByTestId('result-chart');
    expect(chart.dataset.kind).toBe('bar');
    expect(chart.querySelectorAll('rect.chart-bar')).toHaveLength(3);
    fireEvent.change(screen.getByTestId('chart-kind'), { target: { value: 'histogram' } });
    expect(screen.getByTestId('result-chart').dataset.kind).toBe('histogram');
  });

  test('export asks the engine for the file and downloads it', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (created.push(b as Blob), 'blob:x'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('result.csv');
    });
    render(<SqlConsole />);
    setSql('SELECT 1');
    fireEvent.click(screen.getByTestId('sql-export-csv'));
    await waitFor(() => expect(clicked).toHaveBeenCalledOnce());
    expect(client.calls.find((c) => c.method === 'query.export')?.args).toEqual({ sql: 'SELECT 1', format: 'csv' });
    expect(await created[0]!.text()).toBe('run_id,accuracy\n01A,0.81\n');
  });
});
