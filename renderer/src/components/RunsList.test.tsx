// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { setClient } from '../api/client.js';
import type { RunSummary } from '../api/contract-types.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { fakeClient, trainDocument } from '../test/fake-flow.js';
import { runSummary } from '../test/fake-inspect.js';
import { RunsList } from './RunsList.js';

const MINE = [runSummary('01A'), runSummary('01B')];
const ALICE = [runSummary('01C', { user: 'alice', tags: ['user:alice'], pulled: true })];

let client: ReturnType<typeof fakeClient>;
beforeEach(() => {
  client = fakeClient((method, args) => {
    if (method === 'namespaces.list') return { current: 'user:ada', users: ['ada', 'alice'], tags: ['user:ada', 'user:alice', 'baseline'] };
    if (method === 'runs.list') {
      const ns = (args as { namespace?: string }).namespace;
      return ns === undefined ? MINE : ns === 'user:alice' ? ALICE : ([...ALICE, ...MINE] as RunSummary[]);
    }
    throw new Error(method);
  });
  setClient(client);
  const doc = trainDocument();
  useFlowStore.setState({ doc, graph: doc.graph });
});
afterEach(() => {
  cleanup();
  setClient(null);
  useRunStore.setState({ runs: [], selected: null, detail: null });
  useNamespaceStore.setState({ namespace: null, available: null });
  useScreenStore.setState({ screen: null, picked: [] });
});

const rows = () => [...document.querySelectorAll('tbody tr[data-run]')].map((r) => r.getAttribute('data-run'));

describe('RunsList with namespaces', () => {
  test('offers mine, everyone, each teammate and each tag; switching reloads in that namespace', async () => {
    render(<RunsList />);
    await waitFor(() => expect(rows()).toEqual(['01A', '01B']));
    expect(client.calls.find((c) => c.method === 'runs.list')?.args).toEqual({ flow: 'TrainFlow' });
    const switcher = screen.getByTestId('namespace-switcher') as HTMLSelectElement;
    await waitFor(() => expect([...switcher.options].map((o) => o.value)).toEqual(['', 'all', 'user:alice', 'baseline']));
    expect(switcher.options[0]!.textContent).toBe('Mine (user:ada)');

    fireEvent.change(switcher, { target: { value: 'user:alice' } });
    await waitFor(() => expect(rows()).toEqual(['01C']));
    expect(client.calls.filter((c) => c.method === 'runs.list').at(-1)?.args).toEqual({ flow: 'TrainFlow', namespace: 'user:alice' });
    const teammate = document.querySelector('tr[data-run="01C"]')!;
    expect(teammate.getAttribute('data-pulled')).toBe('true');
    expect(teammate.textContent).toContain('aliceteammate');
  });

  test('ticking two runs enables Compare, which opens with them in order', async () => {
    useNamespaceStore.setState({ namespace: 'all' });
    render(<RunsList />);
    await waitFor(() => expect(rows()).toEqual(['01C', '01A', '01B']));
    const compare = screen.getByTestId('compare-open') as HTMLButtonElement;
    expect(compare.disabled).toBe(true);
    const picks = screen.getAllByTestId('run-pick');
    fireEvent.click(picks[1]!);
    fireEvent.click(picks[0]!);
    expect(useRunStore.getState().selected).toBeNull(); // ticking does not open the run
    expect(compare.disabled).toBe(false);
    expect(compare.textContent).toBe('Compare (2)');
    fireEvent.click(compare);
    expect(useScreenStore.getState().screen).toEqual({ kind: 'compare', pathspecs: ['TrainFlow/01A', 'TrainFlow/01C'] });
  });

  test('each run opens in the artifact browser; SQL and Sync open their screens', async () => {
    render(<RunsList />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId('run-artifacts')[1]!);
    expect(useScreenStore.getState().screen).toEqual({ kind: 'artifacts', run: 'TrainFlow/01B' });
    fireEvent.click(screen.getByTestId('sql-open'));
    expect(useScreenStore.getState().screen).toEqual({ kind: 'sql' });
    fireEvent.click(screen.getByTestId('sync-open'));
    expect(useScreenStore.getState().screen).toEqual({ kind: 'sync' });
  });
});

describe('RunsList tags', () => {
  test('adds and removes a tag through the engine, and the row follows', async () => {
    client = fakeClient((method, args) => {
      const a = args as { pathspec: string; tags: string[] };
      if (method === 'runs.list') return [runSummary('01A', { tags: ['user:ada', 'old'] })];
      if (method === 'namespaces.list') return { current: 'user:ada', users: ['ada'], tags: [] };
      if (method === 'tags.add') return runSummary('01A', { tags: ['user:ada', 'old', ...a.tags] });
      if (method === 'tags.remove') return runSummary('01A', { tags: ['user:ada'] });
      throw new Error(method);
    });
    setClient(client);
    render(<RunsList />);
    await waitFor(() => expect(rows()).toEqual(['01A']));
    fireEvent.click(screen.getByTestId('tag-add'));
    fireEvent.change(screen.getByTestId('tag-input'), { target: { value: 'baseline ' } });
    fireEvent.submit(screen.getByTestId('tag-input'));
    await waitFor(() => expect(screen.getByTestId('run-tags').textContent).toBe('user:adaold×baseline×+'));
    expect(client.calls.find((c) => c.method === 'tags.add')?.args).toEqual({ pathspec: 'TrainFlow/01A', tags: ['baseline'] });
    expect(useRunStore.getState().selected).toBeNull();
    fireEvent.click(screen.getByLabelText('Remove tag old'));
    await waitFor(() => expect(screen.getByTestId('run-tags').textContent).toBe('user:ada+'));
    expect(client.calls.find((c) => c.method === 'tags.remove')?.args).toEqual({ pathspec: 'TrainFlow/01A', tags: ['old'] });
  });
});
