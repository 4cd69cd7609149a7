import type { ParseProblem } from './flow-graph.js';
import { isLineBreak, lineBreakLength, scanName, scanString, STRING_PREFIX } from './string-scan.js';

/**
 * A tolerant Python tokenizer: it never throws, it reports what Python would reject as a
 * problem and carries on, so a file mid-edit still yields tokens for everything around the
 * mistake.
 *
 * Like CPython's tokenizer it emits NEWLINE only at the end of a logical line (not inside
 * brackets, not after a backslash continuation), INDENT/DEDENT from the indentation of the
 * first line of each logical line (tabs to the next multiple of 8), and nothing for comments or
 * blank lines.
 */

export const TokenKind = {
  name: 'name',
  number: 'number',
  string: 'string',
  op: 'op',
  newline: 'newline',
  indent: 'indent',
  dedent: 'dedent',
  error: 'error',
  end: 'end',
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  readonly kind: TokenKind;
  /** The exact source text (empty for INDENT, DEDENT and END). */
  readonly text: string;
  /** 0-based offset of the first character. */
  readonly start: number;
  /** 0-based offset just past the last character. */
  readonly end: number;
  /** 1-based line of the first character. */
  readonly line: number;
}

export interface TokenizeResult {
  readonly tokens: readonly Token[];
  readonly problems: readonly ParseProblem[];
}

