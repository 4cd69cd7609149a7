/** A change to the source: the text in [start, end) becomes `text`. Offsets are UTF-16, end exclusive. */
export interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies replacements to `source`. They may come in any order but must not overlap (two
 * insertions at the same offset are kept in the order given); everything outside them is kept
 * byte for byte.
 *
 * @example
 * splice('a = 1', [{ start: 4, end: 5, text: '2' }]); // 'a = 2'
 */
export function splice(source: string, replacements: readonly Replacement[]): string {
  const ordered = replacements.map((r, i) => ({ ...r, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const r of ordered) {
    if (r.start < at || r.end < r.start || r.end > source.length) {
      throw new Error(`Overlapping or invalid replacement [${r.start}, ${r.end}) after offset ${at}`);
    }
    out += source.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + source.slice(at);
}
