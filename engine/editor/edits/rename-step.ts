import { findStep, newNameProblem, noSuchStep, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit } from '../edits.js';
import { selfReferences, tokensIn } from '../source-tokens.js';
import { splice, type Replacement } from '../text-splice.js';

/** `self.<from>` → `self.<to>` inside every step's `self.next(...)` call (not elsewhere). */
function renameReferences(ctx: EditContext, from: string, to: string): Replacement[] {
  return ctx.graph.steps.flatMap((step) => {
    const t = step.transition;
    if (t.kind === 'end' || !t.targets.includes(from)) return [];
    return selfReferences(tokensIn(ctx.source, t.span.startOffset, t.span.endOffset), from).map((token) => ({ start: token.start, end: token.end, text: to }));
  });
}

/** Renames a step: its method and every edge into it. Other text (comments, strings, artifacts) is left alone. */
export function renameStep(ctx: EditContext, edit: Extract<FlowEdit, { type: 'renameStep' }>): EditOutcome {
  const step = findStep(ctx, edit.from);
  if (!step) return refuse(noSuchStep(edit.from));
  if (edit.from === edit.to) return { ok: true, source: ctx.source };
  if (edit.from === 'start' || edit.from === 'end') return refuse(`Step "${edit.from}" cannot be renamed: every flow needs a "${edit.from}" step.`);
  const problem = newNameProblem(ctx, edit.to, 'step', edit.from);
  if (problem) return refuse(problem);
  const name = { start: step.nameSpan.startOffset, end: step.nameSpan.endOffset, text: edit.to };
  return { ok: true, source: splice(ctx.source, [name, ...renameReferences(ctx, edit.from, edit.to)]) };
}
