import { describe, expect, it } from 'vitest';
import { ExactNumber, parseExactJson, stringifyExactJson, toPlainJson } from './exact-json.js';

describe('exact JSON', () => {
  it('keeps integers beyond 2^53 and floats written with a zero fraction exactly', () => {
    const text = '{"big":1152921504606846977,"pow":1152921504606846976,"neg":-9223372036854775807,"f":2.0,"g":0.5,"e":1e+16,"list":[1,2.50,{"x":true}]}';
    const value = parseExactJson(text) as Record<string, unknown>;
    expect(value['big']).toBeInstanceOf(ExactNumber);
    expect(String(value['big'])).toBe('1152921504606846977');
    expect(value['g']).toBe(0.5);
    expect(value['f']).toEqual(new ExactNumber('2.0'));
    expect(stringifyExactJson(value)).toBe(text);
  });

  it('writes exactly what JSON.stringify writes when nothing needs keeping', () => {
    const records = [{ a: 1, b: [1, 'x', null, { c: false }], d: {}, e: [], u: undefined }, 'text', 3.25, [undefined, () => 1]];
    for (const record of records) {
      expect(stringifyExactJson(record)).toBe(JSON.stringify(record));
      expect(stringifyExactJson(record, 1)).toBe(JSON.stringify(record, null, 1));
      expect(stringifyExactJson(record, 2)).toBe(JSON.stringify(record, null, 2));
    }
    expect(parseExactJson(JSON.stringify(records[0]))).toEqual(JSON.parse(JSON.stringify(records[0])));
  });

  it('writes a bigint as its digits, and gives plain readers exact strings for big integers', () => {
    expect(stringifyExactJson({ n: 2n ** 60n + 1n })).toBe('{"n":1152921504606846977}');
    const value = parseExactJson('[1152921504606846977, 2.0, "s"]');
    expect(toPlainJson(value)).toEqual(['1152921504606846977', 2, 's']);
    expect(JSON.stringify(value)).toBe('["1152921504606846977",2,"s"]');
  });

  it('refuses bad JSON and keeps a "__proto__" key as data', () => {
    expect(() => parseExactJson('{"a": 1e5,}')).toThrow(SyntaxError);
    expect(() => parseExactJson('[1e5')).toThrow(SyntaxError);
    const value = parseExactJson('{"__proto__": {"x": 1e400}}') as object;
    expect(Object.keys(value)).toEqual(['__proto__']);
  });
});
