import { findStep, noSuchStep, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit } from '../edits.js';
import { afterLineBreak, bodyIndent, isInlineBody, lineEndAt, lineStartAt } from '../indentation.js';
import { renderDocstring } from '../python-format.js';
import { docstringRange } from '../step-text.js';
import { splice, type Replacement } from '../text-splice.js';

/** Sets, replaces or (with null or '') removes a step's docstring, in triple double quotes. */
export function setDocstring(ctx: EditContext, edit: Extract<FlowEdit, { type: 'setDocstring' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  const { source, lineBreak } = ctx;
  const indent = bodyIndent(source, ctx.graph, step);
  const existing = docstringRange(source, step);
  const text = edit.docstring === null || edit.docstring.trim() === '' ? null : renderDocstring(edit.docstring.trim(), indent, lineBreak);
  let change: Replacement;
  if (existing && text !== null) {
    change = { ...existing, text };
  } else if (existing) {
    change = removeDocstring(source, existing, step.bodySpan.endOffset === existing.end, isInlineBody(step));
  } else if (text !== null) {
    const at = step.bodySpan.startOffset;
    change = isInlineBody(step) ? { start: at, end: at, text: `${text}; ` } : { start: at, end: at, text: `${text}${lineBreak}${indent}` };
  } else {
    return { ok: true, source };
  }
  return { ok: true, source: splice(source, [change]) };
}

function removeDocstring(source: string, range: { start: number; end: number }, onlyStatement: boolean, inline: boolean): Replacement {
  if (onlyStatement) return { ...range, text: 'pass' };
  if (inline) {
    const semicolon = /^[ \t]*;[ \t]*/.exec(source.slice(range.end));
    return { start: range.start, end: range.end + (semicolon?.[0].length ?? 0), text: '' };
  }
  const lineStart = lineStartAt(source, range.start);
  const lineEnd = lineEndAt(source, range.end);
  const rest = source.slice(range.end, lineEnd).trim();
  if (rest === '' || rest.startsWith('#')) return { start: lineStart, end: afterLineBreak(source, lineEnd), text: '' };
  const semicolon = /^[ \t]*;[ \t]*/.exec(source.slice(range.end));
  return { start: range.start, end: range.end + (semicolon?.[0].length ?? 0), text: '' };
}
