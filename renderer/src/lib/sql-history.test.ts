import { describe, expect, test } from 'vitest';
import { HISTORY_LIMIT, loadHistory, remember, saveHistory } from './sql-history.js';

function memory(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) } as Storage;
}

describe('sql history', () => {
  test('newest first, no duplicates, capped', () => {
    let h = remember([], 'select 1');
    h = remember(h, 'select 2 ');
    h = remember(h, 'select 1');
    expect(h).toEqual(['select 1', 'select 2']);
    expect(remember(h, '  ')).toEqual(h);
    const many = Array.from({ length: 80 }, (_, i) => `select ${i}`).reduce(remember, [] as string[]);
    expect(many).toHaveLength(HISTORY_LIMIT);
    expect(many[0]).toBe('select 79');
  });

  test('round-trips through storage and survives garbage', () => {
    const s = memory();
    saveHistory(['a', 'b'], s);
    expect(loadHistory(s)).toEqual(['a', 'b']);
    s.setItem('flowbench.sql-history', '{not json');
    expect(loadHistory(s)).toEqual([]);
    s.setItem('flowbench.sql-history', '[1, "x"]');
    expect(loadHistory(s)).toEqual(['x']);
  });
});
