// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { setClient } from '../api/client.js';
import type { RunComparison } from '../api/inspect-types.js';
import { fakeClient } from '../test/fake-flow.js';
import { runDetails, runSummary, SUMMARIES } from '../test/fake-inspect.js';
import { ComparePanel } from './ComparePanel.js';

const A = 'TrainFlow/01A';
const B = 'TrainFlow/01B';
const table = (rows: number, extra: { name: string; type: string }[] = []) => ({ rows, columns: [{ name: 'id', type: 'BIGINT' }, ...extra] });
const CMP: RunComparison = {
  runs: [runSummary('01A'), runSummary('01B', { user: 'alice', pulled: true, parameters: { alpha: 0.9 } })],
  params: [
    { name: 'alpha', values: [0.5, 0.9], same: false },
    { name: 'epochs', values: [10, 10], same: true },
  ],
  metrics: [{ step: 'train', name: 'model', values: [1, 1.8], same: false }],
  artifacts: [
    { step: 'start', name: 'grid', values: [{ sha256: 'a'.repeat(64), type: 'list', size: 9 }, { sha256: 'a'.repeat(64), type: 'list', size: 9 }], same: true },
    {
      step: 'train',
      name: 'scores',
      values: [
        { sha256: 'b'.repeat(64), type: 'DataFrame', size: 900, table: table(100) },
        { sha256: 'c'.repeat(64), type: 'DataFrame', size: 990, table: table(120, [{ name: 'loss', type: 'DOUBLE' }]) },
      ],
      same: false,
    },
  ],
  tags: { values: [['user:ada'], ['user:alice']], same: false },
  code: [
    { source: 'x', diff: '' },
    { source: 'y', diff: '--- a\n+++ b\n@@ -15,1 +15,1 @@\n-        self.model = self.alpha * 2\n+        self.model = self.alpha * 3\n' },
  ],
  changedSteps: [[], ['train']],
};

let client: ReturnType<typeof fakeClient>;
beforeEach(() => {
  client = fakeClient((method, args) => {
    if (method === 'runs.compare') return CMP;
    if (method === 'runs.get') return runDetails('01B');
    if (method === 'artifacts.summary') return (args as { pathspec: string }).pathspec.startsWith(B) ? SUMMARIES : SUMMARIES.slice(0, 1);
    throw new Error(method);
  });
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('ComparePanel', () => {
  test('puts the runs side by side and highlights what differs', async () => {
    render(<ComparePanel pathspecs={[A, B]} />);
    await screen.findByTestId('compare-panel');
    expect(client.calls[0]).toEqual({ method: 'runs.compare', args: { pathspecs: [A, B] } });
    expect(screen.getByTestId('compare-run-1').textContent).toContain('teammate');
    const alpha = screen.getByTestId('compare-param-alpha');
    expect(alpha.dataset.same).toBe('false');
    expect(alpha.querySelectorAll('td.diff-cell')).toHaveLength(1);
    expect(alpha.textContent).toContain('different');
    expect(screen.getByTestId('compare-param-epochs').dataset.same).toBe('true');
    expect(screen.getByTestId('compare-artifact-start-grid').textContent).toContain('same');
    const scores = screen.getByTestId('compare-artifact-train-scores');
    expect(scores.textContent).toContain('120 rows × 2 cols');
    expect(scores.textContent).toContain('schema +loss');
  });

  test('"only differences" hides the rows that are the same', async () => {
    render(<ComparePanel pathspecs={[A, B]} />);
    fireEvent.click(await screen.findByTestId('compare-only-diff'));
    expect(screen.queryByTestId('compare-param-epochs')).toBeNull();
    expect(screen.queryByTestId('compare-artifact-start-grid')).toBeNull();
    expect(screen.getByTestId('compare-param-alpha')).not.toBeNull();
    expect(screen.getByTestId('compare-tags')).not.toBeNull();
  });

  test('a differing table compares column summaries on request', async () => {
    render(<ComparePanel pathspecs={[A, B]} />);
    fireEvent.click(await screen.findByTestId('compare-summaries-train-scores'));
    const row = await screen.findByTestId('compare-summaries-row-train-scores');
    await waitFor(() => expect(row.querySelectorAll('.mini-summaries')).toHaveLength(2));
    expect(client.calls.filter((c) => c.method === 'artifacts.summary').map((c) => c.args)).toEqual([
      { pathspec: `${A}/train`, name: 'scores' },
      { pathspec: `${B}/train`, name: 'scores' },
    ]);
  });

  test('the code diff comes from the engine’s unified diff; the changed step is marked on the graph', async () => {
    render(<ComparePanel pathspecs={[A, B]} />);
    const diff = await screen.findByTestId('code-diff');
    expect(diff.querySelector('.diff-del')?.textContent).toBe('        self.model = self.alpha * 2');
    expect(diff.querySelector('.diff-ins')?.textContent).toBe('        self.model = self.alpha * 3');
    const graph = await screen.findByTestId('graph-diff');
    expect([...graph.querySelectorAll('[data-changed="true"]')].map((g) => g.getAttribute('data-step'))).toEqual(['train']);
    expect(graph.querySelectorAll('[data-step]')).toHaveLength(3);
  });
});
