import type { FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 8: a join continues to one step only; splitting again needs a step of its own. */
export function joinAndSplit(graph: FlowGraph): LintFinding[] {
  return graph.steps.flatMap((step) => {
    const kind = step.transition.kind;
    if (!step.isJoin || (kind !== 'branch' && kind !== 'foreach' && kind !== 'switch')) return [];
    return [
      {
        rule: LintRule.joinAndSplit,
        severity: 'error',
        line: step.transition.span.startLine,
        step: step.name,
        message: `Step "${step.name}" is a join (it takes ${step.params[0] ?? 'inputs'}) and also splits with a ${kind}. A join may only continue to one step: move the ${kind} into a new step after "${step.name}".`,
      },
    ];
  });
}
