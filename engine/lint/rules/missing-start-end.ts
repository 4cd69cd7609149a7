import type { FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 2a: every run begins at a step named `start`. */
export function missingStart(graph: FlowGraph): LintFinding[] {
  if (graph.flowName === null || graph.steps.some((step) => step.name === 'start')) return [];
  return [
    {
      rule: LintRule.missingStart,
      severity: 'error',
      line: graph.classSpan?.startLine ?? 1,
      message: `Flow "${graph.flowName}" has no "start" step. Add a method "def start(self):" decorated with @step; every run begins there.`,
    },
  ];
}

/** Rule 2b: every run finishes at a step named `end`. */
export function missingEnd(graph: FlowGraph): LintFinding[] {
  if (graph.flowName === null || graph.steps.some((step) => step.name === 'end')) return [];
  return [
    {
      rule: LintRule.missingEnd,
      severity: 'error',
      line: graph.classSpan?.startLine ?? 1,
      message: `Flow "${graph.flowName}" has no "end" step. Add a method "def end(self):" decorated with @step; every run finishes there.`,
    },
  ];
}
