import type { FlowGraph, StepSpec } from '../graph/index.js';

/**
 * Where lines start and end and how the file indents, read from the file itself so that new
 * code looks like the code around it (spaces or tabs, CRLF or LF).
 */

/** The file's line break: CRLF when the first line break is one, else LF. */
export function lineBreakOf(source: string): string {
  const lf = source.indexOf('\n');
  return lf > 0 && source[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** Offset of the first character of the line holding `offset`. */
export function lineStartAt(source: string, offset: number): number {
  let i = offset;
  while (i > 0 && source[i - 1] !== '\n' && source[i - 1] !== '\r') i--;
  return i;
}

/** Offset of the line break ending the line holding `offset` (or the end of the source). */
export function lineEndAt(source: string, offset: number): number {
  let i = offset;
  while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
  return i;
}

/** Offset just past the line break at `offset` (where the next line starts). */
export function afterLineBreak(source: string, offset: number): number {
  if (source[offset] === '\r') return source[offset + 1] === '\n' ? offset + 2 : offset + 1;
  if (source[offset] === '\n') return offset + 1;
  return offset;
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(source: string, offset: number): string {
  const start = lineStartAt(source, offset);
  return /^[ \t]*/.exec(source.slice(start, lineEndAt(source, offset)))?.[0] ?? '';
}

/** True when the line holding `offset` has only whitespace (or nothing). */
export function isBlankLineAt(source: string, offset: number): boolean {
  return source.slice(lineStartAt(source, offset), lineEndAt(source, offset)).trim() === '';
}

/** One level of indentation: a tab when the class body is tab-indented, else its spaces (4 by default). */
export function indentUnit(source: string, graph: FlowGraph): string {
  const member = memberIndent(source, graph);
  if (member.startsWith('\t')) return '\t';
  const classIndent = graph.classSpan ? indentAt(source, graph.classSpan.startOffset) : '';
  const unit = member.length - classIndent.length;
  return unit > 0 ? ' '.repeat(unit) : '    ';
}

/** The indentation of the flow class's members (its `@step` and `def` lines). */
export function memberIndent(source: string, graph: FlowGraph): string {
  const first = graph.steps[0] ?? graph.parameters[0];
  if (first) return indentAt(source, first.span.startOffset);
  if (!graph.classSpan) return '    ';
  const classIndent = indentAt(source, graph.classSpan.startOffset);
  // No step yet: the first non-blank line after the `class` line.
  const header = source.indexOf('class', graph.classSpan.startOffset);
  let at = afterLineBreak(source, lineEndAt(source, header));
  while (at < graph.classSpan.endOffset && isBlankLineAt(source, at)) at = afterLineBreak(source, lineEndAt(source, at));
  const found = indentAt(source, at);
  return found.length > classIndent.length ? found : `${classIndent}    `;
}

/** True when the body starts on the `def` line (`def a(self): self.next(self.b)`). */
export function isInlineBody(step: StepSpec): boolean {
  return step.bodySpan.startLine === step.defSpan.endLine;
}

/** The indentation of a step's statements. */
export function bodyIndent(source: string, graph: FlowGraph, step: StepSpec): string {
  if (!isInlineBody(step)) return indentAt(source, step.bodySpan.startOffset);
  return indentAt(source, step.defSpan.startOffset) + indentUnit(source, graph);
}

/**
 * Removes the common leading whitespace of the non-blank lines and splits into lines (any line
 * break). Blank lines become empty.
 */
export function dedentLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const widths = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = widths.length > 0 ? Math.min(...widths) : 0;
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(common)));
}

/**
 * Indents dedented lines with `indent`. When the file indents with tabs, leading runs of four
 * spaces in the text become tabs so the result does not mix the two.
 */
export function indentLines(lines: readonly string[], indent: string, lineBreak: string): string {
  return lines
    .map((line) => {
      if (line === '') return '';
      let own = /^[ \t]*/.exec(line)?.[0] ?? '';
      const rest = line.slice(own.length);
      if (indent.startsWith('\t')) own = own.replace(/ {4}/g, '\t');
      return indent + own + rest;
    })
    .join(lineBreak);
}
