import { findStep, newNameProblem, noSuchStep, refuse, stepLines, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit } from '../edits.js';
import { splice } from '../text-splice.js';

/** Copies a step under a new name, right after the original (its edges are copied too). */
export function duplicateStep(ctx: EditContext, edit: Extract<FlowEdit, { type: 'duplicateStep' }>): EditOutcome {
  const step = findStep(ctx, edit.name);
  if (!step) return refuse(noSuchStep(edit.name));
  if (edit.name === 'start' || edit.name === 'end') return refuse(`Step "${edit.name}" cannot be duplicated: a flow has exactly one "${edit.name}".`);
  const problem = newNameProblem(ctx, edit.newName, 'step');
  if (problem) return refuse(problem);
  const { start, end } = stepLines(ctx.source, step);
  const copy = ctx.source.slice(start, step.nameSpan.startOffset) + edit.newName + ctx.source.slice(step.nameSpan.endOffset, end);
  const { lineBreak } = ctx;
  return { ok: true, source: splice(ctx.source, [{ start: end, end, text: `${lineBreak}${lineBreak}${copy}` }]) };
}
