import type { FlowGraph } from '../../graph/flow-graph.js';
import type { GraphStructure } from '../../graph/structure.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 6a: the step where a branch's paths meet must take `inputs` to receive them. */
export function joinWithoutInputs(graph: FlowGraph, structure: GraphStructure): LintFinding[] {
  // Split/join matching means nothing in a graph with a cycle; rule 9 reports the cycle first.
  if (structure.cycles.length > 0) return [];
  return graph.steps.flatMap((step) => {
    const closes = structure.steps.get(step.name)?.closes;
    if (!closes || step.isJoin) return [];
    const parents = structure.steps.get(step.name)?.parents.map((name) => `"${name}"`).join(', ') ?? '';
    return [
      {
        rule: LintRule.joinWithoutInputs,
        severity: 'error',
        line: step.defSpan.startLine,
        step: step.name,
        message: `Step "${step.name}" is where the branches of "${closes.split}" meet (from ${parents}), so it must receive their results: define it as "def ${step.name}(self, inputs):".`,
      },
    ];
  });
}

/** Rule 6b: only a step that closes a branch or foreach takes `inputs`. */
export function inputsOnNonJoin(graph: FlowGraph, structure: GraphStructure): LintFinding[] {
  if (structure.cycles.length > 0) return [];
  const tangled = new Set([...structure.splits.values()].flatMap((split) => split.tangledAt));
  return graph.steps.flatMap((step) => {
    const shape = structure.steps.get(step.name);
    if (!step.isJoin || !shape?.reachable || shape.closes || tangled.has(step.name)) return [];
    const parameter = step.params[0] ?? 'inputs';
    return [
      {
        rule: LintRule.inputsOnNonJoin,
        severity: 'error',
        line: step.defSpan.startLine,
        step: step.name,
        message: `Step "${step.name}" takes "${parameter}", but it closes no branch or foreach: only one path leads to it. Define it as "def ${step.name}(self):".`,
      },
    ];
  });
}
