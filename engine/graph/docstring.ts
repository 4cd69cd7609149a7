/**
 * Cleans a docstring the way Python's `inspect.cleandoc` does: tabs expanded, the first line's
 * leading whitespace removed, the common indentation of the other lines removed, and leading
 * and trailing blank lines dropped.
 *
 * @example cleandoc('Train.\n\n    More detail.\n    ') // 'Train.\n\nMore detail.'
 */
export function cleandoc(doc: string): string {
  const lines = doc.split('\n').map(expandTabs);
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (content.length > 0) margin = Math.min(margin, line.length - content.length);
  }
  lines[0] = (lines[0] ?? '').trimStart();
  if (margin !== Infinity) {
    for (let i = 1; i < lines.length; i++) lines[i] = (lines[i] ?? '').slice(margin);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines.join('\n');
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let result = '';
  for (const c of line) {
    result += c === '\t' ? ' '.repeat(8 - (result.length % 8)) : c;
  }
  return result;
}
