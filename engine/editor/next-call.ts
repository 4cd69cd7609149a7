import type { FlowGraph, SourceSpan, StepSpec } from '../graph/index.js';
import { afterLineBreak, bodyIndent, isInlineBody, lineEndAt, lineStartAt } from './indentation.js';
import { appendItem, removeItem } from './list-edit.js';
import { decodeString } from '../graph/literal.js';
import { findClosing, isOp, listItems, selfAttribute, TokenKind, tokensIn, type ListItem, type Token } from './source-tokens.js';
import type { Replacement } from './text-splice.js';

/** The pieces of a `self.next(...)` call, as offsets into the source. */
export interface NextCallParts {
  readonly span: SourceSpan;
  /** Offset of the closing `)`. */
  readonly closeStart: number;
  /** Positional arguments (a switch has one: its dict). */
  readonly positional: readonly ListItem[];
  /** Every argument, keywords included. */
  readonly all: readonly ListItem[];
  /** For a switch: the dict's entries and the offset of its `}`. */
  readonly dict: { readonly entries: readonly SwitchEntry[]; readonly closeStart: number } | null;
}

export interface SwitchEntry extends ListItem {
  /** The value's tokens (after the colon). */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** The step the case goes to (`self.<name>`), or null when written otherwise. */
  readonly target: string | null;
  /** The case value when the key is a string literal, else the key's source text. */
  readonly key: string;
}

/** Reads a step's `self.next(...)` call; null when the step has none or the call is not closed. */
export function readNextCall(source: string, step: StepSpec): NextCallParts | null {
  const { transition } = step;
  if (transition.kind === 'end') return null;
  const tokens = tokensIn(source, transition.span.startOffset, transition.span.endOffset);
  const open = tokens.findIndex((t) => isOp(t, '('));
  const close = open === -1 ? -1 : findClosing(tokens, open);
  if (close === -1) return null;
  const all = listItems(tokens, open, close);
  const positional = all.filter((item) => !(item.tokens[0]?.kind === 'name' && isOp(item.tokens[1], '=')));
  const first = positional[0];
  let dict: NextCallParts['dict'] = null;
  if (first && isOp(first.tokens[0], '{')) {
    const inner = first.tokens as Token[];
    const dictClose = findClosing(inner, 0);
    if (dictClose !== -1) {
      const entries = listItems(inner, 0, dictClose).map((entry): SwitchEntry => {
        const colon = entry.tokens.findIndex((t) => isOp(t, ':'));
        const value = entry.tokens.slice(colon + 1);
        const target = selfAttribute(value)?.text ?? null;
        const keyTokens = entry.tokens.slice(0, Math.max(colon, 0));
        const decoded = keyTokens.length === 1 && keyTokens[0]?.kind === TokenKind.string ? decodeString(keyTokens[0].text) : null;
        const key = decoded ?? source.slice(keyTokens[0]?.start ?? entry.start, keyTokens[keyTokens.length - 1]?.end ?? entry.start);
        return { ...entry, key, valueStart: value[0]?.start ?? entry.end, valueEnd: value[value.length - 1]?.end ?? entry.end, target };
      });
      dict = { entries, closeStart: (inner[dictClose] as Token).start };
    }
  }
  return { span: transition.span, closeStart: (tokens[close] as Token).start, positional, all, dict };
}

/** The step a positional argument names (`self.a` → `a`), or null. */
export function argumentTarget(item: ListItem): string | null {
  return selfAttribute(item.tokens)?.text ?? null;
}

/** Adds `self.<target>` as the last positional argument. */
export function addTarget(source: string, call: NextCallParts, target: string, lineBreak: string): Replacement {
  return appendItem(source, call.positional, call.positional.length === call.all.length ? call.closeStart : (call.all[call.positional.length]?.start ?? call.closeStart), `self.${target}`, lineBreak);
}

/**
 * Appends `callText` as the step's last statement with the body's indentation. A body that is
 * only `pass` is replaced; an inline body (`def a(self): x = 1`) gets `; callText`.
 */
export function appendNextCall(source: string, graph: FlowGraph, step: StepSpec, callText: string, lineBreak: string): Replacement {
  const body = step.bodySpan;
  if (source.slice(body.startOffset, body.endOffset) === 'pass') return { start: body.startOffset, end: body.endOffset, text: callText };
  if (isInlineBody(step)) return { start: body.endOffset, end: body.endOffset, text: `; ${callText}` };
  const at = lineEndAt(source, body.endOffset);
  return { start: at, end: at, text: `${lineBreak}${bodyIndent(source, graph, step)}${callText}` };
}

/**
 * Removes a step's `self.next(...)` statement: its whole line(s) when it has them to itself,
 * else the call with its `;`. When it is the only statement, it becomes `pass`.
 */
export function removeNextStatement(source: string, step: StepSpec): Replacement {
  const { transition, bodySpan } = step;
  if (transition.kind === 'end') throw new Error(`step ${step.name} has no self.next`);
  const { startOffset: start, endOffset: end } = transition.span;
  if (start === bodySpan.startOffset && end === bodySpan.endOffset) return { start, end, text: 'pass' };
  const lineStart = lineStartAt(source, start);
  const lineEnd = lineEndAt(source, end);
  const after = source.slice(end, lineEnd).trim();
  if (source.slice(lineStart, start).trim() === '' && (after === '' || after.startsWith('#'))) {
    return { start: lineStart, end: afterLineBreak(source, lineEnd), text: '' };
  }
  const before = /;[ \t]*$/.exec(source.slice(lineStart, start));
  if (before) return { start: start - before[0].length, end, text: '' };
  const following = /^[ \t]*;[ \t]*/.exec(source.slice(end, lineEnd));
  return { start, end: end + (following?.[0].length ?? 0), text: '' };
}

/** Removes positional argument `index` (a branch target). */
export function removeArgument(source: string, call: NextCallParts, index: number): Replacement {
  return removeItem(source, call.positional, index);
}

/** Removes dict entry `index` of a switch. */
export function removeCase(source: string, call: NextCallParts, index: number): Replacement {
  return removeItem(source, call.dict?.entries ?? [], index);
}
