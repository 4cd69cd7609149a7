// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { setClient } from '../api/client.js';
import type { Method } from '../api/contract-types.js';
import { useScreenStore } from '../stores/screen-store.js';
import { fakeClient } from '../test/fake-flow.js';
import { info, page, runDetails, SUMMARIES } from '../test/fake-inspect.js';
import { ArtifactBrowser } from './ArtifactBrowser.js';

const RUN = 'TrainFlow/01RUN';
const END = `${RUN}/end/3`;
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const ARTIFACTS = [
  info('accuracy', { type: 'float', preview: '0.93', metric: 0.93 }),
  info('scores', { type: 'pandas.core.frame.DataFrame', encoding: 'pickle', size: 48_000, view: 'table', preview: 'DataFrame 1000×3', table: { rows: 1000, columns: [{ name: 'id', type: 'BIGINT' }] } }),
  info('config', { type: 'dict', preview: "{'layers': …}" }),
  info('figure', { type: 'matplotlib.figure.Figure', encoding: 'pickle', view: 'image', preview: '<Figure>' }),
  info('theirs', { type: 'pandas.core.frame.DataFrame', view: 'table', preview: 'DataFrame 1000×3', local: false }),
  info('model', { type: 'sklearn.linear_model.Ridge', encoding: 'pickle', view: 'repr', preview: 'Ridge()', local: false, size: 2_000_000 }),
];

let client: ReturnType<typeof fakeClient>;
/** Finishes the (slow) download of the teammate's `model`. */
let fetchModel: () => void = () => undefined;
beforeEach(() => {
  client = fakeClient((method: Method, args) => {
    const a = args as { pathspec: string; name: string; offset?: number; limit?: number; orderBy?: { column: string; descending?: boolean } };
    switch (method) {
      case 'runs.get':
        return runDetails('01RUN');
      case 'artifacts.list':
        return a.pathspec === END ? ARTIFACTS : [];
      case 'artifacts.page':
        return page(1000, a);
      case 'artifacts.summary':
        return SUMMARIES;
      case 'artifacts.get':
        if (a.name === 'config') return { kind: 'json', value: { layers: [64, 32], optimizer: { name: 'adam', lr: 0.001 } } };
        if (a.name === 'figure') return { kind: 'image', mime: 'image/png', base64: PNG };
        if (a.name === 'model') return new Promise((resolve) => (fetchModel = () => resolve({ kind: 'repr', repr: 'Ridge(alpha=0.5)' })));
        return { kind: 'json', value: 0.93 };
      default:
        throw new Error(`unexpected ${method}`);
    }
  });
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
  useScreenStore.setState({ screen: null });
});

const openArtifact = async (name: string) => {
  fireEvent.click(await screen.findByTestId(`browser-artifact-${name}`));
  return screen.findByTestId('artifact-viewer');
};

