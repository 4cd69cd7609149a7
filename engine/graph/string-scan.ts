/**
 * Character-level scanning shared by the tokenizer: line breaks, identifiers and string
 * literals (including f-strings, whose replacement fields may nest other strings).
 */

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
export const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

export function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** Length of the line break at `pos` (0 when there is none). */
export function lineBreakLength(source: string, pos: number): number {
  const c = source.charCodeAt(pos);
  if (c === 13) return source.charCodeAt(pos + 1) === 10 ? 2 : 1;
  return c === 10 ? 1 : 0;
}

function isAsciiNameChar(code: number, first: boolean): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (!first && code >= 48 && code <= 57)
  );
}

/** End of the identifier starting at `pos` (`pos` itself when there is none); ASCII fast path. */
export function scanName(source: string, pos: number): number {
  let end = pos;
  while (end < source.length) {
    const code = source.charCodeAt(end);
    if (isAsciiNameChar(code, end === pos)) end++;
    else if (code < 128) return end;
    else break;
  }
  NAME.lastIndex = pos;
  return NAME.test(source) ? NAME.lastIndex : pos;
}

interface StringScan {
  /** Offset just past the string (or where it was cut off). */
  readonly end: number;
  readonly terminated: boolean;
  readonly triple: boolean;
}

/**
 * Scans a string literal whose opening quote is at `quoteAt`. An unterminated single-quoted
 * string stops at the line break; an unterminated triple-quoted one stops at the end of its
 * first line, so the code after a half-typed docstring is still read as code.
 * f-strings follow Python 3.12: a replacement field may hold nested strings with any quote.
 */
export function scanString(source: string, quoteAt: number, isFormatted: boolean): StringScan {
  const quote = source[quoteAt] ?? '"';
  const triple = source.startsWith(quote.repeat(3), quoteAt);
  const closing = triple ? quote.repeat(3) : quote;
  let p = quoteAt + closing.length;
  const firstLineEnd = (): number => {
    let e = quoteAt;
    while (e < source.length && !isLineBreak(source.charCodeAt(e))) e++;
    return e;
  };
  while (p < source.length) {
    const c = source[p];
    if (c === '\\') {
      p += 1 + Math.max(1, lineBreakLength(source, p + 1));
      continue;
    }
    if (isLineBreak(source.charCodeAt(p)) && !triple) return { end: p, terminated: false, triple };
    if (source.startsWith(closing, p)) return { end: p + closing.length, terminated: true, triple };
    if (isFormatted && c === '{') {
      if (source[p + 1] === '{') {
        p += 2;
        continue;
      }
      const field = scanField(source, p + 1, quote, triple);
      if (!field.closed) return { end: triple ? firstLineEnd() : field.end, terminated: false, triple };
      p = field.end;
      continue;
    }
    p++;
  }
  return { end: triple ? firstLineEnd() : source.length, terminated: false, triple };
}

/** Scans an f-string replacement field starting just after its `{`. */
function scanField(
  source: string,
  start: number,
  quote: string,
  triple: boolean,
): { end: number; closed: boolean } {
  let depth = 0;
  let p = start;
  let inFormatSpec = false;
  while (p < source.length) {
    const c = source[p] ?? '';
    const endsOuter = !triple && (isLineBreak(source.charCodeAt(p)) || (inFormatSpec && c === quote));
    if (endsOuter) return { end: p, closed: false };
    if (inFormatSpec) {
      if (c === '{') {
        const nested = scanField(source, p + 1, quote, triple);
        if (!nested.closed) return nested;
        p = nested.end;
        continue;
      }
      if (c === '}') return { end: p + 1, closed: true };
      p++;
      continue;
    }
    if (c === '"' || c === "'") {
      const nested = scanString(source, p, false);
      if (!nested.terminated) return { end: nested.end, closed: false };
      p = nested.end;
      continue;
    }
    const after = scanName(source, p);
    if (after > p) {
      const name = source.slice(p, after);
      const next = source[after];
      if ((next === '"' || next === "'") && STRING_PREFIX.test(name)) {
        const nested = scanString(source, after, /[fFtT]/.test(name));
        if (!nested.terminated) return { end: nested.end, closed: false };
        p = nested.end;
      } else {
        p = after;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return { end: p + 1, closed: true };
      depth--;
    } else if (c === ':' && depth === 0) inFormatSpec = true;
    p++;
  }
  return { end: source.length, closed: false };
}
