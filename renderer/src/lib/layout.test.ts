import { describe, expect, test } from 'vitest';
import type { FlowGraph } from '../api/contract-types.js';
import { layoutGraph, placeNewSteps } from './layout.js';

type Steps = Pick<FlowGraph, 'steps'>;
const linear = (name: string, to: string) => ({ name, transition: { kind: 'linear', targets: [to] } });
const graph = (targets: string[]): Steps =>
  ({
    steps: [
      { name: 'start', transition: { kind: 'branch', targets } },
      ...targets.map((t) => linear(t, 'join')),
      linear('join', 'end'),
      { name: 'end', transition: { kind: 'end' } },
    ],
  }) as unknown as Steps;

describe('layoutGraph', () => {
  test('the same shape gets the same layout again; another shape its own', () => {
    const first = layoutGraph(graph(['a', 'b']));
    expect(layoutGraph(graph(['a', 'b']))).toEqual(first);
    const other = layoutGraph(graph(['a', 'b', 'c']));
    expect(Object.keys(other)).toContain('c');
    expect(other['start']).not.toEqual(first['start']); // centred over three targets, not two
    expect(layoutGraph(graph(['a', 'b']))).toEqual(first);
  });

  test('keeps the order of self.next(self.a, self.b, self.c) left to right (dagre alone reverses it)', () => {
    const p = layoutGraph(graph(['a', 'b', 'c']));
    expect(p['a']!.x).toBeLessThan(p['b']!.x);
    expect(p['b']!.x).toBeLessThan(p['c']!.x);
  });
});

describe('placeNewSteps', () => {
  test('a split inserted under start pushes end down instead of covering it', () => {
    const before = { start: { x: 100, y: 0 }, end: { x: 100, y: 150 } };
    const p = placeNewSteps(graph(['a', 'b']), before, 'start');
    expect(p['start']).toEqual(before.start);
    const lowest = Math.max(p['a']!.y, p['b']!.y, p['join']!.y);
    expect(p['end']!.y).toBeGreaterThan(lowest + 84);
    expect(p['end']!.x).toBe(100);
  });
});
