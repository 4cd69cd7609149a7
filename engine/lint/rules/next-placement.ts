import type { FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 5a: only `end` may finish without `self.next`. */
export function missingNext(graph: FlowGraph): LintFinding[] {
  return graph.steps
    .filter((step) => step.name !== 'end' && step.transition.kind === 'end')
    .map((step) => ({
      rule: LintRule.missingNext,
      severity: 'error',
      line: step.defSpan.startLine,
      step: step.name,
      message: `Step "${step.name}" has no self.next(...), so the run would stop there. End it with self.next(self.<next_step>); only "end" may finish a flow.`,
    }));
}

/** Rule 5b: `end` is the last step; it must not call `self.next`. */
export function endHasNext(graph: FlowGraph): LintFinding[] {
  const end = graph.steps.find((step) => step.name === 'end');
  if (!end || end.transition.kind === 'end') return [];
  return [
    {
      rule: LintRule.endHasNext,
      severity: 'error',
      line: end.transition.span.startLine,
      step: end.name,
      message: 'Step "end" calls self.next(...), but "end" is the last step of every run. Remove the call.',
    },
  ];
}
