import { TokenKind, type Token } from './tokenizer.js';

/** One argument of a call, dict entry or parameter list, as its tokens. */
export interface CallArgument {
  /** `name` for `name=value`, else null. */
  readonly keyword: string | null;
  /** The value's tokens (without `name=`). */
  readonly tokens: readonly Token[];
}

export function isOp(token: Token | undefined, text: string): boolean {
  return token?.kind === TokenKind.op && token.text === text;
}

/**
 * Index of the bracket closing the one at `open`, or -1 when the line ends first (possible only
 * in a file with syntax errors: the tokenizer recovers from unclosed brackets).
 */
export function findClosing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== TokenKind.op) continue;
    if (token.text === '(' || token.text === '[' || token.text === '{') depth++;
    else if (token.text === ')' || token.text === ']' || token.text === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits `tokens` at commas outside brackets; empty pieces (a trailing comma) are dropped. */
export function splitTopLevel(tokens: readonly Token[], separator = ','): Token[][] {
  const pieces: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === TokenKind.op) {
      if (token.text === '(' || token.text === '[' || token.text === '{') depth++;
      else if (token.text === ')' || token.text === ']' || token.text === '}') depth--;
      else if (token.text === separator && depth === 0) {
        pieces.push([]);
        continue;
      }
    }
    pieces[pieces.length - 1]?.push(token);
  }
  return pieces.filter((piece) => piece.length > 0);
}

/** The arguments between the brackets at `open` and `close` (exclusive). */
export function callArguments(tokens: readonly Token[], open: number, close: number): CallArgument[] {
  return splitTopLevel(tokens.slice(open + 1, close)).map((piece) => {
    const [name, equals] = piece;
    if (name?.kind === TokenKind.name && isOp(equals, '=') && piece.length > 2) {
      return { keyword: name.text, tokens: piece.slice(2) };
    }
    return { keyword: null, tokens: piece };
  });
}

/** Reads a dotted name (`a.b.c`) starting at `start`; returns its parts and the index after it. */
export function readDottedName(tokens: readonly Token[], start: number): { parts: string[]; end: number } {
  const parts: string[] = [];
  let i = start;
  while (tokens[i]?.kind === TokenKind.name) {
    parts.push((tokens[i] as Token).text);
    if (!isOp(tokens[i + 1], '.') || tokens[i + 2]?.kind !== TokenKind.name) return { parts, end: i + 1 };
    i += 2;
  }
  return { parts, end: i };
}
