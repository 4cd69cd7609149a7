import type { FlowGraph } from '../../graph/flow-graph.js';
import type { GraphStructure } from '../../graph/structure.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 9: only a switch may loop back; any other cycle would run forever. */
export function cycle(graph: FlowGraph, structure: GraphStructure): LintFinding[] {
  const byName = new Map(graph.steps.map((step) => [step.name, step]));
  return structure.cycles.map(({ from, to, steps }) => {
    const step = byName.get(from);
    const line = step && step.transition.kind !== 'end' ? step.transition.span.startLine : (step?.defSpan.startLine ?? 1);
    const loop = [...steps, to].map((name) => `"${name}"`).join(' → ');
    return {
      rule: LintRule.cycle,
      severity: 'error',
      line,
      step: from,
      message: `Steps ${loop} form a loop: step "${from}" calls self.next(self.${to}). Only a switch may loop back; use self.next({...}, condition="...") to decide when to leave the loop.`,
    };
  });
}
