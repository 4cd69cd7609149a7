// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApiError, setClient } from '../api/client.js';
import type { ArtifactValue, RunDetails, TaskSummary } from '../api/contract-types.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { fakeClient, trainDocument } from '../test/fake-flow.js';
import { ArtifactsPanel } from './ArtifactsPanel.js';

const TASK = 'TrainFlow/1/train/2';
const VALUES: Record<string, ArtifactValue> = {
  model: { kind: 'json', value: { alpha: 0.5, layers: [1, 2] } },
  scores: { kind: 'table', columns: ['epoch', 'loss'], rows: [{ epoch: 1, loss: 0.9 }, { epoch: 2, loss: 0.4 }], totalRows: 120 },
  scaler: { kind: 'repr', repr: 'StandardScaler(with_mean=True)' },
};

function task(extra: Partial<TaskSummary> = {}): TaskSummary {
  return {
    step: 'train',
    taskId: '2',
    pathspec: TASK,
    status: 'succeeded',
    attempt: 0,
    artifacts: [
      { name: 'model', type: 'dict', size: 1234, preview: "{'alpha': 0.5, …}" },
      { name: 'scores', type: 'pandas.DataFrame', size: 48_000, preview: 'DataFrame 120×2' },
      { name: 'scaler', type: 'StandardScaler', size: 310, preview: 'StandardScaler()' },
      { name: 'broken', type: 'object', size: 12, preview: '<object>' },
    ],
    ...extra,
  };
}

function showRun(tasks: TaskSummary[]): void {
  const detail: RunDetails = {
    run: { flow: 'TrainFlow', runId: '1', pathspec: 'TrainFlow/1', status: 'succeeded', user: 'ada', tags: [], parameters: {}, startedAt: '2024-01-01T00:00:00Z', finishedAt: null, durationMs: null, flowFile: '/flows/train_flow.py', backend: 'local' },
    code: '',
    graph: trainDocument().graph,
    tasks,
  };
  useRunStore.setState({ selected: 'TrainFlow/1', detail, selectedTask: TASK });
  useUiStore.setState({ selectedStep: 'train', bottom: 'artifacts' });
}

let client: ReturnType<typeof fakeClient>;
beforeEach(() => {
  client = fakeClient((method, args) => {
    const { name } = args as { name: string };
    if (method === 'tasks.logs') return { text: '', attempt: 0 };
    if (method !== 'artifacts.get' || VALUES[name] === undefined) throw new ApiError({ code: 'not-found', message: `No artifact ${name} in ${TASK}.` });
    return VALUES[name];
  });
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
  useRunStore.setState({ selected: null, detail: null, selectedTask: null });
});

const value = () => screen.getByTestId('artifact-value');
const open = async (name: string) => {
  fireEvent.click(screen.getByTestId(`artifact-row-${name}`));
  await waitFor(() => expect(value().dataset.state).toBe('loaded'));
};

describe('ArtifactsPanel', () => {
  test('without a run it says what to do', () => {
    render(<ArtifactsPanel />);
    expect(screen.getByTestId('artifacts-panel').textContent).toContain('Select a run, then a step');
  });

  test('lists the selected task’s artifacts with type, size and preview', () => {
    showRun([task()]);
    render(<ArtifactsPanel />);
    const row = screen.getByTestId('artifact-row-model');
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['model', 'dict', '1.2 kB', "{'alpha': 0.5, …}"]);
    expect(screen.getByTestId('artifact-row-scores').textContent).toContain('48 kB');
    expect(client.calls).toEqual([]);
  });

  test('clicking a JSON artifact loads it and pretty-prints it', async () => {
    showRun([task()]);
    render(<ArtifactsPanel />);
    await open('model');
    expect(client.calls).toEqual([{ method: 'artifacts.get', args: { pathspec: TASK, name: 'model' } }]);
    expect(value().querySelector('pre')?.textContent).toBe('{\n  "alpha": 0.5,\n  "layers": [\n    1,\n    2\n  ]\n}');
  });

  test('a table shows its columns, first rows and the total', async () => {
    showRun([task()]);
    render(<ArtifactsPanel />);
    await open('scores');
    expect([...value().querySelectorAll('th')].map((th) => th.textContent)).toEqual(['epoch', 'loss']);
    expect([...value().querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual(['10.9', '20.4']);
    expect(value().textContent).toContain('First 2 of 120 rows in all');
  });

  test('a repr shows in a monospace block', async () => {
    showRun([task()]);
    render(<ArtifactsPanel />);
    await open('scaler');
    expect(value().querySelector('pre.artifact-text')?.textContent).toBe('StandardScaler(with_mean=True)');
  });

  test('shows loading, then the engine’s error as a message', async () => {
    let fail: (e: Error) => void = () => undefined;
    setClient(fakeClient(() => new Promise((_, reject) => (fail = reject))));
    showRun([task()]);
    render(<ArtifactsPanel />);
    fireEvent.click(screen.getByTestId('artifact-row-broken'));
    expect(value().textContent).toBe('Loading broken…');
    await act(async () => fail(new ApiError({ code: 'not-found', message: 'No artifact broken in TrainFlow/1/train/2.' })));
    expect(screen.getByRole('alert').textContent).toBe('Could not load broken: No artifact broken in TrainFlow/1/train/2.');
  });

  test('picking another task keeps this tab, opens nothing, and says when it has no artifacts', async () => {
    const other = task({ taskId: '3', pathspec: 'TrainFlow/1/train/3', artifacts: [] });
    showRun([task(), other]);
    render(<ArtifactsPanel />);
    await open('scaler');
    fireEvent.change(screen.getByLabelText('Task'), { target: { value: other.pathspec } });
    expect(useRunStore.getState().selectedTask).toBe(other.pathspec);
    expect(useUiStore.getState().bottom).toBe('artifacts');
    expect(screen.getByTestId('artifacts-panel').textContent).toContain('This task set no artifacts.');
    expect(screen.queryByTestId('artifact-value')).toBeNull();
  });
});
