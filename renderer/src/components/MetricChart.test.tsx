// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { setClient } from '../api/client.js';
import type { MetricPoint } from '../api/inspect-types.js';
import { useNamespaceStore } from '../stores/namespace-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { fakeClient } from '../test/fake-flow.js';
import { MetricChart } from './MetricChart.js';

const point = (runId: string, value: number, alpha: number, at: string): MetricPoint => ({
  pathspec: `TrainFlow/${runId}`,
  runId,
  startedAt: at,
  user: 'ada',
  step: 'end',
  value,
  parameters: { alpha },
});
const POINTS = [point('03', 0.9, 0.5, '2024-05-03T00:00:00Z'), point('01', 0.7, 0.1, '2024-05-01T00:00:00Z'), point('02', 0.8, 0.5, '2024-05-02T00:00:00Z')];

let client: ReturnType<typeof fakeClient>;
beforeEach(() => {
  client = fakeClient(() => POINTS);
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
  useNamespaceStore.setState({ namespace: null });
  useScreenStore.setState({ screen: null });
});

describe('MetricChart', () => {
  test('one point per run in the namespace shown, in time order', async () => {
    useNamespaceStore.setState({ namespace: 'all' });
    render(<MetricChart flow="TrainFlow" name="accuracy" step="end" />);
    const chart = await screen.findByTestId('metric-chart');
    expect(client.calls[0]).toEqual({ method: 'metrics.series', args: { flow: 'TrainFlow', name: 'accuracy', step: 'end', namespace: 'all' } });
    const dots = [...chart.querySelectorAll('circle.metric-dot')];
    expect(dots.map((d) => d.getAttribute('data-run'))).toEqual(['01', '02', '03']);
    const xs = dots.map((d) => Number(d.getAttribute('cx')));
    const ys = dots.map((d) => Number(d.getAttribute('cy')));
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(ys[0]).toBeGreaterThan(ys[2]!); // higher value, higher on screen
  });

  test('coloured by a parameter, or split into one chart per value', async () => {
    render(<MetricChart flow="TrainFlow" name="accuracy" />);
    await screen.findByTestId('metric-chart');
    fireEvent.change(screen.getByTestId('metric-by'), { target: { value: 'alpha' } });
    const fills = [...document.querySelectorAll('circle.metric-dot')].map((d) => (d as SVGElement).style.fill);
    expect(new Set(fills).size).toBe(2);
    expect(fills[1]).toBe(fills[2]);
    expect(document.querySelector('.chart-legend')?.textContent).toBe(' alpha = 0.1 alpha = 0.5');
    fireEvent.click(screen.getByTestId('metric-split'));
    expect([...document.querySelectorAll('figcaption')].map((f) => f.textContent)).toEqual(['alpha = 0.1', 'alpha = 0.5']);
    expect(screen.getAllByTestId('metric-svg')).toHaveLength(2);
  });

  test('a point opens its run in the artifact browser', async () => {
    render(<MetricChart flow="TrainFlow" name="accuracy" />);
    await screen.findByTestId('metric-chart');
    fireEvent.click(document.querySelector('circle[data-run="02"]')!);
    expect(useScreenStore.getState().screen).toEqual({ kind: 'artifacts', run: 'TrainFlow/02' });
  });
});
