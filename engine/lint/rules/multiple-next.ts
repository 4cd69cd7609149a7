import type { FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 11: a step's transition is its one last `self.next`; more than one is ambiguous. */
export function multipleNext(graph: FlowGraph): LintFinding[] {
  return graph.steps
    .filter((step) => step.nextCallCount > 1)
    .map((step) => ({
      rule: LintRule.multipleNext,
      severity: 'warning',
      line: step.defSpan.startLine,
      step: step.name,
      message: `Step "${step.name}" calls self.next(...) ${step.nextCallCount} times; only the last one is drawn and run. Keep one self.next(...) as the step's last statement (use a switch to choose at run time).`,
    }));
}
