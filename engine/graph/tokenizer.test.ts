import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenizer.js';

function kinds(source: string): string[] {
  return tokenize(source).tokens.map((token) => (token.kind === 'op' || token.kind === 'name' ? token.text : token.kind));
}

describe('tokenize', () => {
  it('emits INDENT, DEDENT and NEWLINE like Python', () => {
    expect(kinds('if x:\n    y\nz\n')).toEqual(['if', 'x', ':', 'newline', 'indent', 'y', 'newline', 'dedent', 'z', 'newline', 'end']);
  });

  it('joins lines inside brackets and after a backslash, and skips comments and blank lines', () => {
    expect(kinds('f(a,  # note\n  b)\n\n# only a comment\nx = 1 + \\\n  2\n')).toEqual([
      'f', '(', 'a', ',', 'b', ')', 'newline', 'x', '=', 'number', '+', 'number', 'newline', 'end',
    ]);
  });

  it('reads string prefixes, triple quotes and f-strings with nested quotes', () => {
    const { tokens, problems } = tokenize(`a = rb"\\x" + f"{d["k"]:>{w}} {{x}}" + '''one\ntwo''' + u'\\''\n`);
    expect(problems).toEqual([]);
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual([
      'rb"\\x"',
      'f"{d["k"]:>{w}} {{x}}"',
      "'''one\ntwo'''",
      "u'\\''",
    ]);
    expect(tokens.find((t) => t.text === 'u\'\\\'\'')?.line).toBe(2);
  });

  it('reports what Python would reject, with its line, and carries on', () => {
    expect(tokenize('x = "open\ny = 1\n').problems).toEqual([{ line: 1, message: 'unterminated string literal (detected at line 1)' }]);
    expect(tokenize('x = (1,\n  2\n').problems).toEqual([{ line: 1, message: "'(' was never closed" }]);
    expect(tokenize('x = [1)\n').problems).toEqual([
      { line: 1, message: "closing parenthesis ')' does not match opening bracket '['" },
    ]);
    expect(tokenize('x = 1 $\n').problems).toEqual([{ line: 1, message: "invalid character '$' (U+0024)" }]);
    expect(tokenize('if x:\n    a\n  b\n').problems).toEqual([
      { line: 3, message: 'unindent does not match any outer indentation level' },
    ]);
  });

  it('recovers from an unclosed bracket at the next def or decorator', () => {
    const { tokens, problems } = tokenize('x = f(\n    @step\n    def a(self):\n        pass\n');
    expect(problems).toEqual([{ line: 1, message: "'(' was never closed" }]);
    expect(tokens.find((t) => t.text === 'def')?.line).toBe(3);
    expect(kinds('x = f(\n@step\n').slice(0, 6)).toEqual(['x', '=', 'f', '(', 'newline', '@']);
  });

  it('counts CRLF as one line break', () => {
    expect(tokenize('a\r\nb\r\n').tokens.map((t) => [t.text.replace('\r\n', 'NL'), t.line])).toEqual([
      ['a', 1], ['NL', 1], ['b', 2], ['NL', 2], ['', 3],
    ]);
  });
});
