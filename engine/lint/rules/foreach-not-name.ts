import type { FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Rule 10: `foreach=` names the attribute to fan out over, as a string. */
export function foreachNotName(graph: FlowGraph): LintFinding[] {
  return graph.steps.flatMap((step) => {
    const { transition } = step;
    if (transition.kind !== 'foreach' || (transition.foreach !== null && IDENTIFIER.test(transition.foreach))) return [];
    const written = transition.foreach === null ? (transition.foreachExpr ?? '') : `"${transition.foreach}"`;
    return [
      {
        rule: LintRule.foreachNotName,
        severity: 'error',
        line: transition.span.startLine,
        step: step.name,
        message: `Step "${step.name}" has foreach=${written}, but foreach= takes the name of a list attribute as a string, e.g. foreach="items" for self.items.`,
      },
    ];
  });
}
