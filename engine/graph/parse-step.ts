import type { DecoratorSpec, ParseProblem, StepSpec } from './flow-graph.js';
import { findClosing, isOp, splitTopLevel } from './call-args.js';
import { readDecorator } from './decorator.js';
import { cleandoc } from './docstring.js';
import type { LineIndex } from './line-index.js';
import { decodeString } from './literal.js';
import type { LogicalLine } from './logical-lines.js';
import { TokenKind, type Token } from './tokenizer.js';
import { readTransition } from './transition.js';

/** A method of the flow class as the class body reader found it. */
export interface MethodLines {
  readonly decorators: readonly LogicalLine[];
  /** The `def name(...):` line (with an inline body after the colon, if any). */
  readonly header: LogicalLine;
  /** The indented lines of the body. */
  readonly body: readonly LogicalLine[];
}

/** True when one of the decorators is `@step` (or `@module.step`). */
export function isStepMethod(decorators: readonly DecoratorSpec[]): boolean {
  return decorators.some((decorator) => decorator.name === 'step');
}

/**
 * Reads a `@step` method. Returns null (with a problem) when the `def` line has no name, so
 * there is nothing to call the step.
 */
export function readStep(
  method: MethodLines,
  decorators: readonly DecoratorSpec[],
  index: LineIndex,
  problems: ParseProblem[],
): StepSpec | null {
  const { header, body } = method;
  const tokens = header.tokens;
  const defAt = tokens[0]?.text === 'async' ? 1 : 0;
  const nameToken = tokens[defAt + 1];
  if (nameToken?.kind !== TokenKind.name) {
    problems.push({ line: header.line, message: 'invalid syntax: expected a function name after "def"' });
    return null;
  }

  // 1. The header: parameters and the colon that ends it.
  const open = defAt + 2;
  const close = isOp(tokens[open], '(') ? findClosing(tokens, open) : -1;
  const params = close === -1 ? [] : parameterNames(tokens.slice(open + 1, close)).slice(1);
  const colon = close === -1 ? -1 : tokens.findIndex((token, i) => i > close && isOp(token, ':'));
  const headerEnd = (tokens[colon] ?? tokens[close] ?? tokens[tokens.length - 1] ?? nameToken).end;
  const inline = colon === -1 ? [] : tokens.slice(colon + 1);

  // 2. The body: indented lines, or the statements after the colon on the def line.
  const statements = [...(inline.length > 0 ? [inline] : []), ...body.map((line) => line.tokens)];
  const firstStatement = statements[0];
  const lastStatement = statements[statements.length - 1];
  const bodyStart = firstStatement?.[0]?.start ?? headerEnd;
  const bodyEnd = lastStatement?.[lastStatement.length - 1]?.end ?? headerEnd;
  const { transition, nextCallCount } = readTransition(statements, index);
  const spanStart = method.decorators[0]?.start ?? header.start;

  return {
    name: nameToken.text,
    isJoin: params.length > 0,
    params,
    decorators,
    transition,
    nextCallCount,
    docstring: firstStatement ? docstringOf(firstStatement) : null,
    span: index.span(spanStart, bodyEnd),
    defSpan: index.span((tokens[0] as Token).start, headerEnd),
    nameSpan: index.span(nameToken.start, nameToken.end),
    bodySpan: index.span(bodyStart, bodyEnd),
  };
}

/** Reads every decorator line of a method. */
export function readDecorators(method: MethodLines, index: LineIndex): DecoratorSpec[] {
  return method.decorators.map((line) => readDecorator(line, index));
}

/** Names in a parameter list: `self, inputs, *args, x: int = 1` → self, inputs, args, x. */
function parameterNames(tokens: readonly Token[]): string[] {
  const names: string[] = [];
  for (const piece of splitTopLevel(tokens)) {
    const name = piece.find((token) => token.kind === TokenKind.name);
    // A bare `*` or `/` marks keyword-only or positional-only parameters; it is not a name.
    if (name && (piece[0] === name || isOp(piece[0], '*') || isOp(piece[0], '**'))) names.push(name.text);
  }
  return names;
}

/** The docstring when the first statement is a plain string literal (or adjacent ones). */
function docstringOf(statement: readonly Token[]): string | null {
  const end = statement.findIndex((token) => isOp(token, ';'));
  const expression = end === -1 ? statement : statement.slice(0, end);
  if (!expression.every((token) => token.kind === TokenKind.string)) return null;
  let text = '';
  for (const token of expression) {
    const part = decodeString(token.text);
    if (part === null) return null;
    text += part;
  }
  return cleandoc(text);
}