const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*|\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/y;
const OPERATORS = [
  ['**=', '//=', '>>=', '<<=', '...'],
  ['->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='],
  ['+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '=', '!'],
].map((ops) => new Set(ops));
const CLOSER_OF: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const BRACKET_NAME: Record<string, string> = { '(': 'parenthesis', '[': 'bracket', '{': 'brace' };
/** A physical line starting like this inside open brackets means the brackets were never closed. */
const STATEMENT_START = /[ \t\f]*(?:@[\p{L}_]|(?:async[ \t]+)?def[ \t]|class[ \t])/uy;

interface OpenBracket {
  readonly char: string;
  readonly line: number;
}

/** Tokenizes Python source. See the module comment for what is emitted. */
export function tokenize(source: string): TokenizeResult {
  const tokens: Token[] = [];
  const problems: ParseProblem[] = [];
  const indents = [0];
  let brackets: OpenBracket[] = [];
  let pos = 0;
  let line = 1;
  let atLineStart = true;
  let lineHasTokens = false;

  const push = (kind: TokenKind, start: number, end: number, text = source.slice(start, end), tokenLine = line): void => {
    tokens.push({ kind, text, start, end, line: tokenLine });
  };
  const reportUnclosed = (): void => {
    const first = brackets[0];
    if (first) problems.push({ line: first.line, message: `'${first.char}' was never closed` });
    brackets = [];
  };

  while (pos < source.length) {
    // 1. At the start of a logical line: measure the indentation, skip blank and comment lines.
    if (atLineStart) {
      let width = 0;
      let p = pos;
      for (; p < source.length; p++) {
        const c = source[p];
        if (c === ' ') width++;
        else if (c === '\t') width = Math.floor(width / 8) * 8 + 8;
        else if (c === '\f') width = 0;
        else break;
      }
      if (p >= source.length) break;
      if (source[p] === '#') {
        while (p < source.length && !isLineBreak(source.charCodeAt(p))) p++;
      }
      const breakLength = lineBreakLength(source, p);
      if (breakLength > 0 || p >= source.length) {
        pos = p + breakLength;
        if (breakLength > 0) line++;
        continue;
      }
      pos = p;
      atLineStart = false;
      indentLine(width, p);
    }

    const code = source.charCodeAt(pos);
    const c = source[pos] ?? '';

    // 2. Whitespace, comments, line breaks and continuations.
    if (code === 32 || code === 9 || code === 12) {
      pos++;
      while (pos < source.length && source.charCodeAt(pos) === 32) pos++;
      continue;
    }
    if (c === '#') {
      while (pos < source.length && !isLineBreak(source.charCodeAt(pos))) pos++;
      continue;
    }
    if (isLineBreak(code)) {
      const breakLength = lineBreakLength(source, pos);
      if (brackets.length > 0) {
        STATEMENT_START.lastIndex = pos + breakLength;
        if (STATEMENT_START.test(source)) reportUnclosed();
      }
      if (brackets.length === 0 && lineHasTokens) {
        push(TokenKind.newline, pos, pos + breakLength);
        atLineStart = true;
        lineHasTokens = false;
      }
      pos += breakLength;
      line++;
      continue;
    }
    if (c === '\\') {
      const breakLength = lineBreakLength(source, pos + 1);
      if (breakLength > 0) {
        pos += 1 + breakLength;
        line++;
      } else {
        problems.push({ line, message: 'unexpected character after line continuation character' });
        push(TokenKind.error, pos, pos + 1);
        pos++;
      }
      continue;
    }
    lineHasTokens = true;

    // 3. Names and string prefixes.
    const nameEnd = scanName(source, pos);
    if (nameEnd > pos) {
      const end = nameEnd;
      const next = source[end];
      if ((next === '"' || next === "'") && STRING_PREFIX.test(source.slice(pos, end))) {
        readString(pos, end);
      } else {
        push(TokenKind.name, pos, end);
        pos = end;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      readString(pos, pos);
      continue;
    }

    // 4. Numbers, then operators.
    if ((code >= 48 && code <= 57) || (c === '.' && /\d/.test(source[pos + 1] ?? ''))) {
      NUMBER.lastIndex = pos;
      const number = NUMBER.exec(source);
      const end = pos + (number?.[0].length ?? 1);
      push(TokenKind.number, pos, end);
      pos = end;
      continue;
    }
    const op = matchOperator(source, pos);
    if (op) {
      trackBracket(op);
      push(TokenKind.op, pos, pos + op.length, op);
      pos += op.length;
      continue;
    }

    const char = String.fromCodePoint(source.codePointAt(pos) ?? 0);
    const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    problems.push({ line, message: `invalid character '${char}' (U+${hex})` });
    push(TokenKind.error, pos, pos + char.length);
    pos += char.length;
  }

  // 5. End of input: close what is still open.
  reportUnclosed();
  if (lineHasTokens) push(TokenKind.newline, source.length, source.length);
  while (indents.length > 1) {
    indents.pop();
    push(TokenKind.dedent, source.length, source.length);
  }
  push(TokenKind.end, source.length, source.length);
  return { tokens, problems };

  function indentLine(width: number, at: number): void {
    const top = indents[indents.length - 1] ?? 0;
    if (width > top) {
      indents.push(width);
      push(TokenKind.indent, at, at, '');
      return;
    }
    while (width < (indents[indents.length - 1] ?? 0)) {
      // Invariant: indents[0] is 0 and width >= 0, so this loop stops.
      const outer = indents[indents.length - 2] ?? 0;
      if (outer < width) {
        // Snap to the enclosing level instead of inventing a new one, so only this line is wrong.
        problems.push({ line, message: 'unindent does not match any outer indentation level' });
        return;
      }
      indents.pop();
      push(TokenKind.dedent, at, at, '');
    }
  }

  function trackBracket(op: string): void {
    if (op in CLOSER_OF) {
      brackets.push({ char: op, line });
      return;
    }
    if (op !== ')' && op !== ']' && op !== '}') return;
    const open = brackets[brackets.length - 1];
    if (!open) {
      problems.push({ line, message: `unmatched '${op}'` });
      return;
    }
    if (CLOSER_OF[open.char] !== op) {
      const where = open.line === line ? '' : ` on line ${open.line}`;
      problems.push({
        line,
        message: `closing ${closingName(op)} '${op}' does not match opening ${BRACKET_NAME[open.char] ?? 'bracket'} '${open.char}'${where}`,
      });
    }
    brackets.pop();
  }

  function readString(start: number, quoteAt: number): void {
    const startLine = line;
    const scan = scanString(source, quoteAt, /[fFtT]/.test(source.slice(start, quoteAt)));
    for (let i = start; i < scan.end; i++) {
      const breakLength = lineBreakLength(source, i);
      if (breakLength > 0) {
        line++;
        i += breakLength - 1;
      }
    }
    if (!scan.terminated) {
      const kind = scan.triple ? 'triple-quoted string literal' : 'string literal';
      problems.push({ line: startLine, message: `unterminated ${kind} (detected at line ${line})` });
    }
    push(TokenKind.string, start, scan.end, source.slice(start, scan.end), startLine);
    pos = scan.end;
  }
}

function closingName(op: string): string {
  return op === ')' ? 'parenthesis' : op === ']' ? 'bracket' : 'brace';
}

/** Characters that can continue an operator (`==`, `->`, `**`, `//`, `<<`, `...`). */
const OPERATOR_SECOND = new Set(['=', '>', '<', '*', '/', '.']);

function matchOperator(source: string, pos: number): string | null {
  const first = source[pos] ?? '';
  if (!OPERATOR_SECOND.has(source[pos + 1] ?? '')) return OPERATORS[2]?.has(first) ? first : null;
  for (let length = 3; length >= 1; length--) {
    const candidate = source.slice(pos, pos + length);
    if (OPERATORS[3 - length]?.has(candidate)) return candidate;
  }
  return null;
}
