/**
 * A run's flow graph, small and read-only, with the steps whose code changed against the
 * baseline run marked (`runs.compare` → `changedSteps`). Laid out by the same dagre layout as
 * the canvas; drawn as plain SVG (no editing here).
 */
import { useMemo } from 'react';
import type { FlowGraph } from '../api/contract-types.js';
import { stepKinds, successors } from '../lib/flow-shape.js';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '../lib/layout.js';

const H = 40;

export function GraphDiff({ graph, changed, label }: { graph: FlowGraph; changed: readonly string[]; label: string }) {
  const positions = useMemo(() => layoutGraph(graph), [graph]);
  const kinds = useMemo(() => stepKinds(graph), [graph]);
  const names = graph.steps.map((s) => s.name);
  const xs = names.map((n) => positions[n]?.x ?? 0);
  const ys = names.map((n) => positions[n]?.y ?? 0);
  const width = Math.max(...xs, 0) + NODE_WIDTH + 24;
  const height = Math.max(...ys, 0) + NODE_HEIGHT + 24;
  const centre = (name: string) => ({ x: (positions[name]?.x ?? 0) + NODE_WIDTH / 2, y: (positions[name]?.y ?? 0) + NODE_HEIGHT / 2 });
  return (
    <svg className="graph-diff" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Graph of ${label}`} data-testid="graph-diff" width={width} height={height}>
      <defs>
        <marker id="graph-diff-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="graph-diff-arrow" />
        </marker>
      </defs>
      {graph.steps.flatMap((s) =>
        successors(s)
          .filter((e) => positions[e.to] !== undefined)
          .map((e) => {
            const a = centre(s.name);
            const b = centre(e.to);
            return <line key={`${s.name}->${e.to}`} className={`graph-diff-edge edge-${e.kind}`} x1={a.x} y1={a.y + H / 2} x2={b.x} y2={b.y - H / 2} markerEnd="url(#graph-diff-arrow)" />;
          }),
      )}
      {graph.steps.map((s) => {
        const c = centre(s.name);
        const isChanged = changed.includes(s.name);
        return (
          <g key={s.name} className={`graph-diff-node kind-${kinds.get(s.name) ?? 'linear'}${isChanged ? ' changed' : ''}`} data-step={s.name} data-changed={isChanged}>
            <rect x={c.x - NODE_WIDTH / 2} y={c.y - H / 2} width={NODE_WIDTH} height={H} rx={8} />
            <text x={c.x} y={c.y} dy="0.35em" textAnchor="middle">
              {s.name}
              {isChanged ? ' · code changed' : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
