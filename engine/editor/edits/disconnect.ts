import { findStep, noSuchStep, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit } from '../edits.js';
import { dropReferences } from './references.js';

/** Removes the edge from → to (every case of a switch that goes there). */
export function disconnect(ctx: EditContext, edit: Extract<FlowEdit, { type: 'disconnect' }>): EditOutcome {
  const from = findStep(ctx, edit.from);
  if (!from) return refuse(noSuchStep(edit.from));
  if (from.transition.kind === 'end' || !from.transition.targets.includes(edit.to)) {
    return refuse(`Step "${edit.from}" does not go to "${edit.to}", so there is no edge to remove.`);
  }
  return { ok: true, source: dropReferences(ctx.source, edit.from, edit.to) };
}
