// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { ParameterSpec } from '../../../engine/graph/flow-graph.js';
import { resolveParameters } from '../../../engine/runtime/parameters.js';
import type { FlowGraph } from '../../../engine/graph/flow-graph.js';
import { RunForm, type RunRequest } from './RunForm.js';

const at = { startLine: 1, startCol: 0, endLine: 1, endCol: 1, startOffset: 0, endOffset: 1 };
const param = (p: Partial<ParameterSpec> & Pick<ParameterSpec, 'name' | 'type'>): ParameterSpec => ({ attribute: p.name, help: null, required: false, span: at, ...p });
const PARAMS = [
  param({ name: 'epochs', type: 'int', default: 10 }),
  param({ name: 'rate', type: 'float', default: 0.1 }),
  param({ name: 'verbose', type: 'bool', default: false }),
  param({ name: 'config', type: 'json', default: { a: 1 } }),
  param({ name: 'dataset', type: 'str', required: true, help: 'Where the data is' }),
];

function renderForm(extra: { recent?: Record<string, string>; path?: string } = {}) {
  const onSubmit = vi.fn<(r: RunRequest) => void>();
  render(<RunForm path={extra.path ?? '/f/train.py'} parameters={PARAMS} recent={extra.recent} onSubmit={onSubmit} onCancel={() => undefined} />);
  return onSubmit;
}
const input = (label: string) => screen.getByLabelText(new RegExp(`^${label}`)) as HTMLInputElement;
const set = (label: string, value: string) => fireEvent.change(input(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByTestId('run-form-submit'));

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('RunForm', () => {
  test('fills each input with its default, typed', () => {
    renderForm();
    expect(input('epochs').value).toBe('10');
    expect(input('rate').value).toBe('0.1');
    expect(input('verbose').value).toBe('false');
    expect(input('config').value).toBe('{"a":1}');
    expect(input('dataset').value).toBe('');
  });

  test('a required parameter left empty blocks the run and says so', () => {
    const onSubmit = renderForm();
    submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('dataset is required.');
  });

  test('validates each type with a sentence', () => {
    const onSubmit = renderForm();
    set('dataset', 's3://data');
    set('epochs', '1.5');
    set('rate', 'fast');
    set('config', '{a:1}');
    submit();
    expect(onSubmit).not.toHaveBeenCalled();
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([
      'Parameter "epochs" expects an integer, but got "1.5".',
      'Parameter "rate" expects a number, but got "fast".',
      'Parameter "config" expects JSON, but got "{a:1}".',
    ]);
  });

  test('a bool reads as the engine reads it (y/on/off too)', () => {
    for (const [recent, shown] of [['on', 'true'], ['n', 'false'], ['YES', 'true'], ['off', 'false']] as const) {
      renderForm({ recent: { verbose: recent } });
      expect((screen.getByLabelText('verbose', { exact: false }) as HTMLSelectElement).value).toBe(shown);
      cleanup();
    }
  });

  test('sends what it shows, every field, with backend and tags', () => {
    const onSubmit = renderForm();
    set('dataset', 's3://data');
    set('epochs', '20');
    fireEvent.change(screen.getByLabelText('verbose', { exact: false }), { target: { value: 'true' } });
    fireEvent.change(screen.getByLabelText('Backend'), { target: { value: 'docker' } });
    fireEvent.change(screen.getByLabelText('Tags (comma-separated)'), { target: { value: 'exp, baseline ,' } });
    submit();
    expect(onSubmit).toHaveBeenCalledWith({
      parameters: { epochs: '20', rate: '0.1', verbose: 'true', config: '{"a":1}', dataset: 's3://data' },
      tags: ['exp', 'baseline'],
      backend: 'docker',
    });
  });

  test('the values a run gets do not depend on whether a field was touched', () => {
    const untouched = renderForm();
    set('dataset', 'd');
    submit();
    cleanup();
    localStorage.clear();
    const retyped = renderForm();
    set('dataset', 'd');
    set('rate', '5');
    set('rate', '0.1');
    set('config', '{"a": 2}');
    set('config', '{"a":1}');
    submit();
    const sentUntouched = untouched.mock.calls[0]![0].parameters;
    expect(retyped.mock.calls[0]![0].parameters).toEqual(sentUntouched);
    // And the engine resolves them to what the flow's own defaults give.
    const graph = { parameters: PARAMS } as unknown as FlowGraph;
    expect(resolveParameters(graph, sentUntouched)).toEqual(resolveParameters(graph, { dataset: 'd' }));
  });

  test('a default written as code is left to the engine: the field is empty and says what runs', () => {
    const onSubmit = vi.fn<(r: RunRequest) => void>();
    const computed = [param({ name: 'when', type: 'str', default: { expr: 'lambda ctx: ctx.user_name' } }), param({ name: 'n', type: 'int', default: 3 })];
    render(<RunForm path="/f/c.py" parameters={computed} onSubmit={onSubmit} onCancel={() => undefined} />);
    expect(input('when').value).toBe('');
    expect(input('when').placeholder).toBe('default: lambda ctx: ctx.user_name (evaluated at run start)');
    submit();
    expect(onSubmit.mock.calls[0]![0].parameters).toEqual({ n: '3' });
  });

  test('an emptied field runs with the default its placeholder names', () => {
    const onSubmit = renderForm();
    set('dataset', 'd');
    set('epochs', '');
    expect(input('epochs').placeholder).toBe('default: 10');
    submit();
    expect(onSubmit.mock.calls[0]![0].parameters).not.toHaveProperty('epochs');
  });

  test('remembers the values per flow file', () => {
    renderForm();
    set('dataset', 'first');
    set('epochs', '7');
    fireEvent.change(screen.getByLabelText('Tags (comma-separated)'), { target: { value: 'again' } });
    submit();
    cleanup();

    renderForm();
    expect(input('dataset').value).toBe('first');
    expect(input('epochs').value).toBe('7');
    expect((screen.getByLabelText('Tags (comma-separated)') as HTMLInputElement).value).toBe('again');
    cleanup();

    renderForm({ path: '/f/other.py' });
    expect(input('dataset').value).toBe('');
  });

  test("without remembered values, the engine's recent parameters fill the form", () => {
    renderForm({ recent: { dataset: 'from-engine', epochs: '3' } });
    expect(input('dataset').value).toBe('from-engine');
    expect(input('epochs').value).toBe('3');
  });
});
