import type { FlowGraph } from '../../graph/flow-graph.js';
import type { GraphStructure, SplitStructure } from '../../graph/structure.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/**
 * Rule 7: every branch and foreach must be closed by exactly one join that all of its paths
 * reach, and nested splits close innermost first. One finding per split, at its `self.next`.
 */
export function unbalancedSplit(graph: FlowGraph, structure: GraphStructure): LintFinding[] {
  if (structure.cycles.length > 0) return [];
  const findings: LintFinding[] = [];
  for (const step of graph.steps) {
    const split = structure.splits.get(step.name);
    if (!split || split.paths.length === 0 || !structure.steps.get(step.name)?.reachable) continue;
    const message = problemOf(split);
    if (message && step.transition.kind !== 'end') {
      findings.push({ rule: LintRule.unbalancedSplit, severity: 'error', line: step.transition.span.startLine, step: step.name, message });
    }
  }
  return findings;
}

function problemOf(split: SplitStructure): string | null {
  const paths = list(split.paths);
  const [join, ...otherJoins] = split.joins;
  if (split.foreach) {
    if (!join) return `The foreach in step "${split.split}" is never joined. Add a step taking inputs (e.g. "def join(self, inputs):") after ${paths} and lead the foreach there before "end".`;
    if (split.tangledAt.length > 0) return tangledMessage(split, 'foreach');
    return null;
  }
  if (!join) return `The branches of step "${split.split}" (${paths}) never meet in a join. Lead every branch with self.next to one step taking inputs, e.g. "def join(self, inputs):".`;
  if (otherJoins.length > 0) {
    return `The branches of step "${split.split}" (${paths}) meet in several steps (${list(split.joins.map((j) => j.step))}) instead of one join. Lead every branch to the same join step.`;
  }
  const missing = split.paths.filter((path) => !join.paths.includes(path));
  if (missing.length > 0) {
    return `Only ${list(join.paths)} of the branches of step "${split.split}" reach its join "${join.step}". Lead ${list(missing)} there too, so every branch is joined.`;
  }
  return split.tangledAt.length > 0 ? tangledMessage(split, 'branches') : null;
}

function tangledMessage(split: SplitStructure, what: string): string {
  const at = split.tangledAt[0] ?? '';
  return `The ${what} of step "${split.split}" run into step "${at}" before they are joined. Close the split with its own join first (nested splits close innermost first).`;
}

function list(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
