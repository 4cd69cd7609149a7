/**
 * A small flow document built by hand (renderer tests may not call engine code) and a fake
 * client that records requests and answers them from a table.
 */
import type { FlowbenchClient } from '../api/client.js';
import type { FlowDocument, Method } from '../api/contract-types.js';
import type { SourceSpan, StepSpec } from '../../../engine/graph/flow-graph.js';

export const SOURCE = `from flowbench import FlowSpec, Parameter, step, resources


class TrainFlow(FlowSpec):
    alpha = Parameter("alpha", default=0.5)

    @step
    def start(self):
        self.next(self.train)

    @resources(cpu=2)
    @step
    def train(self):
        """Fits the model."""
        self.model = self.alpha * 2
        self.next(self.end)

    @step
    def end(self):
        pass
`;

function span(source: string, text: string, from = 0): SourceSpan {
  const startOffset = source.indexOf(text, from);
  if (startOffset < 0) throw new Error(`not in source: ${text}`);
  const endOffset = startOffset + text.length;
  const line = (o: number): number => source.slice(0, o).split('\n').length;
  const col = (o: number): number => o - (source.lastIndexOf('\n', o - 1) + 1);
  return { startLine: line(startOffset), startCol: col(startOffset), endLine: line(endOffset), endCol: col(endOffset), startOffset, endOffset };
}

function step(name: string, body: string, extra: Partial<StepSpec>): StepSpec {
  const def = span(SOURCE, `def ${name}(self):`);
  return {
    name,
    isJoin: false,
    params: [],
    decorators: [],
    transition: { kind: 'end' },
    nextCallCount: 0,
    docstring: null,
    span: def,
    defSpan: def,
    nameSpan: span(SOURCE, name, def.startOffset),
    bodySpan: span(SOURCE, body, def.startOffset),
    ...extra,
  };
}

export function trainDocument(): FlowDocument {
  const target = (to: string) => ({ kind: 'linear' as const, targets: [to] as [string], span: span(SOURCE, `self.next(self.${to})`) });
  return {
    path: '/flows/train_flow.py',
    source: SOURCE,
    findings: [],
    positions: {},
    canUndo: false,
    canRedo: false,
    graph: {
      flowName: 'TrainFlow',
      classSpan: span(SOURCE, 'class TrainFlow(FlowSpec):'),
      api: 'flowbench',
      flowDecorators: [],
      parameters: [{ attribute: 'alpha', name: 'alpha', default: 0.5, type: 'float', help: null, required: false, span: span(SOURCE, 'alpha = Parameter("alpha", default=0.5)') }],
      steps: [
        step('start', 'self.next(self.train)', { transition: target('train'), nextCallCount: 1 }),
        step('train', '"""Fits the model."""\n        self.model = self.alpha * 2\n        self.next(self.end)', {
          transition: target('end'),
          nextCallCount: 1,
          docstring: 'Fits the model.',
          decorators: [{ name: 'resources', args: { cpu: 2 }, positional: [], span: span(SOURCE, '@resources(cpu=2)') }],
        }),
        step('end', 'pass', {}),
      ],
      problems: [],
    },
    // As the engine's editor reads them (engine/editor/step-text.ts): bodies without docstrings.
    stepText: {
      start: { body: 'self.next(self.train)', method: '@step\ndef start(self):\n    self.next(self.train)\n' },
      train: {
        body: 'self.model = self.alpha * 2\nself.next(self.end)',
        method: '@resources(cpu=2)\n@step\ndef train(self):\n    """Fits the model."""\n    self.model = self.alpha * 2\n    self.next(self.end)\n',
      },
      end: { body: 'pass', method: '@step\ndef end(self):\n    pass\n' },
    },
  };
}

export interface Call {
  method: Method;
  args: unknown;
}

/** A client whose answers come from `answer`; every request is kept in `calls`. */
export function fakeClient(answer: (method: Method, args: unknown) => unknown): FlowbenchClient & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    transport: 'websocket',
    calls,
    request: async (method, args) => {
      calls.push({ method, args });
      return answer(method, args) as never;
    },
    onEvents: () => () => undefined,
  };
}
