import { afterLineBreak, indentAt, lineEndAt, lineStartAt } from './indentation.js';
import type { ListItem } from './source-tokens.js';
import type { Replacement } from './text-splice.js';

/**
 * Adding and removing items of a bracketed list (call arguments, dict entries) the way a person
 * would: one-per-line lists stay one-per-line with the same indentation, one-line lists stay on
 * one line, a trailing comma stays.
 */

/** Inserts `text` as a new last item. `closeStart` is the offset of the closing bracket. */
export function appendItem(source: string, items: readonly ListItem[], closeStart: number, text: string, lineBreak: string): Replacement {
  const last = items[items.length - 1];
  if (!last) return { start: closeStart, end: closeStart, text };
  const onOwnLine = source.slice(lineStartAt(source, last.start), last.start).trim() === '';
  if (last.comma) {
    const afterComma = last.comma.end;
    if (onOwnLine) {
      const at = lineEndAt(source, afterComma);
      return { start: at, end: at, text: `${lineBreak}${indentAt(source, last.start)}${text},` };
    }
    return { start: afterComma, end: afterComma, text: ` ${text},` };
  }
  if (onOwnLine) return { start: last.end, end: last.end, text: `,${lineBreak}${indentAt(source, last.start)}${text}` };
  return { start: last.end, end: last.end, text: `, ${text}` };
}

/** Removes item `index` with its comma (and its line, when it had a line of its own). */
export function removeItem(source: string, items: readonly ListItem[], index: number): Replacement {
  const item = items[index] as ListItem;
  const end = item.comma?.end ?? item.end;
  const lineStart = lineStartAt(source, item.start);
  const lineEnd = lineEndAt(source, end);
  const before = source.slice(lineStart, item.start);
  const after = source.slice(end, lineEnd).trim();
  if (before.trim() === '' && (after === '' || after.startsWith('#'))) {
    return { start: lineStart, end: afterLineBreak(source, lineEnd), text: '' };
  }
  if (item.comma) {
    let stop = item.comma.end;
    while (source[stop] === ' ' || source[stop] === '\t') stop++;
    return { start: item.start, end: stop, text: '' };
  }
  const previous = items[index - 1];
  if (previous?.comma) return { start: previous.comma.start, end: item.end, text: '' };
  return { start: item.start, end: item.end, text: '' };
}
