import type { SourceSpan } from './flow-graph.js';

/**
 * Maps offsets in a source string to 1-based lines and 0-based columns.
 *
 * Line breaks are `\r\n`, `\n` and a lone `\r` (Python's universal newlines), so a CRLF file
 * gets the same line numbers as its LF twin. Columns count UTF-16 units; a tab is one column.
 */
export class LineIndex {
  /** Offset of the first character of each line; `lineStarts[0]` is line 1. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (source.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** The 1-based line holding `offset` (an offset at a line break belongs to the line it ends). */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.source.length;
  }

  span(startOffset: number, endOffset: number): SourceSpan {
    const startLine = this.lineOf(startOffset);
    const endLine = this.lineOf(endOffset);
    return {
      startLine,
      startCol: startOffset - this.lineStart(startLine),
      endLine,
      endCol: endOffset - this.lineStart(endLine),
      startOffset,
      endOffset,
    };
  }
}
