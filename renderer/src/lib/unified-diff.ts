/**
 * A unified diff made by the engine (`runs.compare`), laid out as two columns for display. This
 * only reads the diff's lines: the diff itself is never computed in the renderer.
 */

export interface DiffSide {
  /** 1-based line number in that file. */
  readonly line: number;
  readonly text: string;
}

export interface DiffRow {
  readonly kind: 'same' | 'changed' | 'removed' | 'added';
  readonly left: DiffSide | null;
  readonly right: DiffSide | null;
}

export interface DiffHunk {
  readonly header: string;
  readonly rows: readonly DiffRow[];
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/** Hunks of side-by-side rows: a run of removed lines faces the added lines that replace it. */
export function sideBySide(diff: string): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let rows: DiffRow[] | null = null;
  let left = 0;
  let right = 0;
  let removed: DiffSide[] = [];
  let added: DiffSide[] = [];
  const flush = (): void => {
    if (rows === null) return;
    const n = Math.max(removed.length, added.length);
    for (let i = 0; i < n; i++) {
      const l = removed[i] ?? null;
      const r = added[i] ?? null;
      rows.push({ kind: l !== null && r !== null ? 'changed' : l !== null ? 'removed' : 'added', left: l, right: r });
    }
    removed = [];
    added = [];
  };
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // the diff's final newline
  for (const line of lines) {
    const header = HUNK.exec(line);
    if (header !== null) {
      flush();
      rows = [];
      hunks.push({ header: line, rows });
      left = Number(header[1]);
      right = Number(header[2]);
      continue;
    }
    if (rows === null || line.startsWith('\\')) continue; // file headers; "\ No newline at end of file"
    const mark = line[0];
    const text = line.slice(1);
    if (mark === '-') removed.push({ line: left++, text });
    else if (mark === '+') added.push({ line: right++, text });
    else if (mark === ' ' || line === '') {
      // An empty line is a blank context line whose leading space was trimmed.
      flush();
      rows.push({ kind: 'same', left: { line: left++, text }, right: { line: right++, text } });
    }
  }
  flush();
  return hunks;
}
