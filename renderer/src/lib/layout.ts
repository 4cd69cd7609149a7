/**
 * Where cards go: saved positions first, then the automatic layout — the engine's when its
 * document carries one (`FlowDocument.layout`), else dagre's here through the same module
 * (engine/graph/layout.ts).
 */
import type { FlowGraph, Position } from '../api/contract-types.js';
import { layoutGraph, NODE_HEIGHT, RANK_SEP } from '../../../engine/graph/layout.js';

export { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '../../../engine/graph/layout.js';

/**
 * Saved positions where there are some, the automatic layout for the rest: `laidOut`, the
 * engine's layout of this same graph when it sent one, else dagre's here. When most steps lack a
 * position (a fresh file), the whole flow is laid out so new and old steps do not overlap.
 */
export function mergePositions(
  graph: Pick<FlowGraph, 'steps'>,
  saved: Readonly<Record<string, Position>>,
  laidOut?: Readonly<Record<string, Position>>,
): Record<string, Position> {
  const missing = graph.steps.filter((s) => saved[s.name] === undefined);
  if (missing.length === 0) return { ...saved };
  const auto = laidOut !== undefined && graph.steps.every((s) => laidOut[s.name] !== undefined) ? laidOut : layoutGraph(graph);
  if (missing.length === graph.steps.length) return { ...auto };
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
