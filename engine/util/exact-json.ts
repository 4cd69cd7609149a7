/**
 * JSON that keeps every number exactly as written. Python writes integers of any size
 * (`2**60 + 1`) and floats with their fraction (`2.0`); `JSON.parse` turns the first into the
 * nearest double and the second into `2`, which a later reader (Python again, or a person) then
 * sees as another value. Here such a number becomes an `ExactNumber` holding its text, and
 * `stringifyExactJson` writes that text back unchanged.
 *
 * Pure (no `node:` imports): the renderer may import it.
 */

/**
 * A JSON number kept as its text because a JS number would print it differently: an integer
 * beyond ±2^53, a float written with a zero fraction (`2.0`) or an exponent Python chose.
 * `JSON.stringify` (and anything built on it, such as a WebSocket) gets `toJSON()`: the number
 * when it is safe, else the exact digits as a string, never a silently different number.
 */
export class ExactNumber {
  constructor(readonly text: string) {}

  /** The nearest JS number (exact for every value but integers beyond ±2^53). */
  valueOf(): number {
    return Number(this.text);
  }

  /** An integer that a JS number cannot hold exactly. */
  get isBigInteger(): boolean {
    return /^-?\d+$/.test(this.text) && !Number.isSafeInteger(Number(this.text));
  }

  toJSON(): number | string {
    return this.isBigInteger ? this.text : Number(this.text);
  }

  toString(): string {
    return this.text;
  }
}

/** A number as it must be kept: a plain number when it prints back to the same text. */
export function exactNumber(text: string): number | ExactNumber {
  const value = Number(text);
  return String(value) === text ? value : new ExactNumber(text);
}

/**
 * `JSON.parse`, keeping numbers exact (see `ExactNumber`). Throws a SyntaxError on bad JSON.
 *
 * @example parseExactJson('{"n": 1152921504606846977, "x": 2.0, "y": 0.5}')
 *   // { n: ExactNumber('1152921504606846977'), x: ExactNumber('2.0'), y: 0.5 }
 */
export function parseExactJson(text: string): unknown {
  // Most documents have no number JS would change: the native parser is much faster.
  return hasInexactNumber(text) ? new ExactParser(text).document() : (JSON.parse(text) as unknown);
}

/** Strings (skipped whole) or numbers, in one linear scan. */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** True when some number of the document (not inside a string) would not print back as written. */
function hasInexactNumber(text: string): boolean {
  // A cheap filter first: no long digit run, zero fraction, exponent or -0 anywhere.
  if (!/\.\d*0(?!\d)|\d{16}|\d[eE]|-0(?![\d.])/.test(text)) return false;
  for (const [token] of text.matchAll(TOKENS)) {
    if (token.charCodeAt(0) !== 34 /* " */ && String(Number(token)) !== token) return true;
  }
  return false;
}

class ExactParser {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value();
    this.space();
    if (this.at < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.at}`);
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at += 1;
  }

  private value(): unknown {
    this.space();
    const char = this.text[this.at];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.fail(char === undefined ? 'unexpected end of JSON' : `unexpected ${JSON.stringify(char)}`);
  }

  private object(): { [key: string]: unknown } {
    const result: { [key: string]: unknown } = {};
    this.at += 1;
    this.space();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return result;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail('expected ":"');
      this.at += 1;
      // defineProperty, so a key such as "__proto__" is data, as JSON.parse makes it.
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
      const next = this.text[this.at];
      this.at += 1;
      if (next === '}') return result;
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.at += 1;
    this.space();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.space();
      const next = this.text[this.at];
      this.at += 1;
      if (next === ']') return result;
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    const start = this.at;
    this.at += 1;
    while (this.at < this.text.length) {
      const char = this.text[this.at];
      if (char === '\\') this.at += 2;
      else if (char === '"') {
        this.at += 1;
        return JSON.parse(this.text.slice(start, this.at)) as string;
      } else this.at += 1;
    }
    return this.fail('unterminated string');
  }

  private number(): number | ExactNumber {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) return this.fail('bad number');
    this.at += match[0].length;
    return exactNumber(match[0]);
  }
}

/**
 * `JSON.stringify(value, null, indent)`, except that an `ExactNumber` is written as its text
 * and a `bigint` as its digits. The output equals JSON.stringify's wherever neither occurs.
 */
export function stringifyExactJson(value: unknown, indent = 0): string {
  return write(value, '', indent > 0 ? ' '.repeat(indent) : '') ?? 'null';
}

function write(value: unknown, outer: string, step: string): string | undefined {
  if (value instanceof ExactNumber) return value.text;
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'object':
      break;
    default:
      return undefined; // undefined, functions, symbols: left out, as JSON.stringify does
  }
  const inner = outer + step;
  const open = step ? `\n${inner}` : '';
  const close = step ? `\n${outer}` : '';
  const separator = step ? `,\n${inner}` : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${open}${value.map((item) => write(item, inner, step) ?? 'null').join(separator)}${close}]`;
  }
  const members: string[] = [];
  for (const [key, item] of Object.entries(value as object)) {
    const text = write(item, inner, step);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${step ? ' ' : ''}${text}`);
  }
  return members.length === 0 ? '{}' : `{${open}${members.join(separator)}${close}}`;
}

/**
 * A value fit for a plain-JSON reader that cannot keep big integers (a browser): every
 * `ExactNumber` becomes its number, except integers beyond ±2^53, which become their exact
 * decimal digits as a string.
 */
export function toPlainJson(value: unknown): unknown {
  if (value instanceof ExactNumber) return value.toJSON();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object') {
    const result: { [key: string]: unknown } = {};
    for (const [key, item] of Object.entries(value)) Object.defineProperty(result, key, { value: toPlainJson(item), enumerable: true, writable: true, configurable: true });
    return result;
  }
  return value;
}
