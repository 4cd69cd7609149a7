/**
 * Automatic layout of a flow's cards: dagre ranks the steps top to bottom, start first. Pure, and
 * shared: the engine lays out the flows it answers with (`FlowDocument.layout`, so a page that
 * opens a flow does not run dagre on its main thread while it draws), the renderer what it lays
 * out itself (a run's graph, the Layout command, steps dropped on the canvas).
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { FlowGraph } from './flow-graph.js';
import { successors } from './structure.js';

/** A card's top-left corner on the canvas. */
export interface Position {
  readonly x: number;
  readonly y: number;
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;
export const RANK_SEP = 72;

/**
 * The last layout and the shape it was made for. Every document the engine answers with is a new
 * graph object, and a flow without saved positions is laid out again on each of them (a rename,
 * a decorator): dagre takes ~0.1 s for 50 steps and over 1 s for 500, so the same shape is laid
 * out once (issue 11).
 */
let last: { shape: string; positions: Record<string, Position> } | null = null;

/** What the layout depends on: the steps in order and their successors. */
function shapeOf(graph: Pick<FlowGraph, 'steps'>): string {
  return JSON.stringify(graph.steps.map((s) => [s.name, successors(s).map((n) => n.to)]));
}

/** Positions (top-left corners) for every step of `graph`. */
export function layoutGraph(graph: Pick<FlowGraph, 'steps'>): Record<string, Position> {
  const shape = shapeOf(graph);
  if (last === null || last.shape !== shape) last = { shape, positions: runDagre(graph) };
  return { ...last.positions };
}

function runDagre(graph: Pick<FlowGraph, 'steps'>): Record<string, Position> {
  const g = new Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: RANK_SEP, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  const names = new Set(graph.steps.map((s) => s.name));
  for (const step of graph.steps) g.setNode(step.name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const step of graph.steps) {
    for (const { to } of successors(step)) if (names.has(to)) g.setEdge(step.name, to);
  }
  layout(g);
  const positions: Record<string, Position> = {};
  for (const name of names) {
    const n = g.node(name) as { x: number; y: number };
    positions[name] = { x: Math.round(n.x - NODE_WIDTH / 2), y: Math.round(n.y - NODE_HEIGHT / 2) };
  }
  return keepTargetOrder(graph, positions);
}

/**
 * dagre may swap siblings; a reader expects `self.next(self.a, self.b)` to draw `a` left of `b`.
 * The targets of each split that share a row get that row's x positions in their written order.
 */
function keepTargetOrder(graph: Pick<FlowGraph, 'steps'>, positions: Record<string, Position>): Record<string, Position> {
  for (const step of graph.steps) {
    const targets = [...new Set(successors(step).map((s) => s.to))].filter((t) => positions[t] !== undefined && t !== step.name);
    if (targets.length < 2) continue;
    const rows = new Map<number, string[]>();
    for (const t of targets) rows.set(positions[t]!.y, [...(rows.get(positions[t]!.y) ?? []), t]);
    for (const row of rows.values()) {
      const xs = row.map((t) => positions[t]!.x).sort((a, b) => a - b);
      row.forEach((t, i) => (positions[t] = { x: xs[i]!, y: positions[t]!.y }));
    }
  }
  return positions;
}
