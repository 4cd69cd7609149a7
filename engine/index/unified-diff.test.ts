import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from './unified-diff.js';

/** What GNU diff -u prints for the same two texts (the reference this module follows). */
function gnuDiff(before: string, after: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'diff-'));
  writeFileSync(join(dir, 'a'), before);
  writeFileSync(join(dir, 'b'), after);
  try {
    execFileSync('diff', ['-u', '--label', 'a', '--label', 'b', join(dir, 'a'), join(dir, 'b')]);
    return '';
  } catch (error) {
    return String((error as { stdout: Buffer }).stdout);
  }
}

describe('unifiedDiff', () => {
  it('is empty for identical texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('matches diff -u on a changed line, an insertion, a deletion and separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const before = `${lines.join('\n')}\n`;
    const changed = [...lines];
    changed[2] = 'line two';
    changed.splice(20, 1);
    changed.splice(25, 0, 'inserted');
    const after = `${changed.join('\n')}\n`;
    expect(unifiedDiff(before, after)).toBe(gnuDiff(before, after));
    expect(unifiedDiff('', 'x\n')).toBe(gnuDiff('', 'x\n'));
    expect(unifiedDiff('x\ny\n', '')).toBe(gnuDiff('x\ny\n', ''));
  });

  it('finds a shortest edit script', () => {
    const ops = diffLines(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c']);
    expect(ops.filter((op) => op.kind !== ' ')).toHaveLength(5); // D = 5 for Myers' example
  });
});
