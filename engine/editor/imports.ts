import type { FlowGraph } from '../graph/index.js';
import { tokenize } from '../graph/tokenizer.js';
import { decoratorHead } from './decorator-names.js';
import { appendItem } from './list-edit.js';
import { isOp, listItems, TokenKind, type ListItem, type Token } from './source-tokens.js';
import type { Replacement } from './text-splice.js';

/** How the file reaches the flow API: `from flowbench import step` or `import metaflow` + `@metaflow.step`. */
export interface ApiStyle {
  /** Put before an API name where it is used: '' or e.g. 'metaflow.'. */
  readonly prefix: string;
  /** Adds names to the `from <api> import ...` line (none when the file uses the module prefix). */
  readonly ensure: (names: readonly string[]) => Replacement[];
}

interface FromImport {
  readonly module: string;
  readonly items: readonly ListItem[];
  readonly parenthesized: boolean;
  readonly closeStart: number;
  readonly star: boolean;
}

/**
 * Reads the file's imports of the flow API. A file that only does `import metaflow` keeps
 * using `metaflow.X`; otherwise missing names are added to its `from ... import` line (made
 * when there is none).
 */
export function apiStyle(source: string, graph: FlowGraph, lineBreak: string): ApiStyle {
  const end = graph.classSpan?.startOffset ?? source.length;
  const { tokens } = tokenize(source.slice(0, end));
  const wanted = graph.api === 'unknown' ? ['flowbench', 'metaflow'] : [graph.api];
  // Steps written `@metaflow.step` mean the file uses the module: new names follow suit.
  const stepDecorator = graph.steps.flatMap((s) => s.decorators).find((d) => d.name === 'step');
  const head = stepDecorator ? decoratorHead(source.slice(stepDecorator.span.startOffset, stepDecorator.span.endOffset)) : 'step';
  if (head !== 'step') return { prefix: head.slice(0, -'step'.length), ensure: () => [] };
  const fromImport = findFromImport(tokens, wanted);
  const moduleImport = fromImport ? null : findModuleImport(tokens, wanted);
  if (moduleImport) return { prefix: `${moduleImport}.`, ensure: () => [] };
  return {
    prefix: '',
    ensure: (names) => {
      if (fromImport?.star) return [];
      const have = new Set(fromImport?.items.map((item) => item.tokens[0]?.text ?? '') ?? []);
      const missing = [...new Set(names)].filter((name) => !have.has(name));
      if (missing.length === 0) return [];
      if (!fromImport) {
        const firstImport = tokens.find((t, i) => (t.text === 'from' || t.text === 'import') && t.kind === TokenKind.name && isLineStart(tokens, i));
        const at = firstImport?.start ?? 0;
        const module = graph.api === 'metaflow' ? 'metaflow' : 'flowbench';
        return [{ start: at, end: at, text: `from ${module} import ${missing.join(', ')}${lineBreak}` }];
      }
      if (fromImport.parenthesized) {
        const first = appendItem(source, fromImport.items, fromImport.closeStart, missing[0] as string, lineBreak);
        return [{ ...first, text: joinAppended(first.text, missing, lineBreak) }];
      }
      const last = fromImport.items[fromImport.items.length - 1] as ListItem;
      return [{ start: last.end, end: last.end, text: missing.map((name) => `, ${name}`).join('') }];
    },
  };
}

/**
 * appendItem renders one name; for several, repeat its shape (", b" → ", b, c"; a line per
 * name when the list has one name per line).
 */
function joinAppended(text: string, names: readonly string[], lineBreak: string): string {
  const first = names[0] as string;
  const [prefix = '', suffix = ''] = text.split(first);
  if (prefix.includes(lineBreak)) return names.map((name) => `${prefix}${name}${suffix}`).join('');
  return `${prefix}${names.join(', ')}${suffix}`;
}

function isLineStart(tokens: readonly Token[], i: number): boolean {
  const previous = tokens[i - 1];
  return !previous || previous.kind === TokenKind.newline || previous.kind === TokenKind.indent || previous.kind === TokenKind.dedent;
}

function findFromImport(tokens: readonly Token[], modules: readonly string[]): FromImport | null {
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]?.text !== 'from' || !isLineStart(tokens, i) || !modules.includes(tokens[i + 1]?.text ?? '') || tokens[i + 2]?.text !== 'import') continue;
    const module = tokens[i + 1]?.text as string;
    const open = i + 3;
    if (isOp(tokens[open], '(')) {
      let close = open;
      while (close < tokens.length && !isOp(tokens[close], ')')) close++;
      const items = listItems(tokens, open, close);
      return { module, items, parenthesized: true, closeStart: tokens[close]?.start ?? 0, star: false };
    }
    let stop = open;
    while (stop < tokens.length && tokens[stop]?.kind !== TokenKind.newline && tokens[stop]?.kind !== TokenKind.end) stop++;
    const items = listItems(tokens, open - 1, stop);
    return { module, items, parenthesized: false, closeStart: tokens[stop]?.start ?? 0, star: isOp(tokens[open], '*') };
  }
  return null;
}

/** `import metaflow` (or `import metaflow as mf`) → the name to prefix with. */
function findModuleImport(tokens: readonly Token[], modules: readonly string[]): string | null {
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i]?.text !== 'import' || !isLineStart(tokens, i) || !modules.includes(tokens[i + 1]?.text ?? '')) continue;
    if (tokens[i + 2]?.text === 'as' && tokens[i + 3]) return (tokens[i + 3] as Token).text;
    return (tokens[i + 1] as Token).text;
  }
  return null;
}
