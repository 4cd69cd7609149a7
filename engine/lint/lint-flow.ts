import type { FlowGraph } from '../graph/flow-graph.js';
import type { LintFinding } from './lint-finding.js';
import { cycle } from './rules/cycle.js';
import { foreachNotName } from './rules/foreach-not-name.js';
import { inputsOnNonJoin, joinWithoutInputs } from './rules/join-inputs.js';
import { joinAndSplit } from './rules/join-and-split.js';
import { missingEnd, missingStart } from './rules/missing-start-end.js';
import { multipleNext } from './rules/multiple-next.js';
import { endHasNext, missingNext } from './rules/next-placement.js';
import { noFlowClass } from './rules/no-flow-class.js';
import { syntaxProblems } from './rules/syntax.js';
import { unbalancedSplit } from './rules/unbalanced-split.js';
import { unknownStep } from './rules/unknown-step.js';
import { unreachableStep } from './rules/unreachable-step.js';

/** Every rule, in the order its findings are listed within a line. */
const RULES: readonly ((graph: FlowGraph) => LintFinding[])[] = [
  syntaxProblems,
  noFlowClass,
  missingStart,
  missingEnd,
  unknownStep,
  unreachableStep,
  missingNext,
  endHasNext,
  joinWithoutInputs,
  inputsOnNonJoin,
  unbalancedSplit,
  joinAndSplit,
  cycle,
  foreachNotName,
  multipleNext,
];

/**
 * Checks a parsed flow against Metaflow's rules. Never parses: give it `parseFlow(source)`.
 *
 * @example
 * lintFlow(parseFlow(source)).map((f) => `${f.line}: ${f.message}`);
 * // ['12: Step "train" calls self.next(self.trian), but the flow has no step "trian". Did you mean "train"?']
 */
export function lintFlow(graph: FlowGraph): LintFinding[] {
  // Array.prototype.sort is stable, so findings on one line keep the rule order above.
  return RULES.flatMap((rule) => rule(graph)).sort((a, b) => a.line - b.line);
}
