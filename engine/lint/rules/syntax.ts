import type { FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/** Rule 12: what the parser could not read is an error at its line. */
export function syntaxProblems(graph: FlowGraph): LintFinding[] {
  return graph.problems.map((problem) => ({
    rule: LintRule.syntax,
    severity: 'error',
    line: problem.line,
    // The parser's own sentences (a duplicate step) stand as they are; Python-style ones get context.
    message: /^[A-Z]/.test(problem.message) ? problem.message : `Python cannot read line ${problem.line}: ${problem.message}.`,
  }));
}
