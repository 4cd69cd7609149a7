import { describe, it } from 'vitest';
import { checkEditCase, type EditCase } from './golden.test-helpers.js';

/**
 * Golden cases: `before(<before>)` (fixtures/before/ or the graph's fixtures) → edit →
 * fixtures/after/<name>.py. `touches` lists what the original lines the edit may change
 * contain; every other line must survive as is.
 */
const CASES: readonly EditCase[] = [
  // addStep: one per kind, the indentation and line breaks of the file.
  { name: 'add-step', before: 'simple', edit: { type: 'addStep', name: 'train', kind: 'step' }, touches: [] },
  { name: 'add-branch', before: 'simple', edit: { type: 'addStep', name: 'split', kind: 'branch' }, touches: [] },
  { name: 'add-foreach', before: 'simple', edit: { type: 'addStep', name: 'fan_out', kind: 'foreach' }, touches: [] },
  { name: 'add-switch', before: 'simple', edit: { type: 'addStep', name: 'decide', kind: 'switch' }, touches: [] },
  { name: 'add-join', before: 'simple', edit: { type: 'addStep', name: 'gather', kind: 'join' }, touches: [] },
  { name: 'add-step-tabs', before: 'tabs', edit: { type: 'addStep', name: 'middle', kind: 'step' }, touches: [] },
  { name: 'add-step-crlf', before: 'crlf', edit: { type: 'addStep', name: 'middle', kind: 'foreach' }, touches: [] },
  { name: 'add-step-module-api', before: 'metaflow-imports', edit: { type: 'addStep', name: 'middle', kind: 'step' }, touches: [] },
  // addStep into an edge, and makeSplit: the palette's kinds create what they say, wired.
  { name: 'add-step-between', before: 'simple', edit: { type: 'addStep', name: 'train', kind: 'step', between: { from: 'start', to: 'end' } }, touches: ['self.next(self.end)'] },
  { name: 'add-branch-between', before: 'simple', edit: { type: 'addStep', name: 'split', kind: 'branch', between: { from: 'start', to: 'end' } }, touches: ['self.next(self.end)'] },
  { name: 'add-foreach-between', before: 'branch-join', edit: { type: 'addStep', name: 'fan', kind: 'foreach', foreach: 'grid', between: { from: 'train_a', to: 'join' } }, touches: ['self.next(self.join)'] },
  { name: 'make-split-branch', before: 'simple', edit: { type: 'makeSplit', step: 'start', kind: 'branch' }, touches: ['self.next(self.end)'] },
  { name: 'make-split-foreach', before: 'simple', edit: { type: 'makeSplit', step: 'start', kind: 'foreach', foreach: 'letters' }, touches: ['self.next(self.end)'] },
  { name: 'make-split-switch', before: 'simple', edit: { type: 'makeSplit', step: 'start', kind: 'switch' }, touches: ['self.next(self.end)'] },
  { name: 'make-split-tabs', before: 'tabs', edit: { type: 'makeSplit', step: 'start', kind: 'foreach' }, touches: ['self.next(self.end)'] },
  { name: 'make-split-inline', before: 'odd-formatting', edit: { type: 'makeSplit', step: 'a', kind: 'branch' }, touches: ['def a(self)'] },
  { name: 'set-foreach', before: 'foreach', edit: { type: 'setForeach', step: 'start', foreach: 'grid' }, touches: ['foreach="items"'] },
  { name: 'set-switch-condition', before: 'switch-loop', edit: { type: 'setSwitchCondition', step: 'evaluate', condition: 'outcome' }, touches: ['condition="verdict"'] },
  // connect: by the from step's transition (or, without one, the kind it was created as).
  { name: 'connect-new-linear', before: 'building', edit: { type: 'connect', from: 'work', to: 'end' }, touches: ['pass'] },
  { name: 'connect-new-foreach', before: 'building', edit: { type: 'connect', from: 'fan_out', to: 'work' }, touches: [] },
  { name: 'connect-new-switch', before: 'building', edit: { type: 'connect', from: 'decide', to: 'work', caseValue: 'again' }, touches: [] },
  { name: 'connect-linear-to-branch', before: 'building', edit: { type: 'connect', from: 'start', to: 'fan_out' }, touches: ['self.next(self.work)'] },
  { name: 'connect-branch-add', before: 'branch-join', edit: { type: 'connect', from: 'start', to: 'join' }, touches: ['self.next(self.train_a, self.train_b)'] },
  { name: 'connect-multiline-branch', before: 'odd-formatting', edit: { type: 'connect', from: 'start', to: 'join' }, touches: [] },
  { name: 'connect-inline-body', before: 'odd-formatting', edit: { type: 'connect', from: 'a', to: 'b' }, touches: ['def a(self)'] },
  { name: 'connect-foreach-replace', before: 'foreach', edit: { type: 'connect', from: 'start', to: 'join' }, touches: ['foreach="items"'] },
  { name: 'connect-switch-add-case', before: 'switch-loop', edit: { type: 'connect', from: 'evaluate', to: 'train' }, touches: ['condition="verdict"'] },
  { name: 'connect-switch-multiline', before: 'switch-loop', edit: { type: 'connect', from: 'train', to: 'end', caseValue: 'stop' }, touches: ['{"again": self.train, "done": self.evaluate},'] },
  { name: 'connect-switch-set-case', before: 'switch-loop', edit: { type: 'connect', from: 'train', to: 'end', caseValue: 'done' }, touches: ['"done": self.evaluate'] },
  { name: 'set-step-body-tabs-simple', before: 'tabs', edit: { type: 'setStepBody', step: 'end', body: 'x = 1' }, touches: ['pass'] },
  // disconnect
  { name: 'disconnect-linear', before: 'simple', edit: { type: 'disconnect', from: 'start', to: 'end' }, touches: ['self.next(self.end)'] },
  { name: 'disconnect-branch', before: 'branch-join', edit: { type: 'disconnect', from: 'start', to: 'train_a' }, touches: ['self.next(self.train_a, self.train_b)'] },
  { name: 'disconnect-multiline-branch', before: 'odd-formatting', edit: { type: 'disconnect', from: 'start', to: 'a' }, touches: ['self.a,'] },
  { name: 'disconnect-only-statement', before: 'odd-formatting', edit: { type: 'disconnect', from: 'a', to: 'join' }, touches: ['def a(self)'] },
  { name: 'disconnect-switch-case', before: 'switch-loop', edit: { type: 'disconnect', from: 'train', to: 'evaluate' }, touches: ['{"again": self.train, "done": self.evaluate},'] },
  { name: 'disconnect-crlf', before: 'crlf', edit: { type: 'disconnect', from: 'start', to: 'end' }, touches: ['self.next(self.end)'] },
  // deleteStep
  { name: 'delete-step-branch-target', before: 'branch-join', edit: { type: 'deleteStep', name: 'train_b' }, touches: ['train_b', 'self.model = "b"', 'self.next(self.join)', '@step', '\n'] },
  { name: 'delete-step-linear-target', before: 'branch-join', edit: { type: 'deleteStep', name: 'join' }, touches: ['join', 'Pick the best', 'Compares', '"""', 'self.best', 'self.next(self.end)', '@step', '\n'] },
  { name: 'delete-step-building', before: 'building', edit: { type: 'deleteStep', name: 'work' }, touches: ['self.next(self.work)', 'work', 'TODO', 'pass', '@step', '\n'] },
  { name: 'disconnect-tabs', before: 'tabs', edit: { type: 'disconnect', from: 'start', to: 'end' }, touches: ['self.next(self.end)'] },
  // renameStep
  { name: 'rename-step', before: 'branch-join', edit: { type: 'renameStep', from: 'train_a', to: 'fit_left' }, touches: ['train_a'] },
  { name: 'rename-step-switch', before: 'switch-loop', edit: { type: 'renameStep', from: 'train', to: 'fit' }, touches: ['train'] },
  { name: 'rename-step-odd', before: 'odd-formatting', edit: { type: 'renameStep', from: 'join', to: 'merge' }, touches: ['join'] },
  // duplicateStep
  { name: 'duplicate-step', before: 'branch-join', edit: { type: 'duplicateStep', name: 'train_b', newName: 'train_c' }, touches: [] },
  { name: 'duplicate-step-odd', before: 'odd-formatting', edit: { type: 'duplicateStep', name: 'b', newName: 'c' }, touches: [] },
  { name: 'set-docstring-crlf', before: 'crlf', edit: { type: 'setDocstring', step: 'start', docstring: 'One line now.' }, touches: ['Line one.', 'Line two.', '"""', '\r\n'] },
  // decorators
  { name: 'set-decorator-new', before: 'simple', edit: { type: 'setDecorator', step: 'start', name: 'retry', args: { times: 3, minutes_between_retries: 0 } }, touches: ['from flowbench import'] },
  { name: 'set-decorator-replace', before: 'decorators', edit: { type: 'setDecorator', step: 'end', name: 'resources', args: { cpu: 8, memory: 32000 } }, touches: ['@resources(', 'cpu=4', 'gpu=1', 'memory=16_000', '    )'] },
  { name: 'set-decorator-values', before: 'simple', edit: { type: 'setDecorator', step: 'end', name: 'environment', args: { vars: { A: 'x "q"', B: 'y' }, flag: true, none: null, list: [1, 2.5, false] } }, touches: ['from flowbench import'] },
  { name: 'set-decorator-module-api', before: 'metaflow-imports', edit: { type: 'setDecorator', step: 'start', name: 'timeout', args: { seconds: 60 } }, touches: [] },
  { name: 'remove-decorator', before: 'decorators', edit: { type: 'removeDecorator', step: 'end', name: 'resources' }, touches: ['@resources(', 'cpu=4', 'gpu=1', 'memory=16_000', '    )'] },
  // flow decorators
  { name: 'set-flow-decorator-new', before: 'simple', edit: { type: 'setFlowDecorator', name: 'docker', args: { image: 'python:3.12-slim' } }, touches: ['from flowbench import'] },
  { name: 'set-flow-decorator-replace', before: 'decorators', edit: { type: 'setFlowDecorator', name: 'docker', args: { image: 'python:3.12' } }, touches: ['@docker(image="python:3.11-slim")'] },
  { name: 'remove-flow-decorator', before: 'decorators', edit: { type: 'removeFlowDecorator', name: 'project' }, touches: ['@project'] },
  // docstrings
  { name: 'set-docstring-new', before: 'branch-join', edit: { type: 'setDocstring', step: 'train_a', docstring: 'Train "A".' }, touches: [] },
  { name: 'set-docstring-replace-multiline', before: 'branch-join', edit: { type: 'setDocstring', step: 'join', docstring: 'Pick one.\n\nThe best of two.' }, touches: ['Pick the best model.', 'Compares the two', '"""', '\n'] },
  { name: 'set-docstring-remove', before: 'simple', edit: { type: 'setDocstring', step: 'start', docstring: null }, touches: ['"""Begin."""'] },
  { name: 'set-docstring-tabs', before: 'tabs', edit: { type: 'setDocstring', step: 'start', docstring: 'Tabbed.' }, touches: [] },
  // step bodies
  { name: 'set-step-body', before: 'simple', edit: { type: 'setStepBody', step: 'start', body: 'self.total = 1\nif self.total:\n    print("yes")\nself.next(self.end)' }, touches: ['self.total = self.count', 'self.next(self.end)'] },
  { name: 'set-step-body-empty', before: 'simple', edit: { type: 'setStepBody', step: 'end', body: '  \n' }, touches: ['print(self.total)'] },
  { name: 'set-step-body-tabs', before: 'tabs', edit: { type: 'setStepBody', step: 'end', body: 'for i in range(2):\n    print(i)' }, touches: ['pass'] },
  { name: 'set-step-body-crlf', before: 'crlf', edit: { type: 'setStepBody', step: 'end', body: 'a = 1\r\nb = 2' }, touches: ['pass'] },
  { name: 'set-step-body-inline', before: 'odd-formatting', edit: { type: 'setStepBody', step: 'a', body: 'x = 1\nself.next(self.join)' }, touches: ['def a(self)'] },
  // parameters
  { name: 'add-parameter-after-last', before: 'simple', edit: { type: 'addParameter', name: 'rate', default: 0.5, paramType: 'float', help: 'Learning "rate"', required: true }, touches: [] },
  { name: 'add-parameter-import', before: 'building', edit: { type: 'addParameter', name: 'config', default: '{}', paramType: 'json' }, touches: ['from flowbench import'] },
  { name: 'add-parameter-top', before: 'foreach', edit: { type: 'addParameter', name: 'n', default: 'x' }, touches: ['from flowbench import'] },
  { name: 'add-parameter-module-api', before: 'metaflow-imports', edit: { type: 'addParameter', name: 'm', default: 1 }, touches: [] },
  { name: 'remove-parameter-module-api', before: 'metaflow-imports', edit: { type: 'removeParameter', name: 'n' }, touches: ['metaflow.Parameter', '\n'] },
  { name: 'add-parameter-multiline-import', before: 'odd-formatting', edit: { type: 'addParameter', name: 'size', default: 10 }, touches: [] },
  { name: 'update-parameter', before: 'simple', edit: { type: 'updateParameter', name: 'count', newName: 'n', default: 5, help: null, required: true }, touches: ['count'] },
  { name: 'update-parameter-keeps-args', before: 'branch-join', edit: { type: 'updateParameter', name: 'alpha', paramType: 'float' }, touches: ['alpha = Parameter'] },
  { name: 'remove-parameter', before: 'simple', edit: { type: 'removeParameter', name: 'count' }, touches: ['count = Parameter', '\n'] },
  // paste
  {
    name: 'paste-steps',
    before: 'simple',
    edit: { type: 'pasteSteps', source: '@retry(times=2)\n    @step\n    def start(self):\n        # copied\n        self.next(self.helper)\n\n    @step\n    def helper(self):\n        self.next(self.missing)\n' },
    touches: ['from flowbench import'],
  },
  { name: 'paste-steps-tabs', before: 'tabs', edit: { type: 'pasteSteps', source: '    @step\n    def extra(self):\n        if True:\n            pass\n        self.next(self.end)\n' }, touches: [] },
];

describe('applyEdit golden cases', () => {
  for (const c of CASES) it(`${c.name} (${c.edit.type} on ${c.before}.py)`, () => checkEditCase(c));
});
