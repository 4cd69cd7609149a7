import { describe, expect, it } from 'vitest';
import { isRunId, newRunId, runIdTime } from './run-id.js';

describe('run ids', () => {
  it('are 26 Crockford base32 characters that say when they were made', () => {
    const id = newRunId(1_700_000_000_123);
    expect(isRunId(id)).toBe(true);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(runIdTime(id)).toBe(1_700_000_000_123);
    expect(id.slice(0, 10)).toBe(newRunId(1_700_000_000_123).slice(0, 10));
  });

  it('sort as strings in the order they were made, across a carry in every time digit', () => {
    const times = [0, 31, 32, 1023, 1024, 1_700_000_000_000, 1_700_000_000_001, 2 ** 48 - 1];
    const ids = times.map((t) => newRunId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(runIdTime)).toEqual(times);
  });

  it('never repeat: the last 16 characters are random', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newRunId(1_700_000_000_000)));
    expect(ids.size).toBe(2000);
    const tails = [...ids].map((id) => id.slice(10));
    // Every one of the 32 digits turns up in the random part (a constant tail would not).
    expect(new Set(tails.join('')).size).toBe(32);
  });

  it('refuses what is not a run id', () => {
    for (const bad of ['', 'abc', '01JDZ3K8Q5T9X2ABCDEFGHJKM', '01JDZ3K8Q5T9X2ABCDEFGHJKMNP', '01JDZ3K8Q5T9X2ABCDEFGHJKMU', '01jdz3k8q5t9x2abcdefghjkmn']) {
      expect(isRunId(bad), bad).toBe(false);
      expect(runIdTime(bad)).toBeNull();
    }
  });
});
