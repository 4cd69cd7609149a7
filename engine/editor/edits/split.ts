import type { StepSpec } from '../../graph/index.js';
import { classMemberNames, findStep, insertStepText, newNameProblem, noSuchStep, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { FlowEdit, SplitKind } from '../edits.js';
import { apiStyle } from '../imports.js';
import { appendNextCall, argumentTarget, readNextCall } from '../next-call.js';
import { bodyIndent, indentUnit, isInlineBody, lineEndAt, memberIndent } from '../indentation.js';
import { invalidNameReason, pyString, renderNextCall } from '../python-format.js';
import { tokensIn } from '../source-tokens.js';
import { splice, type Replacement } from '../text-splice.js';

/**
 * The palette's split kinds as the code a person would write: a branch is the split with two
 * targets and their join, a foreach the split over a list with its body and the join, a switch
 * the split with two cases that meet again where the split went. Every new step is wired, and
 * holds only its `self.next` (or `pass` when it goes nowhere yet): no TODO comments to clean up.
 */

/** The attribute a switch made from the palette chooses its case by. */
export const SWITCH_CONDITION = 'choice';
/** The list a foreach made from the palette fans out over, when no name was given. */
export const DEFAULT_FOREACH_LIST = 'items';

/** A method to write: its name, whether it takes `inputs`, and its body lines (no indentation). */
interface NewMethod {
  readonly name: string;
  readonly join: boolean;
  readonly body: readonly string[];
}

/** The split step's own new lines and the methods that go after it. */
interface SplitParts {
  readonly splitLines: readonly string[];
  readonly methods: readonly NewMethod[];
}

/** Hands out names not used by the class (nor by earlier calls): `a`, then `a_2`, `a_3`, ... */
function nameGiver(ctx: EditContext, reserved: readonly string[] = []): (base: string) => string {
  const used = new Set([...classMemberNames(ctx), ...reserved]);
  return (base) => {
    let name = base;
    for (let n = 2; used.has(name) || newNameProblem(ctx, name, 'step') !== null; n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  };
}

/** True when the step's body assigns `self.<attr> = ...` somewhere. */
function assigns(source: string, step: StepSpec | undefined, attr: string): boolean {
  if (!step) return false;
  const tokens = tokensIn(source, step.bodySpan.startOffset, step.bodySpan.endOffset);
  return tokens.some((t, i) => t.text === 'self' && tokens[i + 1]?.text === '.' && tokens[i + 2]?.text === attr && tokens[i + 3]?.text === '=');
}

function continueTo(next: string | null): string[] {
  return next === null ? ['pass'] : [renderNextCall({ kind: 'targets', targets: [next] })];
}

/** Why `list` cannot name a foreach's list, or null. */
export function foreachListProblem(list: string): string | null {
  const invalid = invalidNameReason(list, 'list');
  if (invalid) return invalid;
  if (['next', 'input', 'index', 'foreach_stack', 'merge_artifacts', 'name'].includes(list)) return `"${list}" cannot name the list: FlowSpec already uses self.${list}. Choose another name.`;
  return null;
}

function splitParts(ctx: EditContext, kind: SplitKind, split: StepSpec | undefined, next: string | null, name: (base: string) => string, list: string): SplitParts {
  switch (kind) {
    case 'branch': {
      const [a, b, join] = [name('a'), name('b'), name('join')];
      return {
        splitLines: [renderNextCall({ kind: 'targets', targets: [a, b] })],
        methods: [
          { name: a, join: false, body: continueTo(join) },
          { name: b, join: false, body: continueTo(join) },
          { name: join, join: true, body: continueTo(next) },
        ],
      };
    }
    case 'foreach': {
      const [body, join] = [name('body'), name('join')];
      return {
        splitLines: [...(assigns(ctx.source, split, list) ? [] : [`self.${list} = []`]), renderNextCall({ kind: 'foreach', target: body, foreach: list })],
        methods: [
          { name: body, join: false, body: continueTo(join) },
          { name: join, join: true, body: continueTo(next) },
        ],
      };
    }
    case 'switch': {
      const [a, b] = [name('a'), name('b')];
      const condition = SWITCH_CONDITION;
      return {
        splitLines: [
          ...(assigns(ctx.source, split, condition) ? [] : [`self.${condition} = ${pyString(a)}`]),
          renderNextCall({ kind: 'switch', cases: [[a, a], [b, b]], condition }),
        ],
        methods: [
          { name: a, join: false, body: continueTo(next) },
          { name: b, join: false, body: continueTo(next) },
        ],
      };
    }
  }
}

/** A method's lines with the file's indentation, API style and line breaks. */
export function renderMethod(ctx: EditContext, method: NewMethod): string {
  const indent = memberIndent(ctx.source, ctx.graph);
  const inner = indent + indentUnit(ctx.source, ctx.graph);
  const prefix = apiStyle(ctx.source, ctx.graph, ctx.lineBreak).prefix;
  return [`${indent}@${prefix}step`, `${indent}def ${method.name}(self${method.join ? ', inputs' : ''}):`, ...method.body.map((line) => inner + line)].join(ctx.lineBreak);
}

/** Inserts methods right after `step`'s method, each after a blank line, so the file reads in order. */
function afterStep(ctx: EditContext, step: StepSpec, methods: readonly NewMethod[]): Replacement {
  const at = lineEndAt(ctx.source, step.span.endOffset);
  const lb = ctx.lineBreak;
  return { start: at, end: at, text: methods.map((m) => `${lb}${lb}${renderMethod(ctx, m)}`).join('') };
}

/** Replaces `step`'s `self.next(...)` (or adds one) with `lines`, at the body's indentation. */
function replaceTransition(ctx: EditContext, step: StepSpec, lines: readonly string[]): Replacement {
  const joined = isInlineBody(step) ? lines.join('; ') : lines.join(ctx.lineBreak + bodyIndent(ctx.source, ctx.graph, step));
  if (step.transition.kind === 'end') return appendNextCall(ctx.source, ctx.graph, step, joined, ctx.lineBreak);
  return { start: step.transition.span.startOffset, end: step.transition.span.endOffset, text: joined };
}

/**
 * Turns a plain step into a split: `self.next(self.x)` becomes the split's transition, and the
 * new steps continue to `x`. A step that already splits is refused (edit its targets instead).
 */
export function makeSplit(ctx: EditContext, edit: Extract<FlowEdit, { type: 'makeSplit' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  if (step.name === 'end') return refuse('"end" is the last step of every run, so it cannot split; drop the split onto the edge into "end" instead.');
  const t = step.transition;
  if (t.kind !== 'linear' && t.kind !== 'end') return refuse(`Step "${step.name}" already splits (${t.kind}); change its targets in the inspector instead.`);
  if (!isInlineBody(step) && t.kind !== 'end' && !readNextCall(ctx.source, step)) return refuse(`Step "${step.name}" has a self.next(...) call that is not closed; fix it in the code first.`);
  const list = edit.foreach ?? DEFAULT_FOREACH_LIST;
  const listProblem = edit.kind === 'foreach' ? foreachListProblem(list) : null;
  if (listProblem) return refuse(listProblem);
  const next = t.kind === 'linear' ? (t.targets[0] ?? null) : null;
  const parts = splitParts(ctx, edit.kind, step, next, nameGiver(ctx), list);
  return { ok: true, source: splice(ctx.source, [replaceTransition(ctx, step, parts.splitLines), afterStep(ctx, step, parts.methods)]) };
}

/** The replacement that makes `from` go to `to` where it went to `old` (one reference). */
function retarget(ctx: EditContext, from: StepSpec, old: string, to: string): Replacement | string {
  const call = readNextCall(ctx.source, from);
  if (!call) return `Step "${from.name}" has a self.next(...) call that is not closed; fix it in the code first.`;
  if (call.dict) {
    const entry = call.dict.entries.find((e) => e.target === old);
    if (entry) return { start: entry.valueStart, end: entry.valueEnd, text: `self.${to}` };
  }
  const item = call.positional.find((i) => argumentTarget(i) === old);
  if (!item) return `Step "${from.name}" does not go to "${old}", so there is no edge to insert into.`;
  return { start: item.start, end: item.end, text: `self.${to}` };
}

/**
 * A new step of any palette kind, as `addStep` makes it: a plain step or join is one method; a
 * split kind is the whole structure. With `between`, it goes into that edge and right after the
 * edge's source step; without, before `end` and unconnected.
 */
export function addStructure(ctx: EditContext, edit: Extract<FlowEdit, { type: 'addStep' }>): EditOutcome {
  if (!ctx.graph.classSpan) return refuse('The file has no flow class (a class deriving from FlowSpec) to add a step to.');
  if (findStep(ctx, edit.name)) return refuse(`The flow already has a step "${edit.name}". Choose another name.`);
  const problem = newNameProblem(ctx, edit.name, 'step');
  if (problem) return refuse(problem);
  const list = edit.foreach ?? DEFAULT_FOREACH_LIST;
  const listProblem = edit.kind === 'foreach' ? foreachListProblem(list) : null;
  if (listProblem) return refuse(listProblem);

  let from: StepSpec | undefined;
  const next = edit.between?.to ?? null;
  if (edit.between) {
    from = findStep(ctx, edit.between.from);
    if (!from) return refuse(noSuchStep(edit.between.from));
    if (from.transition.kind === 'end' || !from.transition.targets.includes(edit.between.to)) {
      return refuse(`Step "${edit.between.from}" does not go to "${edit.between.to}", so there is no edge to insert into.`);
    }
  }
  const name = nameGiver(ctx, [edit.name]);
  let methods: NewMethod[];
  if (edit.kind === 'step' || edit.kind === 'join') {
    methods = [{ name: edit.name, join: edit.kind === 'join', body: continueTo(next) }];
  } else {
    const parts = splitParts(ctx, edit.kind, undefined, next, name, list);
    methods = [{ name: edit.name, join: false, body: parts.splitLines }, ...parts.methods];
  }
  if (!from) {
    const text = methods.map((m) => renderMethod(ctx, m)).join(ctx.lineBreak + ctx.lineBreak);
    return { ok: true, source: splice(ctx.source, [insertStepText(ctx, text)]) };
  }
  const wire = retarget(ctx, from, next as string, edit.name);
  if (typeof wire === 'string') return refuse(wire);
  return { ok: true, source: splice(ctx.source, [wire, afterStep(ctx, from, methods)]) };
}

/**
 * Sets the list a foreach fans out over: `foreach="<list>"` in its `self.next`, and
 * `self.<list> = []` before it when the step does not assign the list yet.
 */
export function setForeach(ctx: EditContext, edit: Extract<FlowEdit, { type: 'setForeach' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  const t = step.transition;
  if (t.kind !== 'foreach') return refuse(`Step "${step.name}" is not a foreach; drop a foreach from the palette onto it to make it one.`);
  const problem = foreachListProblem(edit.foreach);
  if (problem) return refuse(problem);
  const call = readNextCall(ctx.source, step);
  const keyword = call?.all.find((item) => item.tokens[0]?.text === 'foreach' && item.tokens[1]?.text === '=');
  if (!call || !keyword) return refuse(`Step "${step.name}" names its list in a way the inspector cannot change; edit its self.next in the code.`);
  const value = keyword.tokens[2];
  const changes: Replacement[] = [{ start: value?.start ?? keyword.end, end: keyword.end, text: pyString(edit.foreach) }];
  if (!assigns(ctx.source, step, edit.foreach)) {
    const indent = bodyIndent(ctx.source, ctx.graph, step);
    const scaffold = `self.${edit.foreach} = []`;
    changes.push(
      isInlineBody(step)
        ? { start: t.span.startOffset, end: t.span.startOffset, text: `${scaffold}; ` }
        : { start: t.span.startOffset, end: t.span.startOffset, text: `${scaffold}${ctx.lineBreak}${indent}` },
    );
  }
  return { ok: true, source: splice(ctx.source, changes) };
}

/** Sets the attribute a switch chooses its case by (scaffolded with its first case when unset). */
export function setSwitchCondition(ctx: EditContext, edit: Extract<FlowEdit, { type: 'setSwitchCondition' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  const t = step.transition;
  if (t.kind !== 'switch') return refuse(`Step "${step.name}" is not a switch; drop a switch from the palette onto it to make it one.`);
  const problem = invalidNameReason(edit.condition, 'condition');
  if (problem) return refuse(problem);
  const call = readNextCall(ctx.source, step);
  const keyword = call?.all.find((item) => item.tokens[0]?.text === 'condition' && item.tokens[1]?.text === '=');
  if (!call || !keyword) return refuse(`Step "${step.name}" names its condition in a way the inspector cannot change; edit its self.next in the code.`);
  const value = keyword.tokens[2];
  const changes: Replacement[] = [{ start: value?.start ?? keyword.end, end: keyword.end, text: pyString(edit.condition) }];
  if (!assigns(ctx.source, step, edit.condition)) {
    const first = call.dict?.entries[0]?.key ?? '';
    const line = `self.${edit.condition} = ${pyString(first)}`;
    changes.push({ start: t.span.startOffset, end: t.span.startOffset, text: isInlineBody(step) ? `${line}; ` : `${line}${ctx.lineBreak}${bodyIndent(ctx.source, ctx.graph, step)}` });
  }
  return { ok: true, source: splice(ctx.source, changes) };
}

/** Renames one case value of a switch, keeping where it goes. */
export function renameCase(ctx: EditContext, edit: Extract<FlowEdit, { type: 'renameCase' }>): EditOutcome {
  const step = findStep(ctx, edit.step);
  if (!step) return refuse(noSuchStep(edit.step));
  if (step.transition.kind !== 'switch') return refuse(`Step "${step.name}" is not a switch.`);
  const call = readNextCall(ctx.source, step);
  const entries = call?.dict?.entries ?? [];
  const entry = entries.find((e) => e.key === edit.from);
  if (!entry) return refuse(`Switch "${step.name}" has no case "${edit.from}".`);
  if (edit.to.trim() === '') return refuse('A case needs a value; type one, e.g. "retry".');
  if (entries.some((e) => e.key === edit.to && e !== entry)) return refuse(`Switch "${step.name}" already has a case "${edit.to}".`);
  const keyEnd = ctx.source.lastIndexOf(':', entry.valueStart);
  const keyText = ctx.source.slice(entry.start, keyEnd).trimEnd();
  return { ok: true, source: splice(ctx.source, [{ start: entry.start, end: entry.start + keyText.length, text: pyString(edit.to) }]) };
}
