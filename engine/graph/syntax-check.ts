import type { ParseProblem } from './flow-graph.js';
import type { LogicalLine } from './logical-lines.js';
import { TokenKind, type Token } from './tokenizer.js';

/**
 * A light syntax check of one logical line. It does not parse Python; it catches what a file
 * mid-edit typically holds (two names side by side, a statement cut off after an operator, a
 * compound statement without its colon) so that the editor can point at the line.
 */

const KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);
/** Keywords that are also values. */
const VALUE_KEYWORDS = new Set(['True', 'False', 'None']);
/** Soft keywords that may be followed by a name when they start a statement. */
const SOFT_KEYWORDS = new Set(['match', 'case', 'type']);
const COMPOUND_KEYWORDS = new Set([
  'if', 'elif', 'else', 'while', 'for', 'def', 'class', 'with', 'try', 'except', 'finally',
]);
const DANGLING_OPERATORS = new Set([
  '=', '.', '+', '-', '/', '//', '%', '**', '==', '!=', '<', '>', '<=', '>=', '->', ':=', '&', '|',
  '^', '<<', '>>', '~', '@', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=', '>>=',
  '<<=', '@=', 'and', 'or', 'not', 'in', 'is',
]);

function isOperand(token: Token): boolean {
  if (token.kind === TokenKind.number || token.kind === TokenKind.string) return true;
  return token.kind === TokenKind.name && (!KEYWORDS.has(token.text) || VALUE_KEYWORDS.has(token.text));
}

function endsOperand(token: Token): boolean {
  return isOperand(token) || (token.kind === TokenKind.op && (token.text === ')' || token.text === ']' || token.text === '}'));
}

/** Splits a logical line into its `;`-separated simple statements. */
function statements(tokens: readonly Token[]): Token[][] {
  const result: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === TokenKind.op) {
      if ('([{'.includes(token.text)) depth++;
      else if (')]}'.includes(token.text)) depth--;
      else if (token.text === ';' && depth <= 0) {
        result.push([]);
        continue;
      }
    }
    result[result.length - 1]?.push(token);
  }
  return result.filter((statement) => statement.length > 0);
}

function checkStatement(tokens: readonly Token[]): ParseProblem | null {
  const first = tokens[0] as Token;
  for (let i = 1; i < tokens.length; i++) {
    const previous = tokens[i - 1] as Token;
    const token = tokens[i] as Token;
    if (!endsOperand(previous) || !isOperand(token)) continue;
    if (previous.kind === TokenKind.string && token.kind === TokenKind.string) continue;
    if (i === 1 && SOFT_KEYWORDS.has(previous.text)) continue;
    const message = `invalid syntax: "${token.text}" cannot follow "${previous.text}" (is a comma or an operator missing?)`;
    return { line: token.line, message };
  }

  const last = tokens[tokens.length - 1] as Token;
  const beforeLast = tokens[tokens.length - 2];
  const dangling =
    (last.kind === TokenKind.op || KEYWORDS.has(last.text)) &&
    (DANGLING_OPERATORS.has(last.text) || (last.text === '*' && beforeLast?.text !== 'import'));
  if (dangling) return { line: last.line, message: `invalid syntax: the statement ends with "${last.text}"` };

  const keyword = first.text === 'async' ? tokens[1]?.text : first.text;
  if (first.kind === TokenKind.name && keyword !== undefined && COMPOUND_KEYWORDS.has(keyword)) {
    let depth = 0;
    const hasColon = tokens.some((token) => {
      if (token.kind !== TokenKind.op) return false;
      if ('([{'.includes(token.text)) depth++;
      else if (')]}'.includes(token.text)) depth--;
      return token.text === ':' && depth === 0;
    });
    if (!hasColon) return { line: first.line, message: `expected ':' at the end of the '${keyword}' line` };
  }
  return null;
}

/** Returns the first syntax problem found on the line, if any. */
export function checkLogicalLine(line: LogicalLine): ParseProblem | null {
  for (const statement of statements(line.tokens)) {
    const problem = checkStatement(statement);
    if (problem) return problem;
  }
  return null;
}
