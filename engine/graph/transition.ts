import type { Transition } from './flow-graph.js';
import { callArguments, findClosing, isOp, splitTopLevel, type CallArgument } from './call-args.js';
import type { LineIndex } from './line-index.js';
import { LiteralType, readLiteral, sourceText } from './literal.js';
import { TokenKind, type Token } from './tokenizer.js';

/** A `self.next(...)` call found in a step body. */
interface NextCall {
  readonly tokens: readonly Token[];
  /** Index of `self`. */
  readonly first: number;
  /** Index of `(`. */
  readonly open: number;
  /** Index of `)`, or the line's last token when the call was never closed. */
  readonly close: number;
}

export interface StepTransition {
  readonly transition: Transition;
  readonly nextCallCount: number;
}

/**
 * Finds the `self.next(...)` calls in a step body and reads the last one (Metaflow requires it
 * to be the last statement; more than one is left for lint to report).
 */
export function readTransition(body: readonly (readonly Token[])[], index: LineIndex): StepTransition {
  const calls = body.flatMap(findNextCalls);
  const last = calls[calls.length - 1];
  return {
    transition: last ? transitionOf(last, index) : { kind: 'end' },
    nextCallCount: calls.length,
  };
}

function findNextCalls(tokens: readonly Token[]): NextCall[] {
  const calls: NextCall[] = [];
  for (let i = 0; i + 3 < tokens.length; i++) {
    const isCall =
      tokens[i]?.text === 'self' &&
      tokens[i]?.kind === TokenKind.name &&
      isOp(tokens[i + 1], '.') &&
      tokens[i + 2]?.text === 'next' &&
      isOp(tokens[i + 3], '(') &&
      !isOp(tokens[i - 1], '.');
    if (!isCall) continue;
    const closing = findClosing(tokens, i + 3);
    calls.push({ tokens, first: i, open: i + 3, close: closing === -1 ? tokens.length - 1 : closing });
  }
  return calls;
}

function transitionOf(call: NextCall, index: LineIndex): Transition {
  const source = index.source;
  const { tokens } = call;
  const first = tokens[call.first] as Token;
  const last = tokens[call.close] as Token;
  const span = index.span(first.start, last.end);
  const closed = isOp(last, ')');
  const args = callArguments(tokens, call.open, closed ? call.close : call.close + 1);
  const positional = args.filter((arg) => arg.keyword === null);
  const keyword = (name: string): CallArgument | undefined => args.find((arg) => arg.keyword === name);

  const [firstArg] = positional;
  if (firstArg && isOp(firstArg.tokens[0], '{')) {
    const cases: { [caseValue: string]: string } = {};
    const inner = firstArg.tokens.slice(1, isOp(firstArg.tokens.at(-1), '}') ? -1 : undefined);
    for (const entry of splitTopLevel(inner)) {
      const [key = [], value = []] = splitTopLevel(entry, ':');
      const keyLiteral = readLiteral(key, source);
      const caseValue = keyLiteral.type === LiteralType.str ? (keyLiteral.value as string) : sourceText(key, source);
      cases[caseValue] = stepName(value, source);
    }
    const condition = keyword('condition');
    const conditionLiteral = condition ? readLiteral(condition.tokens, source) : null;
    return {
      kind: 'switch',
      cases,
      condition: conditionLiteral?.type === LiteralType.str ? (conditionLiteral.value as string) : null,
      targets: [...new Set(Object.values(cases))],
      span,
    };
  }

  const targets = positional.map((arg) => stepName(arg.tokens, source));
  const foreach = keyword('foreach');
  if (foreach) {
    const literal = readLiteral(foreach.tokens, source);
    const target = targets[0] ?? '';
    if (literal.type === LiteralType.str) return { kind: 'foreach', targets: [target], foreach: literal.value as string, span };
    return { kind: 'foreach', targets: [target], foreach: null, foreachExpr: sourceText(foreach.tokens, source), span };
  }
  const [only] = targets;
  if (only !== undefined && targets.length === 1) return { kind: 'linear', targets: [only], span };
  return { kind: 'branch', targets, span };
}

/** `self.train` → `train`; anything else is kept as written for lint to report. */
function stepName(tokens: readonly Token[], source: string): string {
  const [self, dot, name] = tokens;
  if (tokens.length === 3 && self?.text === 'self' && isOp(dot, '.') && name?.kind === TokenKind.name) {
    return name.text;
  }
  return sourceText(tokens, source);
}
