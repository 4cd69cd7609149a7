/** What the canvas needs to know about a step: its kind, its outgoing edges and their labels. */
import type { FlowGraph, StepSpec } from '../../../engine/graph/flow-graph.js';
import { analyzeGraph, type StepKind } from '../../../engine/graph/structure.js';

/** A step's kind as the engine reads it (a split's kind wins over start and join). */
export type NodeKind = StepKind;

export interface Successor {
  to: string;
  /** The foreach variable or the switch case value, shown on the edge. */
  label?: string;
  kind: 'linear' | 'branch' | 'foreach' | 'switch';
}

export function successors(step: StepSpec): Successor[] {
  const t = step.transition;
  switch (t.kind) {
    case 'linear':
      return [{ to: t.targets[0], kind: 'linear' }];
    case 'branch':
      return t.targets.map((to) => ({ to, kind: 'branch' as const }));
    case 'foreach':
      return [{ to: t.targets[0], kind: 'foreach', label: t.foreach ?? t.foreachExpr ?? 'foreach' }];
    case 'switch':
      return Object.entries(t.cases).map(([value, to]) => ({ to, kind: 'switch' as const, label: value }));
    case 'end':
      return [];
  }
}

/** Every step's kind, from the engine's own analysis of the graph (lint and the scheduler use it too). */
export function stepKinds(graph: FlowGraph): ReadonlyMap<string, NodeKind> {
  return new Map([...analyzeGraph(graph).steps.values()].map((s) => [s.name, s.kind]));
}
