import { describe, expect, it } from 'vitest';
import { parseFlow } from '../graph/index.js';
import { lintFlow } from '../lint/index.js';
import { applyEdit } from './apply-edit.js';
import { before } from './golden.test-helpers.js';
import type { FlowEdit } from './edits.js';

function refused(source: string, edit: FlowEdit): string {
  const result = applyEdit(source, edit);
  if (result.ok) throw new Error(`expected ${edit.type} to be refused`);
  return result.reason;
}

function applied(source: string, ...edits: FlowEdit[]): string {
  let current = source;
  for (const edit of edits) {
    const result = applyEdit(current, edit);
    if (!result.ok) throw new Error(`${edit.type} refused: ${result.reason}`);
    current = result.source;
  }
  return current;
}

describe('applyEdit refuses structural errors with a sentence naming the steps', () => {
  const building = before('building');
  const branch = before('branch-join');

  it('an edge into start', () => {
    expect(refused(building, { type: 'connect', from: 'work', to: 'start' })).toMatch(/"work" cannot go to "start"/);
  });

  it('an edge out of end', () => {
    expect(refused(building, { type: 'connect', from: 'end', to: 'work' })).toMatch(/"end" is the last step/);
  });

  it('a step connected to itself without a switch', () => {
    expect(refused(building, { type: 'connect', from: 'work', to: 'work' })).toMatch(/"work" cannot go to itself/);
    expect(refused(building, { type: 'connect', from: 'start', to: 'start' })).toMatch(/"start"/);
  });

  it('a loop that is not a switch loop', () => {
    const source = applied(building, { type: 'connect', from: 'work', to: 'fan_out' });
    expect(refused(source, { type: 'connect', from: 'fan_out', to: 'work' })).toMatch(/"work" → "fan_out" → "work" form a loop/);
  });

  it('a join that also splits', () => {
    expect(refused(branch, { type: 'connect', from: 'join', to: 'train_a' })).toMatch(/"join" is a join/);
  });

  it('an unknown step', () => {
    expect(refused(building, { type: 'connect', from: 'work', to: 'nowhere' })).toBe('The flow has no step "nowhere".');
    expect(refused(building, { type: 'disconnect', from: 'ghost', to: 'end' })).toBe('The flow has no step "ghost".');
    expect(refused(building, { type: 'deleteStep', name: 'ghost' })).toBe('The flow has no step "ghost".');
  });

  it('invalid, keyword, taken and reserved names', () => {
    expect(refused(building, { type: 'addStep', name: '2fast', kind: 'step' })).toMatch(/"2fast" cannot name a step/);
    expect(refused(building, { type: 'addStep', name: 'my step', kind: 'step' })).toMatch(/cannot name a step/);
    expect(refused(building, { type: 'addStep', name: 'class', kind: 'step' })).toMatch(/Python keyword/);
    expect(refused(building, { type: 'addStep', name: 'work', kind: 'join' })).toMatch(/already has a step "work"/);
    expect(refused(building, { type: 'addStep', name: 'next', kind: 'step' })).toMatch(/FlowSpec already uses self.next/);
    expect(refused(building, { type: 'renameStep', from: 'work', to: 'decide' })).toMatch(/already has a step, parameter or attribute named "decide"/);
    expect(refused(building, { type: 'duplicateStep', name: 'work', newName: 'import' })).toMatch(/Python keyword/);
    expect(refused(before('simple'), { type: 'addParameter', name: 'count' })).toMatch(/"count"/);
    expect(refused(before('simple'), { type: 'addStep', name: 'count', kind: 'step' })).toMatch(/"count"/);
    expect(refused(before('metaflow-imports'), { type: 'addStep', name: 'helper', kind: 'step' })).toMatch(/"helper"/);
  });

  it('deleting or renaming start and end', () => {
    expect(refused(building, { type: 'deleteStep', name: 'start' })).toMatch(/"start" cannot be deleted/);
    expect(refused(building, { type: 'renameStep', from: 'end', to: 'finish' })).toMatch(/"end" cannot be renamed/);
  });

  it('a body that loops back to start', () => {
    expect(refused(building, { type: 'setStepBody', step: 'work', body: 'self.next(self.start)' })).toMatch(/"work" cannot go to "start"/);
  });

  it('edges that do not exist, decorators that are not there', () => {
    expect(refused(building, { type: 'disconnect', from: 'work', to: 'end' })).toMatch(/"work" does not go to "end"/);
    expect(refused(building, { type: 'removeDecorator', step: 'work', name: 'retry' })).toMatch(/no @retry/);
    expect(refused(building, { type: 'removeDecorator', step: 'work', name: 'step' })).toMatch(/@step cannot be removed/);
    expect(refused(building, { type: 'removeFlowDecorator', name: 'docker' })).toMatch(/no @docker/);
    expect(refused(building, { type: 'removeParameter', name: 'alpha' })).toMatch(/no parameter "alpha"/);
  });
});

describe('applyEdit does not refuse unfinished flows', () => {
  it('builds start → foreach → join → end from an empty flow, one edge at a time', () => {
    const empty = 'from flowbench import FlowSpec, step\n\n\nclass F(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n';
    const source = applied(
      empty,
      { type: 'addStep', name: 'fan', kind: 'step' },
      { type: 'addStep', name: 'work', kind: 'step' },
      { type: 'addStep', name: 'gather', kind: 'join' },
      { type: 'disconnect', from: 'start', to: 'end' },
      { type: 'connect', from: 'start', to: 'fan' },
      { type: 'connect', from: 'fan', to: 'work' },
      { type: 'connect', from: 'work', to: 'gather' },
      { type: 'connect', from: 'gather', to: 'end' },
      { type: 'setStepBody', step: 'fan', body: 'self.items = [1, 2, 3]\nself.next(self.work, foreach="items")' },
    );
    const graph = parseFlow(source);
    expect(graph.steps.map((s) => s.name)).toEqual(['start', 'fan', 'work', 'gather', 'end']);
    expect(graph.steps[1]?.transition).toMatchObject({ kind: 'foreach', targets: ['work'], foreach: 'items' });
    expect(lintFlow(graph)).toEqual([]);
  });

  it('a switch may loop back to itself; a pre-existing error does not block other edits', () => {
    const loop = applied(before('building'), { type: 'connect', from: 'decide', to: 'decide', caseValue: 'again' });
    expect(parseFlow(loop).steps.find((s) => s.name === 'decide')?.transition).toMatchObject({ kind: 'switch', cases: { again: 'decide' } });
    const broken = before('building').replace('self.next(self.work)', 'self.next(self.wrok)');
    expect(applyEdit(broken, { type: 'addStep', name: 'more', kind: 'step' }).ok).toBe(true);
  });

  it('lets typed code be mid-edit (setStepBody) but never writes broken Python itself', () => {
    const result = applyEdit(before('building'), { type: 'setStepBody', step: 'work', body: 'x = (' });
    expect(result.ok).toBe(true);
  });
});
