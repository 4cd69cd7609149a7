import { findClosing, isOp } from '../graph/call-args.js';
import { TokenKind, tokenize, type Token } from '../graph/tokenizer.js';

export { findClosing, isOp, TokenKind, type Token };

/**
 * The tokens of `source[start, end)` with offsets into the whole source. Comments and layout
 * tokens (NEWLINE, INDENT, DEDENT) are left out, so strings and comments never look like code.
 */
export function tokensIn(source: string, start: number, end: number): Token[] {
  return tokenize(source.slice(start, end))
    .tokens.filter((t) => t.kind !== TokenKind.newline && t.kind !== TokenKind.indent && t.kind !== TokenKind.dedent && t.kind !== TokenKind.end)
    .map((t) => ({ ...t, start: t.start + start, end: t.end + start }));
}

/** One comma-separated item between two brackets. */
export interface ListItem {
  /** Offsets of the item's own text (without the comma). */
  readonly start: number;
  readonly end: number;
  /** The item's tokens. */
  readonly tokens: readonly Token[];
  /** The comma after the item, when there is one. */
  readonly comma: Token | null;
}

/** The items between the brackets at token indices `open` and `close`. */
export function listItems(tokens: readonly Token[], open: number, close: number): ListItem[] {
  const items: ListItem[] = [];
  let current: Token[] = [];
  let depth = 0;
  const flush = (comma: Token | null): void => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last) items.push({ start: first.start, end: last.end, tokens: current, comma });
    current = [];
  };
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i] as Token;
    if (t.kind === TokenKind.op && (t.text === '(' || t.text === '[' || t.text === '{')) depth++;
    if (t.kind === TokenKind.op && (t.text === ')' || t.text === ']' || t.text === '}')) depth--;
    if (depth === 0 && isOp(t, ',')) flush(t);
    else current.push(t);
  }
  flush(null);
  return items;
}

/** `self.<name>` as tokens → the name token, else null. */
export function selfAttribute(tokens: readonly Token[]): Token | null {
  const [self, dot, name] = tokens;
  return tokens.length === 3 && self?.text === 'self' && isOp(dot, '.') && name?.kind === TokenKind.name ? name : null;
}

/** Every `self.<name>` name token in `tokens` (not `x.self.name`). */
export function selfReferences(tokens: readonly Token[], name: string): Token[] {
  const found: Token[] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [self, dot, attr] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (self?.kind === TokenKind.name && self.text === 'self' && isOp(dot, '.') && attr?.kind === TokenKind.name && attr.text === name && !isOp(tokens[i - 1], '.')) {
      found.push(attr);
    }
  }
  return found;
}
