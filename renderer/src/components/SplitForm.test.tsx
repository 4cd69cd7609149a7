// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { StepSpec } from '../../../engine/graph/flow-graph.js';
import { setClient } from '../api/client.js';
import { useFlowStore } from '../stores/flow-store.js';
import { fakeClient, trainDocument } from '../test/fake-flow.js';
import { SplitForm } from './SplitForm.js';

let client: ReturnType<typeof fakeClient>;
const doc = trainDocument();
beforeEach(() => {
  client = fakeClient(() => doc);
  setClient(client);
  useFlowStore.setState({ doc, graph: doc.graph, stale: false });
});
afterEach(() => {
  cleanup();
  setClient(null);
});

const edits = () => client.calls.filter((c) => c.method === 'flows.edit').map((c) => (c.args as { edit: unknown }).edit);
const flush = () => new Promise((r) => setTimeout(r, 0));
const train = doc.graph.steps[1]!;
const span = train.span;

describe('SplitForm sets a split without code', () => {
  test('a plain step becomes a foreach over the list named', async () => {
    render(<SplitForm step={train} readOnly={false} />);
    fireEvent.change(screen.getByLabelText('New foreach list'), { target: { value: 'grid' } });
    fireEvent.click(screen.getByText('⟳ foreach over'));
    await flush();
    expect(edits()).toEqual([{ type: 'makeSplit', step: 'train', kind: 'foreach', foreach: 'grid' }]);
  });

  test("a foreach's list is renamed in place", async () => {
    const foreach: StepSpec = { ...train, transition: { kind: 'foreach', targets: ['end'], foreach: 'items', span } };
    render(<SplitForm step={foreach} readOnly={false} />);
    fireEvent.blur(screen.getByLabelText('Foreach list'), { target: { value: 'grid' } });
    await flush();
    expect(edits()).toEqual([{ type: 'setForeach', step: 'train', foreach: 'grid' }]);
  });

  test("a switch's condition, a case's value and its target", async () => {
    const sw: StepSpec = { ...train, transition: { kind: 'switch', cases: { a: 'end', b: 'start' }, condition: 'choice', targets: ['end', 'start'], span } };
    render(<SplitForm step={sw} readOnly={false} />);
    fireEvent.blur(screen.getByLabelText('Switch condition'), { target: { value: 'size' } });
    fireEvent.blur(screen.getByLabelText('Case a'), { target: { value: 'small' } });
    fireEvent.change(screen.getByLabelText('Target of case b'), { target: { value: 'train' } });
    await flush();
    expect(edits()).toEqual([
      { type: 'setSwitchCondition', step: 'train', condition: 'size' },
      { type: 'renameCase', step: 'train', from: 'a', to: 'small' },
      { type: 'connect', from: 'train', to: 'train', caseValue: 'b' },
    ]);
  });
});
