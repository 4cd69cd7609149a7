/** Pure: a flow graph (+ positions, run states, lint findings) → React Flow nodes and edges. */
import { MarkerType, type Edge } from '@xyflow/react';
import type { FlowGraph, LintFinding, Position } from '../api/contract-types.js';
import type { DecoratorSpec, PyValue } from '../../../engine/graph/flow-graph.js';
import type { StepFlowNode, StepNodeData } from '../components/StepNode.js';
import { stepKinds, successors } from './flow-shape.js';
import { formatDuration, type StepRunState } from './statuses.js';

function short(value: PyValue): string {
  if (value !== null && typeof value === 'object' && 'expr' in value) return String(value.expr);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? `[${value.length}]` : '{…}';
  return String(value);
}

/** `@resources(cpu=2, memory=4096)` → `cpu 2`, `memory 4096`; `@retry(times=3)` → `retry 3`. */
export function decoratorChips(decorators: readonly DecoratorSpec[]): string[] {
  const chips: string[] = [];
  for (const d of decorators) {
    if (d.name === 'step') continue;
    const args = Object.entries(d.args);
    if (d.name === 'resources') for (const [k, v] of args) chips.push(`${k} ${short(v)}`);
    else if (d.name === 'retry') chips.push(`retry ${short(d.args.times ?? 3)}`);
    else if (d.name === 'timeout') chips.push(`timeout ${short(d.args.seconds ?? d.args.minutes ?? '')}${d.args.seconds !== undefined ? 's' : ''}`);
    else if (d.name === 'docker') chips.push(`🐳 ${short(d.args.image ?? '')}`);
    else if (d.name === 'catch') chips.push('catch');
    else if (d.name === 'environment') chips.push('env');
    else chips.push(d.name);
  }
  return chips;
}

export interface CanvasModelInput {
  graph: FlowGraph;
  positions: Record<string, Position>;
  findings: readonly Pick<LintFinding, 'step' | 'line' | 'message'>[];
  states: Record<string, StepRunState> | null;
  readOnly: boolean;
}

export function buildNodes({ graph, positions, findings, states, readOnly }: CanvasModelInput): StepFlowNode[] {
  const problems = new Map<string, string[]>();
  for (const f of findings) if (f.step !== undefined) problems.set(f.step, [...(problems.get(f.step) ?? []), `line ${f.line}: ${f.message}`]);
  const kinds = stepKinds(graph);
  return graph.steps.map((step) => {
    const state = states?.[step.name];
    const status = states === null ? undefined : (state?.status ?? 'queued');
    return {
      id: step.name,
      type: 'step',
      position: positions[step.name] ?? { x: 0, y: 0 },
      data: {
        name: step.name,
        kind: kinds.get(step.name) ?? 'linear',
        chips: decoratorChips(step.decorators),
        problems: problems.get(step.name) ?? [],
        status,
        progress: state?.counts,
        error: state?.error,
        reused: state?.reused,
        duration: state !== undefined ? formatDuration(state.durationMs) : undefined,
        readOnly,
      },
    };
  });
}

/**
 * The nodes to hand React Flow after `built` changed: a node whose data, position and selection
 * are as before stays the very object it was, so a run event re-renders only the steps it
 * touched (StepNode is memoized on its props); the others keep what React Flow measured (a node
 * without `measured` or a declared size, card-size.ts, stays hidden until it resizes). When
 * nothing changed it is `previous` itself.
 */
export function reconcileNodes(previous: StepFlowNode[], built: readonly StepFlowNode[], selectedStep: string | null): StepFlowNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  const next = built.map((n) => {
    const old = before.get(n.id);
    const selected = n.id === selectedStep;
    if (old !== undefined && (old.selected ?? false) === selected && samePosition(old.position, n.position) && sameData(old.data, n.data)) return old;
    const measured = old?.measured;
    return measured === undefined && !selected ? n : { ...n, ...(measured ? { measured } : {}), selected };
  });
  return unchanged(previous, next) ? previous : next;
}

/** True when `next` holds the very objects of `previous`, in order: React then skips a render pass. */
function unchanged<T>(previous: readonly T[], next: readonly T[]): boolean {
  return previous.length === next.length && previous.every((item, i) => item === next[i]);
}

const samePosition = (a: Position, b: Position): boolean => a.x === b.x && a.y === b.y;

function sameData(a: StepNodeData, b: StepNodeData): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

export function buildEdges(graph: FlowGraph, states: Record<string, StepRunState> | null): Edge[] {
  const names = new Set(graph.steps.map((s) => s.name));
  const edges: Edge[] = [];
  for (const step of graph.steps) {
    for (const s of successors(step)) {
      if (!names.has(s.to)) continue;
      const running = states?.[s.to]?.status === 'running';
      edges.push({
        id: `${step.name}->${s.to}${s.kind === 'switch' ? `:${s.label}` : ''}`,
        source: step.name,
        target: s.to,
        label: s.label,
        className: `edge-${s.kind}`,
        animated: running,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        data: { kind: s.kind },
      });
    }
  }
  return edges;
}

/**
 * The edges to hand React Flow after `built` changed: an edge that looks as before (a run event
 * changes only which are animated) stays the object it was, keeping its selection.
 */
export function reconcileEdges(previous: Edge[], built: readonly Edge[]): Edge[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  const next = built.map((e) => {
    const old = before.get(e.id);
    if (old === undefined) return e;
    if (old.animated === e.animated && old.label === e.label && old.className === e.className) return old;
    return old.selected === true ? { ...e, selected: true } : e;
  });
  return unchanged(previous, next) ? previous : next;
}

/** The first free `base_N` name (`foreach_1`, `foreach_2`, …): `step` itself would shadow the decorator. */
export function freshName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n += 1) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}
