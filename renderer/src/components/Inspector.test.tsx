// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { setClient } from '../api/client.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useRunStore } from '../stores/run-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { fakeClient, trainDocument } from '../test/fake-flow.js';
import { Inspector } from './Inspector.js';

let client: ReturnType<typeof fakeClient>;
beforeEach(() => {
  const doc = trainDocument();
  client = fakeClient(() => doc);
  setClient(client);
  useFlowStore.setState({ doc, graph: doc.graph, stale: false });
  useRunStore.setState({ detail: null, selected: null });
  useUiStore.setState({ selectedStep: null });
});
afterEach(() => {
  cleanup();
  setClient(null);
});

const edits = () => client.calls.filter((c) => c.method === 'flows.edit').map((c) => (c.args as { edit: unknown }).edit);
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Inspector', () => {
  test('with nothing selected it edits the flow: parameters and default image', async () => {
    render(<Inspector />);
    expect(screen.getByText('TrainFlow')).toBeTruthy();
    expect((screen.getByLabelText('Default of parameter alpha') as HTMLInputElement).value).toBe('0.5');

    fireEvent.change(screen.getByLabelText('New parameter name'), { target: { value: 'epochs' } });
    fireEvent.change(screen.getByLabelText('New parameter type'), { target: { value: 'int' } });
    fireEvent.change(screen.getByLabelText('New parameter default'), { target: { value: '10' } });
    fireEvent.click(screen.getByText('Add'));
    fireEvent.blur(screen.getByLabelText('Default image'), { target: { value: 'python:3.11-slim' } });
    await flush();
    expect(edits()).toEqual([
      { type: 'addParameter', name: 'epochs', paramType: 'int', default: 10 },
      { type: 'setFlowDecorator', name: 'docker', args: { image: 'python:3.11-slim' } },
    ]);
  });

  test('a bad typed default is refused with a sentence, and nothing is sent', async () => {
    render(<Inspector />);
    fireEvent.change(screen.getByLabelText('New parameter name'), { target: { value: 'epochs' } });
    fireEvent.change(screen.getByLabelText('New parameter type'), { target: { value: 'int' } });
    fireEvent.change(screen.getByLabelText('New parameter default'), { target: { value: 'ten' } });
    fireEvent.click(screen.getByText('Add'));
    await flush();
    expect(edits()).toEqual([]);
    expect(useUiStore.getState().toasts.at(-1)?.message).toContain('expects an integer, but got "ten"');
  });

  test('a selected step shows its name, docstring, body without the docstring, and decorators', async () => {
    useUiStore.setState({ selectedStep: 'train' });
    render(<Inspector />);
    expect((screen.getByLabelText('Step name') as HTMLInputElement).value).toBe('train');
    expect((screen.getByLabelText('Docstring') as HTMLTextAreaElement).value).toBe('Fits the model.');
    expect((screen.getByLabelText('CPU') as HTMLInputElement).value).toBe('2');
    // The code editor is loaded when first shown (LazyParts.tsx), and fills in after it appears.
    const editor = await screen.findByTestId('step-code', {}, { timeout: 15_000 });
    await waitFor(() => expect(editor.shadowRoot?.textContent ?? '').toContain('self.model = self.alpha * 2'), { timeout: 15_000 });
    expect(editor.shadowRoot?.textContent ?? '').not.toContain('Fits the model');
  });

  test('decorator fields write their decorator; emptying the last field removes it', async () => {
    useUiStore.setState({ selectedStep: 'train' });
    render(<Inspector />);
    fireEvent.blur(screen.getByLabelText('Memory (MiB)'), { target: { value: '4096' } });
    fireEvent.blur(screen.getByLabelText('Retry times'), { target: { value: '3' } });
    fireEvent.blur(screen.getByLabelText('Environment (KEY=value per line)'), { target: { value: 'A=1\nB=two' } });
    await flush();
    expect(edits()).toEqual([
      { type: 'setDecorator', step: 'train', name: 'resources', args: { cpu: 2, memory: 4096 } },
      { type: 'setDecorator', step: 'train', name: 'retry', args: { times: 3 } },
      { type: 'setDecorator', step: 'train', name: 'environment', args: { vars: { A: '1', B: 'two' } } },
    ]);
  });

  test('clearing CPU on a step whose @resources has only cpu removes the decorator', async () => {
    useUiStore.setState({ selectedStep: 'train' });
    render(<Inspector />);
    fireEvent.blur(screen.getByLabelText('CPU'), { target: { value: '' } });
    await flush();
    expect(edits()).toEqual([{ type: 'removeDecorator', step: 'train', name: 'resources' }]);
  });

  test('docstring and rename go out as edits', async () => {
    useUiStore.setState({ selectedStep: 'train' });
    render(<Inspector />);
    fireEvent.blur(screen.getByLabelText('Docstring'), { target: { value: 'Trains it.' } });
    fireEvent.blur(screen.getByLabelText('Step name'), { target: { value: 'fit' } });
    await flush();
    expect(edits()).toEqual([
      { type: 'setDocstring', step: 'train', docstring: 'Trains it.' },
      { type: 'renameStep', from: 'train', to: 'fit' },
    ]);
  });

  test('a bad number is refused with a sentence', async () => {
    useUiStore.setState({ selectedStep: 'train' });
    render(<Inspector />);
    fireEvent.blur(screen.getByLabelText('Timeout (s)'), { target: { value: 'soon' } });
    await flush();
    expect(edits()).toEqual([]);
    expect(useUiStore.getState().toasts.at(-1)?.message).toContain('"soon" is not a number');
  });

  test('while a run is shown the inspector is read-only', () => {
    useRunStore.setState({ detail: { run: {} as never, code: '', graph: trainDocument().graph, tasks: [] } });
    useUiStore.setState({ selectedStep: 'train' });
    render(<Inspector />);
    expect(screen.getByText(/close the run view/)).toBeTruthy();
    expect((screen.getByLabelText('Docstring') as HTMLTextAreaElement).readOnly).toBe(true);
  });
});
