/**
 * The flow's problems, each once: lint's findings (which already include every line Python
 * cannot read), with the step each is in, so the list and the cards name the same place.
 */
import type { FlowDocument, LintFinding } from '../api/contract-types.js';

export type Problem = Pick<LintFinding, 'rule' | 'severity' | 'line' | 'message' | 'step'>;

export function problemItems(doc: Pick<FlowDocument, 'findings' | 'graph'> | null | undefined): Problem[] {
  if (doc === null || doc === undefined) return [];
  const items: Problem[] = [...doc.findings];
  // A parse problem lint did not report (it reports each as a `syntax` finding on its line).
  for (const p of doc.graph.problems) {
    if (!items.some((f) => f.line === p.line && f.rule === 'syntax')) items.push({ rule: 'syntax', severity: 'error', line: p.line, message: p.message });
  }
  const seen = new Set<string>();
  return items
    .filter((f) => {
      const key = `${f.rule}|${f.line}|${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((f) => (f.step !== undefined ? f : withStep(f, doc.graph.steps)));
}

/** The step whose lines hold the problem's line, when there is one. */
function withStep(f: Problem, steps: FlowDocument['graph']['steps']): Problem {
  const step = steps.find((s) => s.span.startLine <= f.line && f.line <= s.span.endLine);
  return step === undefined ? f : { ...f, step: step.name };
}
