import { describe, expect, test } from 'vitest';
import { formatBytes } from './format-bytes.js';

describe('formatBytes', () => {
  test('bytes, then one decimal below 10, then whole units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1234)).toBe('1.2 kB');
    expect(formatBytes(48_000_000)).toBe('48 MB');
    expect(formatBytes(-1)).toBe('');
  });
});
