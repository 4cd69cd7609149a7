import type { ParseProblem } from './flow-graph.js';
import type { LineIndex } from './line-index.js';
import { TokenKind, type Token } from './tokenizer.js';

/** One logical line of Python: a statement (or a compound statement's header) and its tokens. */
export interface LogicalLine {
  /** The line's tokens without NEWLINE, INDENT and DEDENT. Never empty. */
  readonly tokens: readonly Token[];
  /** Indentation width of the first physical line (tabs to the next multiple of 8). */
  readonly indent: number;
  /** 1-based line of the first token. */
  readonly line: number;
  /** Offset of the first token. */
  readonly start: number;
  /** Offset just past the last token. */
  readonly end: number;
}

export interface LogicalLinesResult {
  readonly lines: readonly LogicalLine[];
  readonly problems: readonly ParseProblem[];
}

/**
 * Groups tokens into logical lines and checks the block structure the INDENT/DEDENT tokens
 * describe: an indented block must follow a line ending in `:`, and such a line needs one.
 */
export function groupLogicalLines(tokens: readonly Token[], index: LineIndex): LogicalLinesResult {
  const lines: LogicalLine[] = [];
  const problems: ParseProblem[] = [];
  let current: Token[] = [];
  let indented = false;
  let expectingBlock: LogicalLine | null = null;

  for (const token of tokens) {
    if (token.kind === TokenKind.indent) {
      indented = true;
      continue;
    }
    if (token.kind === TokenKind.dedent || token.kind === TokenKind.end) continue;
    if (token.kind !== TokenKind.newline) {
      current.push(token);
      continue;
    }
    if (current.length === 0) continue;
    const first = current[0] as Token;
    const last = current[current.length - 1] as Token;
    const line: LogicalLine = {
      tokens: current,
      indent: indentWidth(index, first.line),
      line: first.line,
      start: first.start,
      end: last.end,
    };
    if (expectingBlock && !indented) problems.push(missingBlock(expectingBlock));
    else if (!expectingBlock && indented) problems.push({ line: line.line, message: 'unexpected indent' });
    expectingBlock = last.kind === TokenKind.op && last.text === ':' ? line : null;
    indented = false;
    lines.push(line);
    current = [];
  }
  if (expectingBlock) problems.push(missingBlock(expectingBlock));
  return { lines, problems };
}

function missingBlock(header: LogicalLine): ParseProblem {
  const keyword = header.tokens[0]?.text === 'async' ? header.tokens[1]?.text : header.tokens[0]?.text;
  const what =
    keyword === 'def' ? 'function definition' : keyword === 'class' ? 'class definition' : `'${keyword}' statement`;
  return { line: header.line, message: `expected an indented block after ${what} on line ${header.line}` };
}

function indentWidth(index: LineIndex, line: number): number {
  const source = index.source;
  let width = 0;
  for (let p = index.lineStart(line); p < source.length; p++) {
    const c = source[p];
    if (c === ' ') width++;
    else if (c === '\t') width = Math.floor(width / 8) * 8 + 8;
    else if (c === '\f') width = 0;
    else break;
  }
  return width;
}
