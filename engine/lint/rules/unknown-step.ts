import type { FlowGraph, StepSpec } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';
import { didYouMean } from './did-you-mean.js';

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * Rule 3: `self.next` names a step the flow does not have. A missing `start` or `end` is left
 * to rule 2, which says it once instead of at every step leading there.
 */
export function unknownStep(graph: FlowGraph): LintFinding[] {
  const names = graph.steps.map((step) => step.name);
  const known = new Set(names);
  const findings: LintFinding[] = [];
  for (const step of graph.steps) {
    const { transition } = step;
    if (transition.kind === 'end') continue;
    const line = transition.span.startLine;
    if (transition.targets.length === 0) {
      findings.push(finding(step, line, `Step "${step.name}" calls self.next() without naming a step. Pass the next step, e.g. self.next(self.end).`));
      continue;
    }
    for (const target of transition.targets) {
      if (known.has(target) || target === 'start' || target === 'end') continue;
      if (!IDENTIFIER.test(target)) {
        findings.push(finding(step, line, `Step "${step.name}" passes ${target} to self.next, which takes steps written as self.<step_name>.`));
        continue;
      }
      const call = transition.kind === 'switch' ? `switches to self.${target}` : `calls self.next(self.${target})`;
      const suggestion = didYouMean(target, names);
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` Add a step "${target}" or name an existing one.`;
      findings.push(finding(step, line, `Step "${step.name}" ${call}, but the flow has no step "${target}".${hint}`));
    }
  }
  return findings;
}

function finding(step: StepSpec, line: number, message: string): LintFinding {
  return { rule: LintRule.unknownStep, severity: 'error', line, step: step.name, message };
}
