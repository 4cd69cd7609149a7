import { describe, expect, test } from 'vitest';
import { formatCell, formatCount, shortRunId } from './format-cell.js';

describe('formatCell', () => {
  test('every kind of value on one line', () => {
    expect(formatCell(null)).toBe('null');
    expect(formatCell('a b')).toBe('a b');
    expect(formatCell(3)).toBe('3');
    expect(formatCell(0.1 + 0.2)).toBe('0.3');
    expect(formatCell(true)).toBe('true');
    expect(formatCell({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(shortRunId('01JD5Q4Z7W3K6M8N9P0R1S2T3V')).toBe('0R1S2T3V');
    expect(shortRunId('12')).toBe('12');
  });
});
