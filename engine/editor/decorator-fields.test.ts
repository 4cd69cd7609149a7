import { describe, expect, it } from 'vitest';
import { parseFlow } from '../graph/index.js';
import { stepOptions } from '../runtime/step-options.js';
import { applyEdit } from './apply-edit.js';
import { decoratorEdit, DECORATOR_FIELDS, fieldValues } from './decorator-fields.js';

const flow = (decorators: string): string =>
  `from flowbench import FlowSpec, step, timeout, resources, retry\n\n\nclass F(FlowSpec):\n    ${decorators}\n    @step\n    def start(self):\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n`;

/** Sets one field of the form on `start` the way the inspector does, and returns the new step. */
function setField(source: string, key: string, value: string) {
  const step = parseFlow(source).steps[0]!;
  const field = DECORATOR_FIELDS.find((f) => f.key === key)!;
  const values = { ...fieldValues(step), [key]: value };
  const result = decoratorEdit('start', field.decorator, values, step.decorators.find((d) => d.name === field.decorator));
  if (result === null || 'error' in result) throw new Error(`no edit: ${JSON.stringify(result)}`);
  const applied = applyEdit(source, result.edit);
  if (!applied.ok) throw new Error(applied.reason);
  return applied.graph.steps[0]!;
}

describe('the decorator form reads and writes what a run does', () => {
  it('@timeout(minutes=5) reads as 300 s; setting 30 s gives a 30 s timeout, not 330', () => {
    const source = flow('@timeout(minutes=5)');
    expect(fieldValues(parseFlow(source).steps[0]!)['timeout']).toBe('300');
    const step = setField(source, 'timeout', '30');
    expect(stepOptions(step).timeoutMs).toBe(30_000);
  });

  it('memory is labelled in the unit the backends apply (MiB)', () => {
    const step = setField(flow('@resources(cpu=2)'), 'memory', '512');
    expect(DECORATOR_FIELDS.find((f) => f.key === 'memory')?.label).toBe('Memory (MiB)');
    expect(stepOptions(step).resources).toEqual({ cpu: 2, memoryMiB: 512, gpu: null });
  });

  it('a bare @retry reads as the 3 retries it gives', () => {
    expect(fieldValues(parseFlow(flow('@retry')).steps[0]!)['retry']).toBe('3');
  });
});
