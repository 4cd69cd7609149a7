import { describe, expect, test } from 'vitest';
import type { FlowGraph } from '../api/contract-types.js';
import { layoutGraph, mergePositions, placeNewSteps } from './layout.js';

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

describe('mergePositions', () => {
  test("takes the engine's layout when it places every step, keeping what was saved", () => {
    const shape = graph(['a', 'b']);
    const fromEngine = { start: { x: 1, y: 1 }, a: { x: 2, y: 2 }, b: { x: 3, y: 3 }, join: { x: 4, y: 4 }, end: { x: 5, y: 5 } };
    expect(mergePositions(shape, {}, fromEngine)).toEqual(fromEngine);
    expect(mergePositions(shape, { a: { x: 40, y: 40 } }, fromEngine)).toEqual({ ...fromEngine, a: { x: 40, y: 40 } });
  });

  test('lays the graph out itself when there is no layout from the engine, or one that misses a step', () => {
    const shape = graph(['a', 'b']);
    expect(mergePositions(shape, {})).toEqual(layoutGraph(shape));
    expect(mergePositions(shape, {}, { start: { x: 1, y: 1 } })).toEqual(layoutGraph(shape));
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
