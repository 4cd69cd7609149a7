import type { ParameterSpec, ParameterType, PyValue } from './flow-graph.js';
import { callArguments, findClosing, isOp, readDottedName } from './call-args.js';
import type { LineIndex } from './line-index.js';
import { LiteralType, readLiteral, type Literal } from './literal.js';
import type { LogicalLine } from './logical-lines.js';
import { TokenKind } from './tokenizer.js';

const DECLARED_TYPES: Record<string, ParameterType> = {
  int: 'int',
  float: 'float',
  str: 'str',
  bool: 'bool',
  JSONType: 'json',
};

/**
 * Reads a class attribute `alpha = Parameter("alpha", default=0.1, ...)` (also
 * `metaflow.Parameter`, and with an annotation `alpha: float = Parameter(...)`).
 * Returns null when the line is anything else.
 */
export function readParameter(line: LogicalLine, index: LineIndex): ParameterSpec | null {
  const { tokens } = line;
  const attribute = tokens[0];
  if (attribute?.kind !== TokenKind.name) return null;
  const equals = tokens.findIndex((token) => isOp(token, '='));
  if (equals < 1 || (equals > 1 && !isOp(tokens[1], ':'))) return null;
  const callee = readDottedName(tokens, equals + 1);
  if (callee.parts[callee.parts.length - 1] !== 'Parameter' || !isOp(tokens[callee.end], '(')) return null;
  const close = findClosing(tokens, callee.end);
  if (close !== tokens.length - 1) return null;

  const source = index.source;
  const args = callArguments(tokens, callee.end, close);
  const literal = (keyword: string): Literal | null => {
    const argument = args.find((arg) => arg.keyword === keyword);
    return argument ? readLiteral(argument.tokens, source) : null;
  };
  const firstPositional = args.find((arg) => arg.keyword === null);
  const nameLiteral = firstPositional ? readLiteral(firstPositional.tokens, source) : literal('name');
  const defaultLiteral = literal('default');
  const help = literal('help');
  const declared = args.find((arg) => arg.keyword === 'type');
  const declaredName = declared ? readDottedName(declared.tokens, 0) : null;
  const declaredType =
    declaredName && declaredName.end === declared?.tokens.length
      ? DECLARED_TYPES[declaredName.parts[declaredName.parts.length - 1] ?? '']
      : undefined;

  return {
    attribute: attribute.text,
    name: nameLiteral?.type === LiteralType.str ? (nameLiteral.value as string) : attribute.text,
    ...(defaultLiteral ? { default: defaultLiteral.value as PyValue } : {}),
    type: declaredType ?? inferType(defaultLiteral),
    help: help?.type === LiteralType.str ? (help.value as string) : null,
    required: literal('required')?.value === true,
    span: index.span(line.start, line.end),
  };
}

/** Metaflow infers a parameter's type from its default; bool is checked before int. */
function inferType(literal: Literal | null): ParameterType {
  switch (literal?.type) {
    case LiteralType.bool:
      return 'bool';
    case LiteralType.int:
      return 'int';
    case LiteralType.float:
      return 'float';
    case LiteralType.list:
    case LiteralType.tuple:
    case LiteralType.dict:
      return 'json';
    default:
      return 'str';
  }
}
