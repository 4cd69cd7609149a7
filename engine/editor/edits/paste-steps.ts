import { parseFlow, type FlowGraph } from '../../graph/index.js';
import { classMemberNames, insertStepText, refuse, stepLines, type EditContext, type EditOutcome } from '../edit-context.js';
import { KNOWN_DECORATORS } from '../decorator-names.js';
import type { FlowEdit } from '../edits.js';
import { dedentLines, indentLines, memberIndent } from '../indentation.js';
import { apiStyle } from '../imports.js';
import { invalidNameReason } from '../python-format.js';
import { selfReferences, tokensIn } from '../source-tokens.js';
import { splice, type Replacement } from '../text-splice.js';
import { dropReferences } from './references.js';

const WRAPPER_HEAD = 'from flowbench import FlowSpec, step\n\n\nclass Pasted(FlowSpec):\n';
const MEMBER_LINE = /^[ \t]*(?:@|def[ \t]|async[ \t]+def[ \t])/;

/**
 * Dedents pasted methods. Text sliced from a step's span starts at `@` with no indentation
 * while the lines after it keep theirs; the first line then gets the indentation of the other
 * decorator/def lines.
 */
function dedentPasted(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  const first = lines[firstIndex];
  if (first !== undefined && /^[@d]/.test(first)) {
    const memberIndents = lines.slice(firstIndex + 1).filter((line) => MEMBER_LINE.test(line)).map((line) => /^[ \t]*/.exec(line)?.[0] ?? '');
    const indent = memberIndents.sort((a, b) => a.length - b.length)[0];
    if (indent) lines[firstIndex] = indent + first;
  }
  return dedentLines(lines.join('\n'));
}

/** `name_copy`, then `name_copy_2`, ... — the first one not taken. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  if (!taken.has(`${name}_copy`)) return `${name}_copy`;
  for (let n = 2; ; n++) if (!taken.has(`${name}_copy_${n}`)) return `${name}_copy_${n}`;
}

/**
 * Pastes step methods copied from a flow (this one or another). Names already used get a
 * `_copy` suffix, and edges between the pasted steps follow; edges to steps this flow does not
 * have are dropped. Decorators the pasted steps use are imported.
 */
export function pasteSteps(ctx: EditContext, edit: Extract<FlowEdit, { type: 'pasteSteps' }>): EditOutcome {
  if (!ctx.graph.classSpan) return refuse('The file has no flow class (a class deriving from FlowSpec) to paste steps into.');
  // 1. Read the pasted methods inside a class of their own.
  let wrapper = `${WRAPPER_HEAD}${dedentPasted(edit.source).map((line) => (line === '' ? '' : `    ${line}`)).join('\n')}\n`;
  let pasted = parseFlow(wrapper);
  const problem = pasted.problems[0];
  if (problem) return refuse(`The pasted text is not valid Python (line ${problem.line - 4} of it: ${problem.message}).`);
  if (pasted.steps.length === 0) return refuse('The pasted text holds no @step methods.');
  const invalid = pasted.steps.map((s) => invalidNameReason(s.name, 'step')).find((r) => r !== null);
  if (invalid) return refuse(invalid);

  // 2. New names for the ones already taken, and the edges between pasted steps renamed with them.
  const taken = classMemberNames(ctx);
  const renames = new Map<string, string>();
  for (const step of pasted.steps) {
    const name = uniqueName(step.name, taken);
    taken.add(name);
    renames.set(step.name, name);
  }
  wrapper = splice(wrapper, renameAll(wrapper, pasted, renames));
  pasted = parseFlow(wrapper);

  // 3. Edges to steps that exist neither here nor in the paste are dropped.
  const known = new Set([...ctx.graph.steps.map((s) => s.name), ...renames.values()]);
  for (const step of pasted.steps) {
    if (step.transition.kind === 'end') continue;
    for (const target of step.transition.targets) if (!known.has(target)) wrapper = dropReferences(wrapper, step.name, target);
  }
  pasted = parseFlow(wrapper);

  // 4. Re-indent for this file and insert like new steps, importing the decorators they use.
  const indent = memberIndent(ctx.source, ctx.graph);
  const texts = pasted.steps.map((step) => {
    const { start, end } = stepLines(wrapper, step);
    const lines = wrapper.slice(start, end).split('\n').map((line) => line.slice(4));
    return indentLines(lines, indent, ctx.lineBreak);
  });
  const style = apiStyle(ctx.source, ctx.graph, ctx.lineBreak);
  const decorators = pasted.steps.flatMap((step) => step.decorators.map((d) => d.name)).filter((name) => KNOWN_DECORATORS.has(name));
  const insert = insertStepText(ctx, texts.join(ctx.lineBreak + ctx.lineBreak));
  return { ok: true, source: splice(ctx.source, [...style.ensure(decorators), insert]) };
}

/** Renames pasted steps' methods and the `self.<name>` targets in their `self.next` calls. */
function renameAll(source: string, graph: FlowGraph, renames: ReadonlyMap<string, string>): Replacement[] {
  const changes: Replacement[] = [];
  for (const step of graph.steps) {
    const to = renames.get(step.name);
    if (to && to !== step.name) changes.push({ start: step.nameSpan.startOffset, end: step.nameSpan.endOffset, text: to });
    const t = step.transition;
    if (t.kind === 'end') continue;
    const tokens = tokensIn(source, t.span.startOffset, t.span.endOffset);
    for (const [from, newName] of renames) {
      if (from === newName) continue;
      for (const token of selfReferences(tokens, from)) changes.push({ start: token.start, end: token.end, text: newName });
    }
  }
  return changes;
}
