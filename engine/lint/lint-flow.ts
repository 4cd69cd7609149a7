import type { FlowGraph } from '../graph/flow-graph.js';
import { analyzeGraph, type GraphStructure } from '../graph/structure.js';
import { LintRule, type LintFinding } from './lint-finding.js';
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
import { unsupportedDecorator } from './rules/unsupported-decorator.js';

/** One rule's check. `structure` is `analyzeGraph(graph)`, worked out once for every rule. */
type Check = (graph: FlowGraph, structure: GraphStructure) => LintFinding[];

/** Every rule's check, in the order its findings are listed within a line. */
const CHECKS: { readonly [rule in LintRule]: Check } = {
  [LintRule.syntax]: syntaxProblems,
  [LintRule.noFlowClass]: noFlowClass,
  [LintRule.missingStart]: missingStart,
  [LintRule.missingEnd]: missingEnd,
  [LintRule.unknownStep]: unknownStep,
  [LintRule.unreachableStep]: unreachableStep,
  [LintRule.missingNext]: missingNext,
  [LintRule.endHasNext]: endHasNext,
  [LintRule.joinWithoutInputs]: joinWithoutInputs,
  [LintRule.inputsOnNonJoin]: inputsOnNonJoin,
  [LintRule.unbalancedSplit]: unbalancedSplit,
  [LintRule.joinAndSplit]: joinAndSplit,
  [LintRule.cycle]: cycle,
  [LintRule.foreachNotName]: foreachNotName,
  [LintRule.multipleNext]: multipleNext,
  [LintRule.unsupportedDecorator]: unsupportedDecorator,
};

/**
 * Checks a parsed flow against Metaflow's rules (or only the rules in `only`). Never parses:
 * give it `parseFlow(source)`.
 *
 * @example
 * lintFlow(parseFlow(source)).map((f) => `${f.line}: ${f.message}`);
 * // ['12: Step "train" calls self.next(self.trian), but the flow has no step "trian". Did you mean "train"?']
 */
export function lintFlow(graph: FlowGraph, only?: ReadonlySet<LintRule>): LintFinding[] {
  const structure = analyzeGraph(graph);
  const checks = (Object.entries(CHECKS) as [LintRule, Check][]).filter(([rule]) => !only || only.has(rule));
  // Array.prototype.sort is stable, so findings on one line keep the rule order above.
  return checks.flatMap(([, check]) => check(graph, structure)).sort((a, b) => a.line - b.line);
}
