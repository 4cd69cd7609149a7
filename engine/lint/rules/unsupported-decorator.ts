import type { DecoratorSpec, FlowGraph } from '../../graph/flow-graph.js';
import { LintRule, type LintFinding } from '../lint-finding.js';

/**
 * Metaflow decorators Flowbench accepts (so the flow loads) but does not run, and what that
 * means for the person running the flow. Nothing here is silent: each use is a warning.
 */
export const UNSUPPORTED_DECORATORS: { readonly [name: string]: string } = {
  conda: 'no Conda environment is built: it uses the packages of the configured interpreter (FLOWBENCH_PYTHON) or of its @docker image',
  pypi: 'no PyPI environment is built: it uses the packages of the configured interpreter (FLOWBENCH_PYTHON) or of its @docker image',
  conda_base: 'no Conda environment is built: steps use the packages of the configured interpreter (FLOWBENCH_PYTHON) or of their @docker image',
  pypi_base: 'no PyPI environment is built: steps use the packages of the configured interpreter (FLOWBENCH_PYTHON) or of their @docker image',
  kubernetes: 'nothing is sent to Kubernetes (pick another backend with --backend); for CPU, memory and GPU use @resources',
  batch: 'nothing is sent to AWS Batch (pick another backend with --backend); for CPU, memory and GPU use @resources',
  secrets: 'no secrets are fetched: set what the step needs in the environment Flowbench starts from',
  card: 'no card is made: its artifacts are in the app and in "flowbench artifact"',
  project: 'runs are not grouped by project or branch: tag them with --tag instead',
  schedule: 'nothing is scheduled: it runs when you run it',
  trigger: 'no event starts it: it runs when you run it',
  trigger_on_finish: 'no other flow\'s end starts it: it runs when you run it',
};

/**
 * Rule 12: a decorator Flowbench does not run (`@conda`, `@kubernetes`, `@card`, `@project`, …)
 * is named, with what happens instead: the step (or flow) runs locally without it.
 */
export function unsupportedDecorator(graph: FlowGraph): LintFinding[] {
  const findings: LintFinding[] = [];
  const consequence = (decorator: DecoratorSpec): string | undefined =>
    Object.prototype.hasOwnProperty.call(UNSUPPORTED_DECORATORS, decorator.name) ? UNSUPPORTED_DECORATORS[decorator.name] : undefined;
  for (const decorator of graph.flowDecorators) {
    const what = consequence(decorator);
    if (what === undefined) continue;
    findings.push({
      rule: LintRule.unsupportedDecorator,
      severity: 'warning',
      line: decorator.span.startLine,
      message: `Flowbench does not run @${decorator.name}: flow "${graph.flowName ?? '?'}" runs locally without it; ${what}.`,
    });
  }
  for (const step of graph.steps) {
    for (const decorator of step.decorators) {
      const what = consequence(decorator);
      if (what === undefined) continue;
      findings.push({
        rule: LintRule.unsupportedDecorator,
        severity: 'warning',
        line: decorator.span.startLine,
        step: step.name,
        message: `Flowbench does not run @${decorator.name}: step "${step.name}" runs locally without it; ${what}.`,
      });
    }
  }
  return findings;
}
