import type { FlowGraph } from '../../graph/flow-graph.js';
import type { GraphStructure } from '../../graph/structure.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 4: a step no path from `start` leads to never runs. */
export function unreachableStep(graph: FlowGraph, structure: GraphStructure): LintFinding[] {
  if (!graph.steps.some((step) => step.name === 'start')) return [];
  return graph.steps
    .filter((step) => !structure.steps.get(step.name)?.reachable)
    .map((step) => ({
      rule: LintRule.unreachableStep,
      severity: 'error',
      line: step.defSpan.startLine,
      step: step.name,
      message: `Step "${step.name}" never runs: no path from "start" leads to it. Call self.next(self.${step.name}) from a step that runs, or remove it.`,
    }));
}
