import { findStep, noSuchStep, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import { decoratorHead, invalidDecoratorReason, KNOWN_DECORATORS } from '../decorator-names.js';
import type { FlowEdit } from '../edits.js';
import { afterLineBreak, indentAt, lineEndAt, lineStartAt } from '../indentation.js';
import { apiStyle } from '../imports.js';
import { renderDecorator } from '../python-format.js';
import { splice, type Replacement } from '../text-splice.js';

/**
 * Sets a step decorator: an existing one is rewritten in place (its `module.` prefix kept),
 * a new one goes right above `@step`, so `@step` stays closest to the `def`.
 */
export function setDecorator(ctx: EditContext, edit: Extract<FlowEdit, { type: 'setDecorator' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  const invalid = invalidDecoratorReason(edit.name);
  if (invalid) return refuse(invalid);
  if (edit.name === 'step') return refuse('@step marks a method as a step and takes no arguments; it cannot be set.');
  const { source } = ctx;
  const existing = step.decorators.find((d) => d.name === edit.name);
  if (existing) {
    const { startOffset: start, endOffset: end } = existing.span;
    const head = decoratorHead(source.slice(start, end));
    return { ok: true, source: splice(source, [{ start, end, text: renderDecorator(head, edit.args) }]) };
  }
  const style = apiStyle(source, ctx.graph, ctx.lineBreak);
  const known = KNOWN_DECORATORS.has(edit.name);
  const anchor = step.decorators.find((d) => d.name === 'step') ?? step.decorators[0];
  const at = lineStartAt(source, anchor?.span.startOffset ?? step.defSpan.startOffset);
  const line = `${indentAt(source, at)}${renderDecorator((known ? style.prefix : '') + edit.name, edit.args)}${ctx.lineBreak}`;
  const imports = known ? style.ensure([edit.name]) : [];
  return { ok: true, source: splice(source, [...imports, { start: at, end: at, text: line }]) };
}

/** Removes a decorator's line(s). */
export function removeDecorator(ctx: EditContext, edit: Extract<FlowEdit, { type: 'removeDecorator' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  if (edit.name === 'step') return refuse(`@step cannot be removed from "${edit.step}": without it the method is no longer a step. Delete the step instead.`);
  const existing = step.decorators.find((d) => d.name === edit.name);
  if (!existing) return refuse(`Step "${edit.step}" has no @${edit.name} decorator.`);
  return { ok: true, source: splice(ctx.source, [decoratorLines(ctx.source, existing.span)]) };
}

/** The whole lines of a decorator (a decorator always has its lines to itself). */
export function decoratorLines(source: string, span: { startOffset: number; endOffset: number }): Replacement {
  return { start: lineStartAt(source, span.startOffset), end: afterLineBreak(source, lineEndAt(source, span.endOffset)), text: '' };
}
