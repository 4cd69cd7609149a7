import { describe, expect, test } from 'vitest';
import { trainDocument } from '../test/fake-flow.js';
import { problemItems } from './problems.js';

describe('problemItems', () => {
  test('a syntax error is listed once, with the step it is in', () => {
    const doc = trainDocument();
    const train = doc.graph.steps.find((s) => s.name === 'train')!;
    const line = train.span.startLine;
    const message = 'invalid syntax: the statement ends with "+"';
    const broken = {
      findings: [{ rule: 'syntax' as const, severity: 'error' as const, line, message: `Python cannot read line ${line}: ${message}.` }],
      graph: { ...doc.graph, problems: [{ line, message }] },
    };
    expect(problemItems(broken)).toEqual([{ rule: 'syntax', severity: 'error', line, message: `Python cannot read line ${line}: ${message}.`, step: 'train' }]);
  });
});
