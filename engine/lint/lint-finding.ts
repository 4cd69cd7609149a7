/** What lint reports: one finding per problem, each with its line and a sentence to act on. */

export const LintRule = {
  syntax: 'syntax',
  noFlowClass: 'no-flow-class',
  missingStart: 'missing-start',
  missingEnd: 'missing-end',
  unknownStep: 'unknown-step',
  unreachableStep: 'unreachable-step',
  missingNext: 'missing-next',
  endHasNext: 'end-has-next',
  joinWithoutInputs: 'join-without-inputs',
  inputsOnNonJoin: 'inputs-on-non-join',
  unbalancedSplit: 'unbalanced-split',
  joinAndSplit: 'join-and-split',
  cycle: 'cycle',
  foreachNotName: 'foreach-not-name',
  multipleNext: 'multiple-next',
  unsupportedDecorator: 'unsupported-decorator',
} as const;
export type LintRule = (typeof LintRule)[keyof typeof LintRule];

export const LintSeverity = { error: 'error', warning: 'warning' } as const;
export type LintSeverity = (typeof LintSeverity)[keyof typeof LintSeverity];

export interface LintFinding {
  readonly rule: LintRule;
  readonly severity: LintSeverity;
  /** 1-based line in the flow file. */
  readonly line: number;
  /** The step the finding is about, when there is one. */
  readonly step?: string;
  readonly message: string;
}
