/** Lint for flows: checks a FlowGraph, one small rule per file under rules/. */
export { lintFlow } from './lint-flow.js';
export { LintRule, LintSeverity, type LintFinding } from './lint-finding.js';
