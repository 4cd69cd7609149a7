/**
 * The static picture of a flow file: what the canvas draws, what lint checks and what the
 * scheduler runs. Produced by `parseFlow(source)` without running Python.
 *
 * Invariants:
 * - `steps` are in source order; names are unique (a duplicate is a parse problem, first wins).
 * - Every span points into the exact source text that was parsed (1-based lines, 0-based
 *   columns, 0-based UTF-16 offsets, end exclusive) so the editor can rewrite it in place.
 * - Parsing never validates: an unknown step in `self.next` is kept as written; lint reports it.
 */

export interface SourceSpan {
  /** 1-based line of the first character. */
  readonly startLine: number;
  /** 0-based column of the first character. */
  readonly startCol: number;
  /** 1-based line of the last character. */
  readonly endLine: number;
  /** 0-based column just past the last character. */
  readonly endCol: number;
  /** 0-based offset of the first character in the source string. */
  readonly startOffset: number;
  /** 0-based offset just past the last character. */
  readonly endOffset: number;
}

/**
 * A Python literal read statically. Anything that is not a literal (a call, a name, an
 * arithmetic expression) is kept as `{ expr: "source text" }`.
 */
export type PyValue =
  | string
  | number
  | boolean
  | null
  | readonly PyValue[]
  | { readonly [key: string]: PyValue }
  | PyExpression;

export interface PyExpression {
  readonly expr: string;
}

export interface DecoratorSpec {
  /** The decorator's name without `@` and without a module prefix (`metaflow.retry` → `retry`). */
  readonly name: string;
  /** Keyword arguments by name. */
  readonly args: { readonly [key: string]: PyValue };
  /** Positional arguments in order. */
  readonly positional: readonly PyValue[];
  /** The whole decorator line(s), from `@` to the closing parenthesis. */
  readonly span: SourceSpan;
}

export const TransitionKind = {
  linear: 'linear',
  branch: 'branch',
  foreach: 'foreach',
  switch: 'switch',
  end: 'end',
} as const;
export type TransitionKind = (typeof TransitionKind)[keyof typeof TransitionKind];

export type Transition =
  /** `self.next(self.a)` */
  | { readonly kind: 'linear'; readonly targets: readonly [string]; readonly span: SourceSpan }
  /** `self.next(self.a, self.b, ...)` */
  | { readonly kind: 'branch'; readonly targets: readonly string[]; readonly span: SourceSpan }
  /**
   * `self.next(self.a, foreach="items")`. `foreach` is the attribute name as written; when the
   * argument is not a string literal, `foreach` is null and `foreachExpr` holds its source.
   */
  | {
      readonly kind: 'foreach';
      readonly targets: readonly [string];
      readonly foreach: string | null;
      readonly foreachExpr?: string;
      readonly span: SourceSpan;
    }
  /** `self.next({"k1": self.a, "k2": self.b}, condition="attr")` */
  | {
      readonly kind: 'switch';
      readonly cases: { readonly [caseValue: string]: string };
      readonly condition: string | null;
      readonly targets: readonly string[];
      readonly span: SourceSpan;
    }
  /** No `self.next` in the step (correct only for `end`). */
  | { readonly kind: 'end' };

export interface StepSpec {
  readonly name: string;
  /** True when the method takes a second parameter (conventionally `inputs`). */
  readonly isJoin: boolean;
  /** The method's parameter names after `self` (for lint: `inputs` on a non-join). */
  readonly params: readonly string[];
  readonly decorators: readonly DecoratorSpec[];
  readonly transition: Transition;
  /** How many `self.next(...)` calls the body holds (more than one is a lint finding). */
  readonly nextCallCount: number;
  readonly docstring: string | null;
  /** From the first decorator to the end of the body. */
  readonly span: SourceSpan;
  /** The `def name(...)` line(s) up to and including the colon. */
  readonly defSpan: SourceSpan;
  /** The step's name inside the `def` line. */
  readonly nameSpan: SourceSpan;
  /** The body: from the first statement after the colon to the end of the last statement. */
  readonly bodySpan: SourceSpan;
}

export interface ParameterSpec {
  /** The class attribute the value is read from (`self.alpha`). */
  readonly attribute: string;
  /** The parameter's name on the command line (`Parameter("alpha", ...)`). */
  readonly name: string;
  /** The default as written; undefined when there is none. */
  readonly default?: PyValue;
  /** Declared or inferred type: explicit `type=int|float|str|bool|JSONType`, else from the default. */
  readonly type: ParameterType;
  readonly help: string | null;
  readonly required: boolean;
  readonly span: SourceSpan;
}

export const ParameterType = {
  str: 'str',
  int: 'int',
  float: 'float',
  bool: 'bool',
  json: 'json',
} as const;
export type ParameterType = (typeof ParameterType)[keyof typeof ParameterType];

export interface ParseProblem {
  readonly line: number;
  readonly message: string;
}

export interface FlowGraph {
  /** The flow class's name, e.g. `TrainFlow`. Null when no FlowSpec subclass was found. */
  readonly flowName: string | null;
  readonly classSpan: SourceSpan | null;
  /** Which package the flow imports its API from. */
  readonly api: 'flowbench' | 'metaflow' | 'unknown';
  /** Class-level decorators (e.g. a flow-wide default image). */
  readonly flowDecorators: readonly DecoratorSpec[];
  readonly parameters: readonly ParameterSpec[];
  readonly steps: readonly StepSpec[];
  /** Problems met while reading (syntax errors with their line); the graph holds what could be read. */
  readonly problems: readonly ParseProblem[];
}
