import { refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import { decoratorHead, invalidDecoratorReason, KNOWN_DECORATORS } from '../decorator-names.js';
import type { FlowEdit } from '../edits.js';
import { indentAt, lineStartAt } from '../indentation.js';
import { apiStyle } from '../imports.js';
import { renderDecorator } from '../python-format.js';
import { splice } from '../text-splice.js';
import { decoratorLines } from './step-decorators.js';

/** Sets a class decorator (flow-wide defaults such as `@docker(image=...)`), right above `class`. */
export function setFlowDecorator(ctx: EditContext, edit: Extract<FlowEdit, { type: 'setFlowDecorator' }>): EditOutcome {
  const { source, graph } = ctx;
  if (!graph.classSpan) return refuse('The file has no flow class (a class deriving from FlowSpec) to decorate.');
  const invalid = invalidDecoratorReason(edit.name);
  if (invalid) return refuse(invalid);
  const existing = graph.flowDecorators.find((d) => d.name === edit.name);
  if (existing) {
    const { startOffset: start, endOffset: end } = existing.span;
    return { ok: true, source: splice(source, [{ start, end, text: renderDecorator(decoratorHead(source.slice(start, end)), edit.args) }]) };
  }
  const last = graph.flowDecorators[graph.flowDecorators.length - 1];
  const classLine = last ? source.indexOf('class', last.span.endOffset) : graph.classSpan.startOffset;
  const at = lineStartAt(source, classLine);
  const style = apiStyle(source, graph, ctx.lineBreak);
  const known = KNOWN_DECORATORS.has(edit.name);
  const line = `${indentAt(source, at)}${renderDecorator((known ? style.prefix : '') + edit.name, edit.args)}${ctx.lineBreak}`;
  return { ok: true, source: splice(source, [...(known ? style.ensure([edit.name]) : []), { start: at, end: at, text: line }]) };
}

export function removeFlowDecorator(ctx: EditContext, edit: Extract<FlowEdit, { type: 'removeFlowDecorator' }>): EditOutcome {
  const existing = ctx.graph.flowDecorators.find((d) => d.name === edit.name);
  if (!existing) return refuse(`The flow class has no @${edit.name} decorator.`);
  return { ok: true, source: splice(ctx.source, [decoratorLines(ctx.source, existing.span)]) };
}
