import { describe, expect, it } from 'vitest';
import { EditHistory } from './history.js';

describe('EditHistory', () => {
  it('undoes and redoes in order', () => {
    const h = new EditHistory();
    expect(h.canUndo).toBe(false);
    h.record('a', 'b');
    h.record('b', 'c');
    expect(h.undo('c')).toBe('b');
    expect(h.undo('b')).toBe('a');
    expect(h.undo('a')).toBeNull();
    expect(h.canRedo).toBe(true);
    expect(h.redo('a')).toBe('b');
    expect(h.redo('b')).toBe('c');
    expect(h.redo('c')).toBeNull();
    expect(h.undo('c')).toBe('b');
  });

  it('coalesces consecutive records with the same mark (a drag is one step)', () => {
    const h = new EditHistory();
    h.record('a', 'b', 'drag:1');
    h.record('b', 'c', 'drag:1');
    h.record('c', 'd', 'drag:1');
    h.record('d', 'e', 'drag:2');
    h.record('e', 'f');
    h.record('f', 'g');
    expect(h.undo('g')).toBe('f');
    expect(h.undo('f')).toBe('e');
    expect(h.undo('e')).toBe('d');
    expect(h.undo('d')).toBe('a');
    expect(h.canUndo).toBe(false);
  });

  it('does not coalesce across an undo, nor when the text moved on in between', () => {
    const h = new EditHistory();
    h.record('a', 'b', 'm');
    expect(h.undo('b')).toBe('a');
    h.record('a', 'c', 'm');
    h.record('x', 'y', 'm');
    expect(h.undo('y')).toBe('x');
    expect(h.undo('x')).toBe('a');
  });

  it('drops a coalesced step that ends where it began, and ignores no-op records', () => {
    const h = new EditHistory();
    h.record('a', 'a');
    expect(h.canUndo).toBe(false);
    h.record('a', 'b', 'drag');
    h.record('b', 'a', 'drag');
    expect(h.canUndo).toBe(false);
  });

  it('a new edit clears redo', () => {
    const h = new EditHistory();
    h.record('a', 'b');
    h.undo('b');
    h.record('a', 'z');
    expect(h.canRedo).toBe(false);
    expect(h.redo('z')).toBeNull();
  });

  it('reset (a reload from disk) forgets everything and is not itself a step', () => {
    const h = new EditHistory();
    h.record('a', 'b');
    h.undo('b');
    h.reset('from disk');
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(false);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    const h = new EditHistory(3);
    for (let i = 0; i < 5; i++) h.record(String(i), String(i + 1));
    expect(h.undo('5')).toBe('4');
    expect(h.undo('4')).toBe('3');
    expect(h.undo('3')).toBe('2');
    expect(h.undo('2')).toBeNull();
  });
});
