/**
 * Just enough SQL lexing to find things outside string literals, quoted identifiers and comments:
 * the first keyword of a statement and the `artifact('…', '…')` calls.
 */

/** Index just past the literal, comment or quoted name that starts at `i`; `i` when none does. */
function skipQuoted(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch) {
        if (sql[j + 1] === ch) j += 2; // '' or "" inside
        else return j + 1;
      } else j += 1;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (ch === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end < 0 ? sql.length : end + tag[0].length;
    }
  }
  return i;
}

/** The statement's first word, upper-cased (after comments and opening parentheses), or ''. */
export function firstKeyword(sql: string): string {
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped !== i) {
      if (sql[i] === "'" || sql[i] === '"') return '';
      i = skipped;
      continue;
    }
    if (/[\s(]/.test(sql[i]!)) {
      i += 1;
      continue;
    }
    return /^[A-Za-z_]+/.exec(sql.slice(i))?.[0].toUpperCase() ?? '';
  }
  return '';
}

export interface ArtifactCall {
  /** Where the call starts (`artifact`) and ends (just past `)`) in the SQL text. */
  readonly start: number;
  readonly end: number;
  readonly pathspec: string;
  readonly name: string;
}

const IDENT = /[A-Za-z0-9_]/;

/**
 * Every `artifact('Flow/RunId/step[/TaskId]', 'name')` call outside literals and comments. A call
 * written another way (not two string literals) is an error a person can fix: its sentence is thrown.
 */
export function findArtifactCalls(sql: string): ArtifactCall[] {
  const calls: ArtifactCall[] = [];
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const startsWord = !IDENT.test(sql[i - 1] ?? ' ') && sql[i - 1] !== '.';
    if (startsWord && sql.slice(i, i + 8).toLowerCase() === 'artifact' && !IDENT.test(sql[i + 8] ?? ' ')) {
      const call = /^artifact\s*\(\s*'((?:[^']|'')*)'\s*,\s*'((?:[^']|'')*)'\s*\)/i.exec(sql.slice(i));
      const opens = /^artifact\s*\(/i.test(sql.slice(i));
      if (call) {
        calls.push({ start: i, end: i + call[0].length, pathspec: call[1]!.replaceAll("''", "'"), name: call[2]!.replaceAll("''", "'") });
        i += call[0].length;
        continue;
      }
      if (opens) throw new Error("artifact() takes two text literals: artifact('Flow/RunId/step', 'name') or artifact('Flow/RunId/step/TaskId', 'name').");
    }
    i += 1;
  }
  return calls;
}
