import type { FlowGraph, StepSpec } from '../graph/index.js';
import { tokenize } from '../graph/tokenizer.js';
import { afterLineBreak, bodyIndent, dedentLines, isInlineBody, lineEndAt, lineStartAt } from './indentation.js';
import { TokenKind } from './source-tokens.js';

/** Offsets of a step's docstring literal(s), or null when it has none. */
export function docstringRange(source: string, step: StepSpec): { start: number; end: number } | null {
  if (step.docstring === null) return null;
  const base = step.bodySpan.startOffset;
  const { tokens } = tokenize(source.slice(base, step.bodySpan.endOffset));
  let end = -1;
  for (const token of tokens) {
    if (token.kind !== TokenKind.string) break;
    end = token.end;
  }
  return end === -1 ? null : { start: base, end: base + end };
}

/**
 * The range `setStepBody` replaces and `readStepBody` reads: from the line after the docstring
 * (or after the `def` line) to the end of the body's last line. Comments on the `def` line and
 * the docstring stay outside.
 */
export function bodyRange(source: string, step: StepSpec): { start: number; end: number; inline: boolean } {
  const end = lineEndAt(source, step.bodySpan.endOffset);
  const doc = docstringRange(source, step);
  if (isInlineBody(step)) {
    // `def a(self): x; y` — the statements after the colon (or after an inline docstring's `;`).
    const start = doc ? doc.end : step.bodySpan.startOffset;
    return { start, end, inline: true };
  }
  const after = doc ? doc.end : step.defSpan.endOffset;
  return { start: afterLineBreak(source, lineEndAt(source, after)), end, inline: false };
}

/**
 * A step's code without its docstring and without its indentation: what the inspector shows
 * and `setStepBody` takes back (the round trip is the identity).
 *
 * @example
 * readStepBody(source, graph, 'start'); // 'self.x = 1\nself.next(self.end)'
 */
export function readStepBody(source: string, graph: FlowGraph, name: string): string | null {
  const step = graph.steps.find((s) => s.name === name);
  if (!step) return null;
  const range = bodyRange(source, step);
  if (range.inline) return source.slice(range.start, range.end).replace(/^[\s;]+/, '');
  if (range.start > range.end) return '';
  const lines = source.slice(range.start, range.end).split(/\r\n|\r|\n/);
  const indent = bodyIndent(source, graph, step);
  const dedented = lines.every((line) => line.trim() === '' || line.startsWith(indent))
    ? lines.map((line) => (line.trim() === '' ? '' : line.slice(indent.length)))
    : dedentLines(lines.join('\n'));
  return dedented.join('\n');
}

/**
 * The methods of the named steps as whole lines, dedented, in source order and separated by a
 * blank line: what the canvas puts on the clipboard for `pasteSteps`.
 *
 * @example
 * copySteps(source, graph, ['train']); // '@step\ndef train(self):\n    ...'
 */
export function copySteps(source: string, graph: FlowGraph, names: readonly string[]): string {
  return graph.steps
    .filter((step) => names.includes(step.name))
    .map((step) => dedentLines(source.slice(lineStartAt(source, step.span.startOffset), lineEndAt(source, step.span.endOffset))).join('\n'))
    .join('\n\n');
}
