import { describe, expect, it } from 'vitest';
import { parseFlow } from '../graph/index.js';
import { applyEdit } from './apply-edit.js';
import { before } from './golden.test-helpers.js';
import { copySteps, readStepBody } from './step-text.js';

describe('readStepBody', () => {
  it('reads a body without docstring or indentation, and setStepBody takes it back unchanged', () => {
    for (const name of ['simple', 'branch-join', 'odd-formatting', 'tabs', 'crlf', 'switch-loop', 'decorators']) {
      const source = before(name);
      const graph = parseFlow(source);
      for (const step of graph.steps) {
        const body = readStepBody(source, graph, step.name);
        expect(body, `${name}.${step.name}`).not.toBeNull();
        const result = applyEdit(source, { type: 'setStepBody', step: step.name, body: body ?? '' });
        if (!result.ok) throw new Error(result.reason);
        // Inline bodies become blocks; every other body round-trips byte for byte.
        if (step.bodySpan.startLine !== step.defSpan.endLine) expect(result.source, `${name}.${step.name}`).toBe(source);
      }
    }
  });

  it('gives the code after the docstring', () => {
    const source = before('simple');
    expect(readStepBody(source, parseFlow(source), 'start')).toBe('self.total = self.count * 2  # double it\nself.next(self.end)');
    expect(readStepBody(source, parseFlow(source), 'nope')).toBeNull();
  });
});

describe('copySteps → pasteSteps', () => {
  it('pastes steps from another flow with their edges, renaming what is taken', () => {
    const from = before('branch-join');
    const text = copySteps(from, parseFlow(from), ['train_a', 'join']);
    expect(text.startsWith('@step\ndef train_a(self):\n    self.model = "a"')).toBe(true);
    const into = before('building');
    const result = applyEdit(into, { type: 'pasteSteps', source: text });
    if (!result.ok) throw new Error(result.reason);
    const steps = result.graph.steps.map((s) => s.name);
    expect(steps).toEqual(['start', 'work', 'fan_out', 'decide', 'gather', 'train_a', 'join', 'end']);
    expect(result.graph.steps.find((s) => s.name === 'train_a')?.transition).toMatchObject({ kind: 'linear', targets: ['join'] });
  });

  it('pasting into the same flow makes _copy names and keeps edges between the copies', () => {
    const source = before('branch-join');
    const result = applyEdit(source, { type: 'pasteSteps', source: copySteps(source, parseFlow(source), ['train_a', 'join']) });
    if (!result.ok) throw new Error(result.reason);
    const byName = new Map(result.graph.steps.map((s) => [s.name, s]));
    expect(byName.get('train_a_copy')?.transition).toMatchObject({ targets: ['join_copy'] });
    expect(byName.get('join_copy')?.transition).toMatchObject({ targets: ['end'] });
    expect(result.source.startsWith(source.slice(0, source.indexOf('    @step\n    def end')))).toBe(true);
  });

  it('refuses text without steps or with broken Python', () => {
    expect(applyEdit(before('simple'), { type: 'pasteSteps', source: 'x = 1' })).toEqual({ ok: false, reason: 'The pasted text holds no @step methods.' });
    expect(applyEdit(before('simple'), { type: 'pasteSteps', source: '@step\ndef a(self:\n    pass' }).ok).toBe(false);
  });
});
