import { parseFlow } from '../../graph/index.js';
import { findStep, noSuchStep, refuse, removeStepLines, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit } from '../edits.js';
import { splice } from '../text-splice.js';
import { dropReferences } from './references.js';

/** Removes a step's method (decorators included) and every edge into it. */
export function deleteStep(ctx: EditContext, edit: Extract<FlowEdit, { type: 'deleteStep' }>): EditOutcome {
  if (!findStep(ctx, edit.name)) return refuse(noSuchStep(edit.name));
  if (edit.name === 'start' || edit.name === 'end') {
    return refuse(`Step "${edit.name}" cannot be deleted: every flow ${edit.name === 'start' ? 'begins at "start"' : 'finishes at "end"'}.`);
  }
  // 1. Edges first (offsets shift), 2. then the method, found again in the new text.
  const withoutEdges = dropReferences(ctx.source, null, edit.name);
  const step = parseFlow(withoutEdges).steps.find((s) => s.name === edit.name);
  if (!step) return refuse(noSuchStep(edit.name));
  return { ok: true, source: splice(withoutEdges, [removeStepLines(withoutEdges, step)]) };
}
