import type { FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 1: the file defines no FlowSpec subclass. */
export function noFlowClass(graph: FlowGraph): LintFinding[] {
  if (graph.flowName !== null) return [];
  return [
    {
      rule: LintRule.noFlowClass,
      severity: 'error',
      line: 1,
      message: 'No flow class found. Define one that subclasses FlowSpec, e.g. "class MyFlow(FlowSpec):", with @step methods.',
    },
  ];
}
