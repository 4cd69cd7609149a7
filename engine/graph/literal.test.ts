import { describe, expect, it } from 'vitest';
import { readLiteral } from './literal.js';
import { TokenKind, tokenize } from './tokenizer.js';
import { cleandoc } from './docstring.js';

function literal(source: string): ReturnType<typeof readLiteral> {
  const tokens = tokenize(source).tokens.filter((token) => token.kind !== TokenKind.newline && token.kind !== TokenKind.end);
  return readLiteral(tokens, source);
}

describe('readLiteral', () => {
  it.each([
    ['"a" \'b\'', 'ab', 'str'],
    ['r"\\d+"', '\\d+', 'str'],
    ['"tab\\there\\u00e9\\x41\\101"', 'tab\there\u00e9AA', 'str'],
    ['42', 42, 'int'],
    ['-7', -7, 'int'],
    ['1_000_000', 1000000, 'int'],
    ['0x1F', 31, 'int'],
    ['0o17', 15, 'int'],
    ['0b101', 5, 'int'],
    ['1.0', 1, 'float'],
    ['-2.5e-3', -0.0025, 'float'],
    ['.5', 0.5, 'float'],
    ['True', true, 'bool'],
    ['False', false, 'bool'],
    ['None', null, 'none'],
    ['[1, "a", [True]]', [1, 'a', [true]], 'list'],
    ['[]', [], 'list'],
    ['(1,)', [1], 'tuple'],
    ['(1, 2,)', [1, 2], 'tuple'],
    ['()', [], 'tuple'],
    ['(3)', 3, 'int'],
    ['{"a": {"b": [1, -1]}, }', { a: { b: [1, -1] } }, 'dict'],
  ])('%s', (source, value, type) => {
    expect(literal(source)).toEqual({ value, type });
  });

  it.each(['foo', 'foo(1)', '1 + 2', 'b"bytes"', 'f"{x}"', '{1: 2}', '{1, 2}', '1j', '[1, x]', 'self.items', '10**100', '"open'])(
    '%s is kept as an expression',
    (source) => {
      expect(literal(source)).toEqual({ value: { expr: source }, type: 'expr' });
    },
  );
});

describe('cleandoc', () => {
  it('dedents like inspect.cleandoc', () => {
    expect(cleandoc('\n    Title.\n\n      Indented.\n    Back.\n    ')).toBe('Title.\n\n  Indented.\nBack.');
    expect(cleandoc('  One line.  ')).toBe('One line.  ');
    expect(cleandoc('A\tB')).toBe('A       B');
  });
});
