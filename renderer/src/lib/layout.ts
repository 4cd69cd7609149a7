/** Automatic layout: dagre ranks the flow top to bottom, start first. */
import { Graph, layout } from '@dagrejs/dagre';
import type { FlowGraph, Position } from '../api/contract-types.js';
import { successors } from './flow-shape.js';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

/** Positions (top-left corners) for every step of `graph`. */
export function layoutGraph(graph: Pick<FlowGraph, 'steps'>): Record<string, Position> {
  const g = new Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, marginx: 24, marginy: 24 });
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
  return positions;
}

/**
 * Saved positions where there are some, dagre's for the rest. When most steps lack a position
 * (a fresh file), the whole flow is laid out so new and old steps do not overlap.
 */
export function mergePositions(graph: Pick<FlowGraph, 'steps'>, saved: Record<string, Position>): Record<string, Position> {
  const missing = graph.steps.filter((s) => saved[s.name] === undefined);
  if (missing.length === 0) return saved;
  const auto = layoutGraph(graph);
  if (missing.length === graph.steps.length) return auto;
  const merged: Record<string, Position> = {};
  for (const step of graph.steps) merged[step.name] = saved[step.name] ?? auto[step.name] ?? { x: 0, y: 0 };
  return merged;
}