describe('ArtifactBrowser', () => {
  test('starts on the end task and lists every artifact with type, size and preview', async () => {
    render(<ArtifactBrowser run={RUN} />);
    const row = await screen.findByTestId('browser-artifact-scores');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['scores', 'pandas.core.frame.DataFrame', '48 kB', 'DataFrame 1000×3']);
    expect(screen.getByTestId('browser-artifacts').dataset.task).toBe(END);
    expect(screen.getByTestId('browser-artifact-model').dataset.local).toBe('false');
    expect(screen.getByTestId('browser-task-end-3').getAttribute('aria-current')).toBe('true');
  });

  test('a table opens in the grid with its first page and column summaries; a header click sorts in the engine', async () => {
    render(<ArtifactBrowser run={RUN} />);
    await openArtifact('scores');
    const grid = await screen.findByTestId('artifact-grid');
    await waitFor(() => expect(grid.querySelector('[data-row="0"]')?.textContent).toBe('00row 0'));
    // Virtualized: a thousand rows, only those in view (plus overscan) in the DOM.
    expect(grid.querySelectorAll('[role="row"]').length).toBeLessThan(60);
    expect(grid.getAttribute('aria-rowcount')).toBe('1001');
    expect(screen.getByTestId('column-summary-score').querySelector('[data-field="nulls"]')?.textContent).toBe('3');
    // An estimated distinct count says so; an exact one does not.
    expect(screen.getByTestId('column-summary-score').querySelector('[data-field="distinct"]')?.textContent).toBe('≈997');
    expect(screen.getByTestId('column-summary-id').querySelector('[data-field="distinct"]')?.textContent).toBe('1,000');
    expect(screen.getByTestId('column-summary-id').querySelectorAll('rect')).toHaveLength(2);
    expect(client.calls.find((c) => c.method === 'artifacts.page')?.args).toEqual({ pathspec: END, name: 'scores', offset: 0, limit: 200 });

    fireEvent.click(within(grid).getByRole('button', { name: /^id/ }));
    await waitFor(() => expect(screen.getByTestId('table-artifact').dataset.sort).toBe('id asc'));
    fireEvent.click(within(grid).getByRole('button', { name: /^id/ }));
    await waitFor(() => expect(grid.querySelector('[data-row="0"]')?.textContent).toBe('99999.9row 999'));
    expect(client.calls.filter((c) => c.method === 'artifacts.page').at(-1)?.args).toEqual({ pathspec: END, name: 'scores', offset: 0, limit: 200, orderBy: { column: 'id', descending: true } });
    expect(within(grid).getAllByRole('columnheader')[0]!.getAttribute('aria-sort')).toBe('descending');
  });

  test('scrolling fetches the pages that come into view, and only those', async () => {
    render(<ArtifactBrowser run={RUN} />);
    await openArtifact('scores');
    const grid = await screen.findByTestId('artifact-grid');
    await waitFor(() => expect(grid.querySelector('[data-row="0"]')).not.toBeNull());
    grid.scrollTop = 24 * 610;
    fireEvent.scroll(grid);
    await waitFor(() => expect(grid.querySelector('[data-row="610"]')?.textContent).toBe('61061row 610'));
    const offsets = client.calls.filter((c) => c.method === 'artifacts.page').map((c) => (c.args as { offset: number }).offset);
    expect(offsets).toEqual([0, 600]);
    expect(grid.querySelector('[data-row="0"]')).toBeNull();
  });

  test('JSON opens as a collapsible tree', async () => {
    render(<ArtifactBrowser run={RUN} />);
    await openArtifact('config');
    const tree = await screen.findByTestId('json-tree');
    expect(tree.textContent).toContain('optimizer: {');
    expect(tree.textContent).toContain('"adam"');
    const optimizer = within(tree).getAllByRole('button').find((b) => b.parentElement?.textContent?.startsWith('▾optimizer'))!;
    fireEvent.click(optimizer);
    expect(optimizer.getAttribute('aria-expanded')).toBe('false');
    expect(tree.textContent).toContain('2 keys }');
    expect(tree.textContent).not.toContain('"adam"');
  });

  test('an image shows as an image', async () => {
    render(<ArtifactBrowser run={RUN} />);
    await openArtifact('figure');
    expect((await screen.findByTestId('artifact-image')).getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
  });

  test('a teammate’s artifact says it will be fetched, shows its repr, then counts as local', async () => {
    render(<ArtifactBrowser run={RUN} />);
    const viewer = await openArtifact('model');
    expect(within(viewer).getByTestId('artifact-remote').textContent).toContain('not downloaded yet');
    expect(viewer.textContent).toContain('Fetching model from the remote (2.0 MB)…');
    await act(async () => fetchModel());
    await waitFor(() => expect(viewer.querySelector('pre.artifact-text')?.textContent).toBe('Ridge(alpha=0.5)'));
    expect(screen.getByTestId('browser-artifact-model').dataset.local).toBe('true');
    expect(client.calls.filter((c) => c.method === 'artifacts.get')).toHaveLength(1);
  });

  test('a teammate’s table counts as local once its first page has come', async () => {
    render(<ArtifactBrowser run={RUN} />);
    expect((await screen.findByTestId('browser-artifact-theirs')).dataset.local).toBe('false');
    await openArtifact('theirs');
    await waitFor(() => expect(screen.getByTestId('browser-artifact-theirs').dataset.local).toBe('true'));
    expect(screen.getByTestId('artifact-grid').querySelector('[data-row="0"]')?.textContent).toBe('00row 0');
  });

  test('a metric leads to its chart across runs', async () => {
    render(<ArtifactBrowser run={RUN} />);
    await openArtifact('accuracy');
    fireEvent.click(screen.getByTestId('metric-chart-open'));
    expect(useScreenStore.getState().screen).toEqual({ kind: 'metric', flow: 'TrainFlow', name: 'accuracy', step: 'end' });
  });

  test('another task lists its own artifacts', async () => {
    render(<ArtifactBrowser run={RUN} />);
    await screen.findByTestId('browser-artifact-scores');
    fireEvent.click(screen.getByTestId('browser-task-train-2'));
    await waitFor(() => expect(screen.getByTestId('browser-artifacts').textContent).toContain('This task set no artifacts.'));
  });
});
