import type { ParameterSpec } from '../../graph/index.js';
import { newNameProblem, refuse, type EditContext, type EditOutcome } from '../edit-context.js';
import type { DecoratorArgValue, FlowEdit, ParamType } from '../edits.js';
import { afterLineBreak, isBlankLineAt, lineEndAt, lineStartAt, memberIndent } from '../indentation.js';
import { apiStyle } from '../imports.js';
import { pyLiteral, pyString } from '../python-format.js';
import { findClosing, isOp, listItems, selfReferences, tokensIn, TokenKind } from '../source-tokens.js';
import { splice, type Replacement } from '../text-splice.js';

const TYPE_NAMES: Record<ParamType, string> = { str: 'str', int: 'int', float: 'float', bool: 'bool', json: 'JSONType' };

/** One keyword argument of `Parameter(...)`, as source text. */
type Keyword = readonly [name: string, text: string];

function renderParameter(attribute: string, indent: string, prefix: string, keywords: readonly Keyword[]): string {
  return `${indent}${attribute} = ${prefix}Parameter(${[pyString(attribute), ...keywords.map(([k, v]) => `${k}=${v}`)].join(', ')})`;
}

function find(ctx: EditContext, name: string): ParameterSpec | undefined {
  return ctx.graph.parameters.find((p) => p.attribute === name) ?? ctx.graph.parameters.find((p) => p.name === name);
}

/** Where a new parameter line goes: after the last parameter, else at the top of the class body (after its docstring). */
function insertParameterLine(ctx: EditContext, line: string): Replacement {
  const { source, graph, lineBreak } = ctx;
  const last = graph.parameters[graph.parameters.length - 1];
  if (last) {
    const at = lineEndAt(source, last.span.endOffset);
    return { start: at, end: at, text: `${lineBreak}${line}` };
  }
  const classSpan = graph.classSpan as NonNullable<typeof graph.classSpan>;
  const tokens = tokensIn(source, classSpan.startOffset, classSpan.endOffset);
  const classAt = tokens.findIndex((t) => t.text === 'class' && t.kind === TokenKind.name);
  const close = findClosing(tokens, classAt + 2);
  const colon = tokens[close + 1];
  let first = tokens[close + 2];
  if (!colon || !first) return { start: classSpan.endOffset, end: classSpan.endOffset, text: `${lineBreak}${line}` };
  if (first.kind === TokenKind.string && first.line !== colon.line) {
    // The class docstring stays first: the parameter goes after it.
    const docEnd = lineEndAt(source, first.end);
    let next = afterLineBreak(source, docEnd);
    while (next < classSpan.endOffset && isBlankLineAt(source, next)) next = afterLineBreak(source, lineEndAt(source, next));
    first = tokens.find((t) => t.start >= next) ?? first;
    if (first.start <= docEnd) return { start: docEnd, end: docEnd, text: `${lineBreak}${lineBreak}${line}` };
  }
  const at = lineStartAt(source, first.start);
  return { start: at, end: at, text: `${line}${lineBreak}${lineBreak}` };
}

function keywordsOf(edit: { default?: DecoratorArgValue; paramType?: ParamType; help?: string | null; required?: boolean }): Keyword[] {
  const keywords: Keyword[] = [];
  if (edit.default !== undefined) keywords.push(['default', pyLiteral(edit.default)]);
  if (edit.paramType !== undefined) keywords.push(['type', TYPE_NAMES[edit.paramType]]);
  if (typeof edit.help === 'string') keywords.push(['help', pyString(edit.help)]);
  if (edit.required === true) keywords.push(['required', 'True']);
  return keywords;
}

/** Adds `name = Parameter("name", default=..., type=..., help=..., required=True)` to the class. */
export function addParameter(ctx: EditContext, edit: Extract<FlowEdit, { type: 'addParameter' }>): EditOutcome {
  if (!ctx.graph.classSpan) return refuse('The file has no flow class (a class deriving from FlowSpec) to add a parameter to.');
  const problem = newNameProblem(ctx, edit.name, 'parameter');
  if (problem) return refuse(problem);
  const style = apiStyle(ctx.source, ctx.graph, ctx.lineBreak);
  const line = renderParameter(edit.name, memberIndent(ctx.source, ctx.graph), style.prefix, keywordsOf(edit));
  const names = ['Parameter', ...(edit.paramType === 'json' ? ['JSONType'] : [])];
  return { ok: true, source: splice(ctx.source, [...style.ensure(names), insertParameterLine(ctx, line)]) };
}

