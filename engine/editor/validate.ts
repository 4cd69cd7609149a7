import type { FlowGraph } from '../graph/index.js';
import { lintFlow, LintRule, type LintFinding } from '../lint/index.js';

/** Lint rules whose findings make a flow impossible to run, as opposed to unfinished. */
const STRUCTURAL_RULES: ReadonlySet<LintRule> = new Set([LintRule.unknownStep, LintRule.cycle, LintRule.joinAndSplit, LintRule.endHasNext]);

const withoutNumbers = (text: string): string => text.replace(/\d+/g, '#');

function edgesIntoStart(graph: FlowGraph): Set<string> {
  return new Set(graph.steps.filter((s) => s.transition.kind !== 'end' && s.transition.targets.includes('start')).map((s) => s.name));
}

function selfLoops(graph: FlowGraph): Set<string> {
  return new Set(
    graph.steps.filter((s) => s.transition.kind !== 'end' && s.transition.kind !== 'switch' && s.transition.targets.includes(s.name)).map((s) => s.name),
  );
}

const findingKey = (f: LintFinding): string => `${f.rule}|${f.step ?? ''}|${withoutNumbers(f.message)}`;

/**
 * Why the edit that turned `before` into `after` must be refused, or null. Only what the edit
 * *introduced* counts: a flow that was already broken can still be edited, and an unfinished
 * flow (missing next, unreachable or unbalanced steps) is never refused.
 */
export function structuralRegression(before: FlowGraph, after: FlowGraph, options: { allowSyntaxErrors?: boolean } = {}): string | null {
  // 1. The Python itself: a safety net (codemods never write broken code), except for code a
  //    person typed (setStepBody), which may be mid-edit like any text in the code view.
  const oldProblems = new Set(before.problems.map((p) => withoutNumbers(p.message)));
  const problem = after.problems.find((p) => !oldProblems.has(withoutNumbers(p.message)));
  if (problem && !options.allowSyntaxErrors) return `The change would leave invalid Python on line ${problem.line} (${problem.message}), so it was not applied.`;

  // 2. Edges lint does not judge everywhere (lint only walks from start).
  const oldIntoStart = edgesIntoStart(before);
  const intoStart = [...edgesIntoStart(after)].find((name) => !oldIntoStart.has(name));
  if (intoStart) return `Step "${intoStart}" cannot go to "start": every run begins at "start", so no step may lead back to it.`;
  const oldLoops = selfLoops(before);
  const loop = [...selfLoops(after)].find((name) => !oldLoops.has(name));
  if (loop) return `Step "${loop}" cannot go to itself: only a switch may loop back (self.next({...}, condition="...")).`;

  // 3. Lint's structural rules only; `before` is linted only when `after` has such a finding.
  const found = lintFlow(after, STRUCTURAL_RULES);
  if (found.length === 0) return null;
  const old = new Set(lintFlow(before, STRUCTURAL_RULES).map(findingKey));
  return found.find((f) => !old.has(findingKey(f)))?.message ?? null;
}
