import { assertNever } from '../../errors/assert-never.js';
import { findStep, insertStepText, newNameProblem, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit, StepKind } from '../edits.js';
import { indentUnit, memberIndent } from '../indentation.js';
import { apiStyle } from '../imports.js';
import { splice } from '../text-splice.js';

/**
 * The attribute a new foreach step fills and a new switch step sets. The placeholder line stays
 * in the source, and is how `connect` knows which kind the step was created as.
 */
export const FOREACH_PLACEHOLDER = 'items';
export const SWITCH_PLACEHOLDER = 'choice';

/** The body a new step starts with, by kind (no `self.next`: connecting adds it). */
function bodyLines(kind: StepKind): string[] {
  switch (kind) {
    case 'step':
      return ['# TODO: your code here', 'pass'];
    case 'branch':
      return ['# TODO: your code here; connect this step to two or more steps to run them in parallel.', 'pass'];
    case 'foreach':
      return [`# TODO: fill self.${FOREACH_PLACEHOLDER}; one task runs for each item (self.input in the next step).`, `self.${FOREACH_PLACEHOLDER} = []`];
    case 'switch':
      return [`# TODO: set self.${SWITCH_PLACEHOLDER} to the case to follow.`, `self.${SWITCH_PLACEHOLDER} = ""`];
    case 'join':
      return ['# TODO: combine the results of the steps that meet here, e.g. self.merge_artifacts(inputs)', 'pass'];
    default:
      return assertNever(kind, 'step kind');
  }
}

/** Renders a new `@step` method's lines with the file's indentation. */
function newStepText(ctx: EditContext, name: string, kind: StepKind): string {
  const indent = memberIndent(ctx.source, ctx.graph);
  const inner = indent + indentUnit(ctx.source, ctx.graph);
  const prefix = apiStyle(ctx.source, ctx.graph, ctx.lineBreak).prefix;
  const params = kind === 'join' ? 'self, inputs' : 'self';
  return [`${indent}@${prefix}step`, `${indent}def ${name}(${params}):`, ...bodyLines(kind).map((line) => inner + line)].join(ctx.lineBreak);
}

export function addStep(ctx: EditContext, edit: Extract<FlowEdit, { type: 'addStep' }>): EditOutcome {
  if (!ctx.graph.classSpan) return refuse('The file has no flow class (a class deriving from FlowSpec) to add a step to.');
  if (findStep(ctx, edit.name)) return refuse(`The flow already has a step "${edit.name}". Choose another name.`);
  const problem = newNameProblem(ctx, edit.name, 'step');
  if (problem) return refuse(problem);
  return { ok: true, source: splice(ctx.source, [insertStepText(ctx, newStepText(ctx, edit.name, edit.kind))]) };
}