/**
 * Updates a parameter in place: the given fields are rewritten, the other arguments are kept
 * as written. A rename also renames `self.<old>` in every step.
 */
export function updateParameter(ctx: EditContext, edit: Extract<FlowEdit, { type: 'updateParameter' }>): EditOutcome {
  const parameter = find(ctx, edit.name);
  if (!parameter) return refuse(`The flow has no parameter "${edit.name}".`);
  const { source } = ctx;
  const newName = edit.newName ?? parameter.attribute;
  if (newName !== parameter.attribute) {
    const problem = newNameProblem(ctx, newName, 'parameter', parameter.attribute);
    if (problem) return refuse(problem);
  }
  // 1. Read the statement as written: `name[: annotation] = [module.]Parameter(args)`.
  const { startOffset: start, endOffset: end } = parameter.span;
  const tokens = tokensIn(source, start, end);
  const equals = tokens.findIndex((t) => isOp(t, '='));
  const open = tokens.findIndex((t) => isOp(t, '('));
  const close = open === -1 ? -1 : findClosing(tokens, open);
  const first = tokens[0];
  if (!first || equals < 1 || close === -1) return refuse(`Parameter "${edit.name}" is not written as name = Parameter(...); edit it in the code.`);
  const annotation = source.slice(first.end, (tokens[equals] as { start: number }).start).trimEnd();
  const callee = source.slice((tokens[equals + 1] as { start: number }).start, (tokens[open] as { start: number }).start);
  let nameText = pyString(parameter.name);
  const kept: Keyword[] = [];
  for (const item of listItems(tokens, open, close)) {
    const [key, eq] = item.tokens;
    const isKeyword = key?.kind === TokenKind.name && isOp(eq, '=');
    const value = source.slice(isKeyword ? (item.tokens[2] ?? key).start : item.start, item.end);
    if (!isKeyword || key.text === 'name') nameText = value;
    else kept.push([key.text, value]);
  }
  if (newName !== parameter.attribute) nameText = pyString(newName);
  // 2. Replace what the edit sets, keep the other arguments as written.
  const updates = new Map(keywordsOf(edit));
  const removed = new Set<string>([...(edit.help === null ? ['help'] : []), ...(edit.required === false ? ['required'] : [])]);
  const keywords: Keyword[] = kept.filter(([k]) => !removed.has(k)).map(([k, v]) => [k, updates.get(k) ?? v] as const);
  for (const [k, v] of updates) if (!keywords.some(([key]) => key === k)) keywords.push([k, v]);
  const text = `${newName}${annotation} = ${callee}(${[nameText, ...keywords.map(([k, v]) => `${k}=${v}`)].join(', ')})`;
  const changes: Replacement[] = [{ start, end, text }];
  // 3. A new attribute name: steps read it as self.<name>.
  if (newName !== parameter.attribute) {
    for (const step of ctx.graph.steps) {
      for (const token of selfReferences(tokensIn(source, step.bodySpan.startOffset, step.bodySpan.endOffset), parameter.attribute)) {
        changes.push({ start: token.start, end: token.end, text: newName });
      }
    }
  }
  const style = apiStyle(source, ctx.graph, ctx.lineBreak);
  return { ok: true, source: splice(source, [...(edit.paramType === 'json' ? style.ensure(['JSONType']) : []), ...changes]) };
}

/** Removes a parameter's line(s). Uses of `self.<name>` in steps are left for the person to change. */
export function removeParameter(ctx: EditContext, edit: Extract<FlowEdit, { type: 'removeParameter' }>): EditOutcome {
  const parameter = find(ctx, edit.name);
  if (!parameter) return refuse(`The flow has no parameter "${edit.name}".`);
  const { source } = ctx;
  const start = lineStartAt(source, parameter.span.startOffset);
  let end = afterLineBreak(source, lineEndAt(source, parameter.span.endOffset));
  // Between two blank lines (a lone parameter), one of them goes too.
  if (start > 0 && isBlankLineAt(source, start - 1) && end < source.length && isBlankLineAt(source, end)) end = afterLineBreak(source, lineEndAt(source, end));
  return { ok: true, source: splice(source, [{ start, end, text: '' }]) };
}
