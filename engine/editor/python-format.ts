import type { DecoratorArgValue } from './edits.js';

/** Python's reserved words (and the soft keywords that would confuse a reader as a step name). */
const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type', '_',
]);

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Why `name` cannot name a step or parameter, or null when it can. */
export function invalidNameReason(name: string, what: string): string | null {
  if (!IDENTIFIER.test(name)) {
    return `"${name}" cannot name a ${what}: use letters, digits and underscores, not starting with a digit (e.g. "train_model").`;
  }
  if (PYTHON_KEYWORDS.has(name)) return `"${name}" cannot name a ${what}: it is a Python keyword. Choose another name.`;
  return null;
}

/** A Python string literal in double quotes. */
export function pyString(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\u007f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Renders a value as a Python literal: strings in double quotes, True/False/None, lists and
 * dicts (keys are strings).
 *
 * @example
 * pyLiteral({ a: [1, true, null] }); // '{"a": [1, True, None]}'
 */
export function pyLiteral(value: DecoratorArgValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
    return String(value);
  }
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`).join(', ')}}`;
}

/** `@name` or `@name(k=v, ...)`; `head` is what comes after `@` (e.g. `metaflow.retry`). */
export function renderDecorator(head: string, args: Readonly<Record<string, DecoratorArgValue>>): string {
  const entries = Object.entries(args);
  if (entries.length === 0) return `@${head}`;
  return `@${head}(${entries.map(([k, v]) => `${k}=${pyLiteral(v)}`).join(', ')})`;
}

/** What a step's `self.next(...)` should say. */
export type NextCallSpec =
  | { readonly kind: 'targets'; readonly targets: readonly string[] }
  | { readonly kind: 'foreach'; readonly target: string; readonly foreach: string }
  | { readonly kind: 'switch'; readonly cases: readonly (readonly [string, string])[]; readonly condition: string };

/** Renders `self.next(...)` on one line. */
export function renderNextCall(spec: NextCallSpec): string {
  switch (spec.kind) {
    case 'targets':
      return `self.next(${spec.targets.map((t) => `self.${t}`).join(', ')})`;
    case 'foreach':
      return `self.next(self.${spec.target}, foreach=${pyString(spec.foreach)})`;
    case 'switch':
      return `self.next({${spec.cases.map(([c, t]) => `${pyString(c)}: self.${t}`).join(', ')}}, condition=${pyString(spec.condition)})`;
  }
}

/** A docstring in triple double quotes; continuation lines get `indent`. */
export function renderDocstring(text: string, indent: string, lineBreak: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"').replace(/"$/, '\\"');
  const lines = escaped.split(/\r\n|\r|\n/);
  if (lines.length === 1) return `"""${escaped}"""`;
  const rest = lines.slice(1).map((line) => (line.trim() === '' ? '' : indent + line));
  return `"""${lines[0]}${lineBreak}${rest.join(lineBreak)}${lineBreak}${indent}"""`;
}
