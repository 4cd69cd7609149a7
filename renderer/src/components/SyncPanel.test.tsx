// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApiError, setClient, type FlowbenchClient } from '../api/client.js';
import type { ApiEvent, Method } from '../api/contract-types.js';
import type { SyncStatus } from '../api/inspect-types.js';
import { SyncPanel } from './SyncPanel.js';

const STATUS: SyncStatus = {
  remotes: [{ name: 'team', url: 's3://bucket/flows', endpoint: 'http://127.0.0.1:9000', isDefault: true }],
  pendingRuns: 2,
  pushedRuns: 5,
  lastSync: null,
  inProgress: null,
  lastError: null,
};

let listeners: ((events: readonly ApiEvent[]) => void)[];
let calls: { method: Method; args: unknown }[];
let syncRun: () => Promise<unknown>;
beforeEach(() => {
  listeners = [];
  calls = [];
  const client: FlowbenchClient = {
    transport: 'websocket',
    request: async (method, args) => {
      calls.push({ method, args });
      if (method === 'sync.status') return STATUS as never;
      if (method === 'sync.run') return (await syncRun()) as never;
      if (method === 'namespaces.list') return { current: 'user:ada', users: [], tags: [] } as never;
      throw new Error(method);
    },
    onEvents: (l) => {
      listeners.push(l);
      return () => (listeners = listeners.filter((x) => x !== l));
    },
  };
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

const emit = (e: ApiEvent) => act(() => listeners.forEach((l) => l([e])));

describe('SyncPanel', () => {
  test('shows the remote, what is up and pending; a sync shows progress from events and its summary', async () => {
    let finish: (v: unknown) => void = () => undefined;
    syncRun = () => new Promise((resolve) => (finish = resolve));
    render(<SyncPanel />);
    expect((await screen.findByTestId('sync-pending')).textContent).toBe('2');
    expect(screen.getByTestId('sync-pushed').textContent).toBe('5');
    expect(screen.getByTestId('sync-panel').textContent).toContain('s3://bucket/flows');

    fireEvent.click(screen.getByTestId('sync-run'));
    expect(calls.find((c) => c.method === 'sync.run')?.args).toEqual({ direction: 'sync' });
    await emit({ event: 'sync.progress', payload: { remote: 'team', phase: 'push', objectsDone: 3, objectsTotal: 4, bytesDone: 750_000, bytesTotal: 1_000_000, done: false } });
    const bar = screen.getByTestId('sync-progress');
    expect(bar.dataset.phase).toBe('push');
    expect(bar.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('75');
    expect(bar.textContent).toContain('3/4 objects, 750 kB of 1.0 MB');

    await act(async () => finish({ pushedRuns: 2, pulledRuns: 1, bytesUp: 1_000_000, bytesDown: 2000 }));
    await waitFor(() => expect(screen.getByTestId('sync-done').textContent).toBe('Done: 1 pulled, 2 pushed, 2.0 kB down, 1.0 MB up.'));
    expect(screen.queryByTestId('sync-progress')).toBeNull();
  });

  test('an error is shown with a retry that runs the same direction again', async () => {
    syncRun = () => Promise.reject(new ApiError({ code: 'unavailable', message: 'Could not reach s3://bucket/flows at http://127.0.0.1:9000: connection refused.' }));
    render(<SyncPanel />);
    fireEvent.click(await screen.findByTestId('sync-pull'));
    const error = await screen.findByTestId('sync-error');
    expect(error.textContent).toContain('connection refused');
    syncRun = () => Promise.resolve({ pushedRuns: 0, pulledRuns: 3, bytesUp: 0, bytesDown: 100 });
    fireEvent.click(screen.getByTestId('sync-retry'));
    await screen.findByTestId('sync-done');
    expect(calls.filter((c) => c.method === 'sync.run').map((c) => c.args)).toEqual([{ direction: 'pull' }, { direction: 'pull' }]);
    expect(screen.queryByTestId('sync-error')).toBeNull();
  });
});
