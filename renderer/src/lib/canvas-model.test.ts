import { describe, expect, test } from 'vitest';
import { trainDocument } from '../test/fake-flow.js';
import { buildEdges, buildNodes, reconcileEdges, reconcileNodes } from './canvas-model.js';
import type { StepRunState } from './statuses.js';

const graph = trainDocument().graph;
const positions = { start: { x: 0, y: 0 }, train: { x: 0, y: 120 }, end: { x: 0, y: 240 } };
const build = (states: Record<string, StepRunState> | null) => buildNodes({ graph, positions, findings: [], states, readOnly: states !== null });
const running = (status: StepRunState['status']): StepRunState => ({ status, done: 0, total: 1, durationMs: null });

describe('reconcileNodes', () => {
  test('a run event replaces only the nodes it changed, and every node keeps what React Flow measured', () => {
    const measured = { width: 220, height: 84 };
    const first = reconcileNodes([], build({ start: running('running') }), null).map((n) => ({ ...n, measured }));
    const next = reconcileNodes(first, build({ start: running('succeeded'), train: running('running') }), null);
    expect(next[0]).not.toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
    expect(next[2]).toBe(first[2]);
    expect(next.map((n) => [n.data.status, n.measured])).toEqual([
      ['succeeded', measured],
      ['running', measured],
      ['queued', measured],
    ]);
  });

  test('selecting a step replaces that node and the one that lost the selection', () => {
    const first = reconcileNodes([], build(null), 'start');
    const next = reconcileNodes(first, build(null), 'train');
    expect(next.map((n) => n.selected ?? false)).toEqual([false, true, false]);
    expect(next[2]).toBe(first[2]);
  });

  test('nothing changed: the very array it was given, so React skips the render', () => {
    const first = reconcileNodes([], build({ start: running('running') }), null);
    expect(reconcileNodes(first, build({ start: running('running') }), null)).toBe(first);
    const edges = reconcileEdges([], buildEdges(graph, null));
    expect(reconcileEdges(edges, buildEdges(graph, null))).toBe(edges);
    expect(reconcileEdges(edges, buildEdges(graph, { train: running('running') }))).not.toBe(edges);
  });

  test('a moved step is replaced', () => {
    const first = reconcileNodes([], build(null), null);
    const moved = buildNodes({ graph, positions: { ...positions, end: { x: 40, y: 240 } }, findings: [], states: null, readOnly: false });
    const next = reconcileNodes(first, moved, null);
    expect(next[0]).toBe(first[0]);
    expect(next[2]?.position).toEqual({ x: 40, y: 240 });
  });
});

describe('reconcileEdges', () => {
  test('a run event replaces only the edges whose animation changed; a selected edge stays selected', () => {
    const first = reconcileEdges([], buildEdges(graph, { start: running('running') }));
    const selected = [first[0]!, { ...first[1]!, selected: true }];
    const next = reconcileEdges(selected, buildEdges(graph, { start: running('succeeded'), train: running('running') }));
    expect(next.map((e) => [e.id, e.animated, e.selected ?? false])).toEqual([
      ['start->train', true, false],
      ['train->end', false, true],
    ]);
    expect(next[1]).toBe(selected[1]);
    expect(next[0]).not.toBe(selected[0]);
  });
});
