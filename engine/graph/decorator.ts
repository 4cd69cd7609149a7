import type { DecoratorSpec, PyValue } from './flow-graph.js';
import { callArguments, findClosing, isOp, readDottedName } from './call-args.js';
import type { LineIndex } from './line-index.js';
import { readLiteral, sourceText } from './literal.js';
import type { LogicalLine } from './logical-lines.js';

/**
 * Reads a decorator line: `@name`, `@module.name` or `@name(args)`. A decorator that is some
 * other expression (`@registry[0]`) keeps its source text after `@` as its name.
 */
export function readDecorator(line: LogicalLine, index: LineIndex): DecoratorSpec {
  const { tokens } = line;
  const source = index.source;
  const span = index.span(line.start, line.end);
  const { parts, end } = readDottedName(tokens, 1);
  const name = parts[parts.length - 1];
  if (name === undefined) return { name: sourceText(tokens.slice(1), source), args: {}, positional: [], span };
  if (!isOp(tokens[end], '(')) {
    const rest = end < tokens.length ? sourceText(tokens.slice(1), source) : name;
    return { name: rest, args: {}, positional: [], span };
  }
  const close = findClosing(tokens, end);
  const args: { [key: string]: PyValue } = {};
  const positional: PyValue[] = [];
  for (const argument of callArguments(tokens, end, close === -1 ? tokens.length : close)) {
    const value = readLiteral(argument.tokens, source).value;
    if (argument.keyword === null) positional.push(value);
    else args[argument.keyword] = value;
  }
  return { name, args, positional, span };
}
