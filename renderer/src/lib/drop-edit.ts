/**
 * What a card dropped from the palette becomes, by where it lands: onto a plain step, a split
 * kind turns that step into the split; onto an edge, the new step (or whole split) is inserted
 * into it; anywhere else, it is added on its own.
 */
import type { FlowEdit, FlowGraph, PaletteKind } from '../api/contract-types.js';
import { freshName } from './canvas-model.js';

export type DropTarget = { readonly type: 'node'; readonly name: string } | { readonly type: 'edge'; readonly from: string; readonly to: string } | null;

export interface PlannedDrop {
  readonly edit: FlowEdit;
  /** The step the new steps are placed around (see placeNewSteps). */
  readonly anchor: string;
  /** The new step's name when it is placed at the drop point itself. */
  readonly placedAtDrop: string | null;
  /** The step to select afterwards. */
  readonly select: string;
}

const isSplitKind = (kind: PaletteKind): kind is 'branch' | 'foreach' | 'switch' => kind === 'branch' || kind === 'foreach' || kind === 'switch';

/** The edit for a drop of `kind` on `target`; `list` is the foreach's list name. */
export function planDrop(kind: PaletteKind, target: DropTarget, graph: FlowGraph, list?: string): PlannedDrop {
  const foreach = kind === 'foreach' && list !== undefined ? { foreach: list } : {};
  if (target?.type === 'node' && isSplitKind(kind)) {
    const step = graph.steps.find((s) => s.name === target.name);
    const t = step?.transition.kind;
    if (step !== undefined && step.name !== 'end' && (t === 'linear' || t === 'end')) {
      return { edit: { type: 'makeSplit', step: step.name, kind, ...foreach }, anchor: step.name, placedAtDrop: null, select: step.name };
    }
  }
  const name = freshName(kind, graph.steps.map((s) => s.name));
  if (target?.type === 'edge') {
    return { edit: { type: 'addStep', name, kind, between: { from: target.from, to: target.to }, ...foreach }, anchor: target.from, placedAtDrop: null, select: name };
  }
  return { edit: { type: 'addStep', name, kind, ...foreach }, anchor: name, placedAtDrop: name, select: name };
}
