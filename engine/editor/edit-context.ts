import type { FlowGraph, StepSpec } from '../graph/index.js';
import { afterLineBreak, indentAt, isBlankLineAt, lineEndAt, lineStartAt } from './indentation.js';
import { invalidNameReason } from './python-format.js';
import type { Replacement } from './text-splice.js';

/** What every edit reads: the source, its graph and the file's line break. */
export interface EditContext {
  readonly source: string;
  readonly graph: FlowGraph;
  readonly lineBreak: string;
}

/** An edit's own result, before `applyEdit` checks the structure of what it made. */
export type EditOutcome = { readonly ok: true; readonly source: string } | { readonly ok: false; readonly reason: string };

export function refuse(reason: string): EditOutcome {
  return { ok: false, reason };
}

export function findStep(ctx: EditContext, name: string): StepSpec | undefined {
  return ctx.graph.steps.find((step) => step.name === name);
}

export function noSuchStep(name: string): string {
  return `The flow has no step "${name}".`;
}

/** Names FlowSpec itself uses on `self`; a step or parameter with one of them would shadow it. */
const FLOWSPEC_MEMBERS = new Set(['next', 'input', 'index', 'foreach_stack', 'merge_artifacts', 'name', 'script_name']);

/** Every name the class body defines: steps, other methods, parameters and class attributes. */
export function classMemberNames(ctx: EditContext): Set<string> {
  const names = new Set<string>([...ctx.graph.steps.map((s) => s.name), ...ctx.graph.parameters.map((p) => p.attribute)]);
  const span = ctx.graph.classSpan;
  if (!span) return names;
  const body = ctx.source.slice(span.startOffset, span.endOffset);
  const member = /^([ \t]+)(?:async[ \t]+)?def[ \t]+([\p{L}_][\p{L}\p{N}_]*)|^([ \t]+)([\p{L}_][\p{L}\p{N}_]*)[ \t]*[:=]/gmu;
  const indent = ctx.graph.steps[0] ? indentAt(ctx.source, ctx.graph.steps[0].defSpan.startOffset) : null;
  for (const match of body.matchAll(member)) {
    const at = match[1] ?? match[3];
    const name = match[2] ?? match[4];
    if (name && (indent === null || at === indent)) names.add(name);
  }
  return names;
}

/** Why `name` cannot be used for a new step (or parameter), or null. `except` is a name being renamed away. */
export function newNameProblem(ctx: EditContext, name: string, what: 'step' | 'parameter', except?: string): string | null {
  const invalid = invalidNameReason(name, what);
  if (invalid) return invalid;
  if (name !== except && classMemberNames(ctx).has(name)) return `The flow already has a step, parameter or attribute named "${name}". Choose another name.`;
  if (FLOWSPEC_MEMBERS.has(name)) return `"${name}" cannot name a ${what}: FlowSpec already uses self.${name}. Choose another name.`;
  return null;
}

/** The whole lines a step occupies, from its first decorator to the end of its last body line. */
export function stepLines(source: string, step: StepSpec): { start: number; end: number } {
  return { start: lineStartAt(source, step.span.startOffset), end: lineEndAt(source, step.span.endOffset) };
}

/**
 * Removes a step's lines and one blank line that separated it from its neighbour (the one
 * after it, or before it when it is the last member), so the spacing around it stays as it was.
 */
export function removeStepLines(source: string, step: StepSpec): Replacement {
  const { start, end } = stepLines(source, step);
  let stop = afterLineBreak(source, end);
  let from = start;
  if (stop < source.length && isBlankLineAt(source, stop)) stop = afterLineBreak(source, lineEndAt(source, stop));
  else if (from > 0 && isBlankLineAt(source, from - 1)) from = lineStartAt(source, from - 1);
  return { start: from, end: stop, text: '' };
}

/**
 * Where a new step goes: before `end` (above the comments that sit right on top of it), or after
 * the last line of the class. `text` is the method's lines, without a final line break.
 */
export function insertStepText(ctx: EditContext, text: string): Replacement {
  const { source, graph, lineBreak } = ctx;
  const end = graph.steps.find((s) => s.name === 'end');
  if (end) {
    let at = lineStartAt(source, end.span.startOffset);
    while (at > 0) {
      const previous = lineStartAt(source, at - 1);
      if (!source.slice(previous, at).trim().startsWith('#')) break;
      at = previous;
    }
    return { start: at, end: at, text: `${text}${lineBreak}${lineBreak}` };
  }
  const classEnd = graph.classSpan ? lineEndAt(source, graph.classSpan.endOffset) : source.length;
  return { start: classEnd, end: classEnd, text: `${lineBreak}${lineBreak}${text}` };
}
