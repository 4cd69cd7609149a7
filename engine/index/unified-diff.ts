/**
 * A unified diff of two texts (what `diff -u` prints), for comparing the code of two runs.
 * Myers' O(ND) algorithm over lines: flow files are small and usually close, so D is small.
 * Pure: no Node imports, so the renderer could use it too.
 */

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/**
 * @example
 *   unifiedDiff('a\nb\n', 'a\nc\n', { fromName: 'A/flow.py', toName: 'B/flow.py' })
 *   // '--- A/flow.py\n+++ B/flow.py\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n'
 */
export function unifiedDiff(before: string, after: string, options: { fromName?: string; toName?: string; context?: number } = {}): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const context = options.context ?? 3;
  let out = `--- ${options.fromName ?? 'a'}\n+++ ${options.toName ?? 'b'}\n`;
  // Group changes that are within 2×context lines of each other into one hunk.
  let i = 0;
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === ' ') i += 1;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end]!.kind !== ' ') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end += 1;
    }
    const stop = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(start, stop);
    const [oldStart, newStart] = positionsBefore(ops, start);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out += `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`;
    for (const op of hunk) out += `${op.kind}${op.line}\n`;
    i = stop;
  }
  return out;
}

function range(start: number, count: number): string {
  // `diff -u` numbers an empty range by the line before it.
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}

function positionsBefore(ops: readonly Op[], index: number): [number, number] {
  let oldLine = 0;
  let newLine = 0;
  for (let i = 0; i < index; i += 1) {
    if (ops[i]!.kind !== '+') oldLine += 1;
    if (ops[i]!.kind !== '-') newLine += 1;
  }
  return [oldLine, newLine];
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script from `a` to `b` (Myers 1986), as kept, removed and added lines. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d += 1) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk the trace back from (n, m) to (0, 0).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d -= 1) {
    const prev = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : prev[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1]! });
      x -= 1;
      y -= 1;
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: '+', line: b[y - 1]! });
    else ops.push({ kind: '-', line: a[x - 1]! });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', line: a[x - 1]! });
    x -= 1;
    y -= 1;
  }
  return ops.reverse();
}
