import type { PyValue } from './flow-graph.js';
import { TokenKind, type Token } from './tokenizer.js';

/**
 * Reads Python literals statically: `ast.literal_eval` without Python. Anything that is not a
 * str/int/float/bool/None literal or a list, tuple or str-keyed dict of them comes back as
 * `{ expr: "source text" }`.
 */

/** The Python type of a literal as written (`1.0` is a float even though JSON says 1). */
export const LiteralType = {
  str: 'str',
  int: 'int',
  float: 'float',
  bool: 'bool',
  none: 'none',
  list: 'list',
  tuple: 'tuple',
  dict: 'dict',
  expr: 'expr',
} as const;
export type LiteralType = (typeof LiteralType)[keyof typeof LiteralType];

export interface Literal {
  readonly value: PyValue;
  readonly type: LiteralType;
}

/** Thrown inside the reader when the tokens are not a literal; never escapes this module. */
class NotALiteral extends Error {}

/**
 * Reads `tokens` (one expression, e.g. a call argument) from `source`.
 *
 * @example readLiteral(tokenize('[1, -2.5, "a"]').tokens.slice(0, 8), src) // { value: [1, -2.5, 'a'], type: 'list' }
 */
export function readLiteral(tokens: readonly Token[], source: string): Literal {
  const expression = (): Literal => ({ value: { expr: sourceText(tokens, source) }, type: LiteralType.expr });
  if (tokens.length === 0) return expression();
  const reader = new LiteralReader(tokens);
  try {
    const literal = reader.value();
    return reader.done() ? literal : expression();
  } catch (error) {
    if (error instanceof NotALiteral) return expression();
    throw error;
  }
}

/** The exact source text the tokens cover (from the first token's start to the last token's end). */
export function sourceText(tokens: readonly Token[], source: string): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? source.slice(first.start, last.end) : '';
}

class LiteralReader {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.pos === this.tokens.length;
  }

  value(): Literal {
    const token = this.next();
    if (token.kind === TokenKind.string) return this.strings(token);
    if (token.kind === TokenKind.number) return readNumber(token.text, 1);
    if (token.kind === TokenKind.name) {
      if (token.text === 'True' || token.text === 'False') {
        return { value: token.text === 'True', type: LiteralType.bool };
      }
      if (token.text === 'None') return { value: null, type: LiteralType.none };
      throw new NotALiteral();
    }
    switch (token.text) {
      case '-':
      case '+': {
        const operand = this.next();
        if (operand.kind !== TokenKind.number) throw new NotALiteral();
        return readNumber(operand.text, token.text === '-' ? -1 : 1);
      }
      case '[':
        return { value: this.items(']').literals.map(toValue), type: LiteralType.list };
      case '(': {
        // `(x)` is x itself; `(x,)` and `(x, y)` are tuples.
        const { literals, trailingComma } = this.items(')');
        const [only] = literals;
        if (only && literals.length === 1 && !trailingComma) return only;
        return { value: literals.map(toValue), type: LiteralType.tuple };
      }
      case '{':
        return { value: this.dict(), type: LiteralType.dict };
      default:
        throw new NotALiteral();
    }
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new NotALiteral();
    return token;
  }

  private peek(text: string): boolean {
    const token = this.tokens[this.pos];
    return token?.kind === TokenKind.op && token.text === text;
  }

  private strings(first: Token): Literal {
    // Adjacent string literals concatenate: "a" "b" is "ab".
    let text = decodeString(first.text);
    while (this.tokens[this.pos]?.kind === TokenKind.string) {
      const part = decodeString(this.next().text);
      text = text === null || part === null ? null : text + part;
    }
    if (text === null) throw new NotALiteral();
    return { value: text, type: LiteralType.str };
  }

  /** Reads comma-separated values up to `close`; the opening bracket is already consumed. */
  private items(close: string): { literals: Literal[]; trailingComma: boolean } {
    const literals: Literal[] = [];
    let trailingComma = false;
    while (!this.peek(close)) {
      literals.push(this.value());
      trailingComma = this.peek(',');
      if (trailingComma) this.pos++;
      else if (!this.peek(close)) throw new NotALiteral();
    }
    this.pos++;
    return { literals, trailingComma };
  }

  private dict(): { [key: string]: PyValue } {
    const result: { [key: string]: PyValue } = {};
    while (!this.peek('}')) {
      const key = this.value();
      if (key.type !== LiteralType.str || !this.peek(':')) throw new NotALiteral();
      this.pos++;
      result[key.value as string] = this.value().value;
      if (this.peek(',')) this.pos++;
      else if (!this.peek('}')) throw new NotALiteral();
    }
    this.pos++;
    return result;
  }
}

function toValue(literal: Literal): PyValue {
  return literal.value;
}

function readNumber(text: string, sign: 1 | -1): Literal {
  const digits = text.replace(/_/g, '');
  if (/[jJ]$/.test(digits)) throw new NotALiteral();
  const radix = /^0[xX]/.test(digits) ? 16 : /^0[oO]/.test(digits) ? 8 : /^0[bB]/.test(digits) ? 2 : 10;
  if (radix !== 10) {
    const value = parseInt(digits.slice(2), radix);
    if (!Number.isSafeInteger(value)) throw new NotALiteral();
    return { value: sign * value, type: LiteralType.int };
  }
  const value = Number(digits);
  const isFloat = /[.eE]/.test(digits);
  if (!Number.isFinite(value) || (!isFloat && !Number.isSafeInteger(value))) throw new NotALiteral();
  // -0 would serialize as 0 anyway; keep it a plain zero.
  return { value: sign * value || 0, type: isFloat ? LiteralType.float : LiteralType.int };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/**
 * Decodes a str literal token (`'a'`, `"""doc"""`, `r"\d"`, `u"x"`). Returns null for bytes,
 * f-strings, t-strings and unterminated literals, which are not constant strings.
 */
export function decodeString(text: string): string | null {
  const match = /^([rRuU]?)(['"])/.exec(text) ?? null;
  if (!match) return null;
  const prefix = match[1] ?? '';
  const quote = match[2] ?? '"';
  const bodyStart = prefix.length;
  const closing = text.startsWith(quote.repeat(3), bodyStart) ? quote.repeat(3) : quote;
  const minimum = bodyStart + closing.length * 2;
  if (text.length < minimum || !text.endsWith(closing)) return null;
  // Python reads source with universal newlines, so a CRLF file's strings hold "\n".
  const body = text.slice(bodyStart + closing.length, text.length - closing.length).replace(/\r\n?/g, '\n');
  if (/[rR]/.test(prefix)) return body;
  return body.replace(
    /\\(\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g,
    (all, escape: string) => {
      if (escape === '\n') return '';
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) return simple;
      if (/^[0-7]/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
      const code = parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : all;
    },
  );
}
