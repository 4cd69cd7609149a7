/** Automatic layout: dagre ranks the flow top to bottom, start first. */
import { Graph, layout } from '@dagrejs/dagre';
import type { FlowGraph, Position } from '../api/contract-types.js';
import { successors } from './flow-shape.js';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;
const RANK_SEP = 72;

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

/**
 * Positions after new steps arrived (a dropped branch brings a split, its targets and a join).
 * The new steps keep dagre's shape, moved so that `anchor` sits where it is (or at `anchorAt`
 * for a step dropped on its own); when they were inserted into the flow, the steps below the
 * anchor move down to make room, so nothing overlaps.
 */
export function placeNewSteps(
  graph: Pick<FlowGraph, 'steps'>,
  before: Readonly<Record<string, Position>>,
  anchor: string,
  anchorAt?: Position,
): Record<string, Position> {
  const known = graph.steps.filter((s) => before[s.name] !== undefined);
  if (known.length === 0) return layoutGraph(graph);
  const auto = layoutGraph(graph);
  const at = anchorAt ?? before[anchor] ?? auto[anchor] ?? { x: 0, y: 0 };
  const origin = auto[anchor] ?? at;
  const placed: Record<string, Position> = {};
  for (const s of known) placed[s.name] = before[s.name]!;
  let bottom = -Infinity;
  for (const s of graph.steps) {
    if (before[s.name] !== undefined) continue;
    const p = auto[s.name] ?? origin;
    placed[s.name] = { x: Math.round(p.x - origin.x + at.x), y: Math.round(p.y - origin.y + at.y) };
    bottom = Math.max(bottom, placed[s.name]!.y);
  }
  if (anchorAt !== undefined || bottom === -Infinity) return placed;
  const below = known.filter((s) => s.name !== anchor && before[s.name]!.y > at.y);
  if (below.length === 0) return placed;
  const top = Math.min(...below.map((s) => before[s.name]!.y));
  const shift = bottom + NODE_HEIGHT + RANK_SEP - top;
  if (shift > 0) for (const s of below) placed[s.name] = { x: before[s.name]!.x, y: before[s.name]!.y + shift };
  return placed;
}
