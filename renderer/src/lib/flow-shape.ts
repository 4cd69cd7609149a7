/** What the canvas needs to know about a step: its kind, its outgoing edges and their labels. */
import type { StepSpec } from '../../../engine/graph/flow-graph.js';

export type NodeKind = 'start' | 'end' | 'step' | 'branch' | 'foreach' | 'switch' | 'join';

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

/** A split's kind wins over join, like the engine's StepKind. */
export function nodeKind(step: StepSpec): NodeKind {
  const t = step.transition.kind;
  if (t === 'branch' || t === 'foreach' || t === 'switch') return t;
  if (step.isJoin) return 'join';
  if (step.name === 'start') return 'start';
  if (step.name === 'end') return 'end';
  return 'step';
}
