import { findStep, noSuchStep, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit } from '../edits.js';
import { bodyIndent, dedentLines, indentLines } from '../indentation.js';
import { bodyRange, docstringRange } from '../step-text.js';
import { splice } from '../text-splice.js';

/**
 * Replaces a step's code (not its docstring) with `body`, re-indented to the step's body
 * indentation and written with the file's line breaks. An empty body becomes `pass`.
 */
export function setStepBody(ctx: EditContext, edit: Extract<FlowEdit, { type: 'setStepBody' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  const { source, lineBreak } = ctx;
  const indent = bodyIndent(source, ctx.graph, step);
  const lines = dedentLines(edit.body);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  const text = indentLines(lines.length === 0 ? ['pass'] : lines, indent, lineBreak);
  const range = bodyRange(source, step);
  if (range.inline) {
    // `def a(self): ...` becomes a block: the def line ends at its colon (or at the docstring).
    const doc = docstringRange(source, step);
    const docLine = doc ? `${indent}${source.slice(doc.start, doc.end)}${lineBreak}` : '';
    return { ok: true, source: splice(source, [{ start: step.defSpan.endOffset, end: range.end, text: `${lineBreak}${docLine}${text}` }]) };
  }
  if (range.start > range.end) {
    // Only a docstring: the new code goes on the lines after it.
    return { ok: true, source: splice(source, [{ start: range.end, end: range.end, text: `${lineBreak}${text}` }]) };
  }
  return { ok: true, source: splice(source, [{ start: range.start, end: range.end, text }]) };
}
