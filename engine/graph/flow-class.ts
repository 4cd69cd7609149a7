import { callArguments, findClosing, isOp } from './call-args.js';
import type { LogicalLine } from './logical-lines.js';
import { TokenKind } from './tokenizer.js';

const FLOW_SPEC_BASES = new Set(['FlowSpec', 'metaflow.FlowSpec', 'flowbench.FlowSpec']);

/** A `class` statement of the file: where it is and what it derives from. */
export interface ClassLines {
  readonly name: string;
  /** Base classes as written (`FlowSpec`, `metaflow.FlowSpec`, `Base`), keywords left out. */
  readonly bases: readonly string[];
  readonly decorators: readonly LogicalLine[];
  /** Index in `lines` of the `class` line. */
  readonly headerIndex: number;
  /** Index in `lines` just past the class body. */
  readonly bodyEnd: number;
  /** Offsets from the first decorator to the end of the body. */
  readonly start: number;
  readonly end: number;
}

export interface FlowClass extends ClassLines {
  /**
   * The classes of this file whose members the flow has, most basic first and the flow class
   * last: `class Base(FlowSpec)`, a mixin `class Tuning:` and `class Train(Tuning, Base)` give
   * [Base, Tuning, Train], so a step defined again further down the list replaces the earlier one,
   * as Python's method resolution does for these shapes. Bases imported from elsewhere are not
   * read (the parser reads one file).
   */
  readonly lineage: readonly ClassLines[];
}

/**
 * The flow class: a class that derives from FlowSpec — directly, or through base classes and
 * mixins defined in the same file — and that no other such class derives from (the most derived
 * one; the first in the file when there are several).
 */
export function findFlowClass(lines: readonly LogicalLine[]): FlowClass | null {
  const classes = readClasses(lines);
  const byName = new Map(classes.map((c) => [c.name, c]));
  const isFlow = new Map<string, boolean>();
  const derivesFromFlowSpec = (c: ClassLines, seen: Set<string>): boolean => {
    const known = isFlow.get(c.name);
    if (known !== undefined) return known;
    if (seen.has(c.name)) return false; // a cycle of names (mid-edit): not a flow
    seen.add(c.name);
    const result = c.bases.some((base) => FLOW_SPEC_BASES.has(base) || (byName.has(base) && derivesFromFlowSpec(byName.get(base)!, seen)));
    isFlow.set(c.name, result);
    return result;
  };
  const flows = classes.filter((c) => derivesFromFlowSpec(c, new Set()));
  const usedAsBase = new Set(flows.flatMap((c) => c.bases));
  const flow = flows.find((c) => !usedAsBase.has(c.name)) ?? flows[0];
  if (!flow) return null;
  return { ...flow, lineage: lineageOf(flow, byName) };
}

/** The class and its in-file ancestors, most basic first (a depth-first walk of the bases, right to left). */
function lineageOf(flow: ClassLines, byName: ReadonlyMap<string, ClassLines>): ClassLines[] {
  const order: ClassLines[] = [];
  const visit = (c: ClassLines, path: Set<string>): void => {
    if (path.has(c.name) || order.includes(c)) return;
    path.add(c.name);
    for (const base of [...c.bases].reverse()) {
      const defined = byName.get(base);
      if (defined && defined.headerIndex < c.headerIndex) visit(defined, path);
    }
    path.delete(c.name);
    if (!order.includes(c)) order.push(c);
  };
  visit(flow, new Set());
  return order;
}

function readClasses(lines: readonly LogicalLine[]): ClassLines[] {
  const classes: ClassLines[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i] as LogicalLine;
    const { tokens } = header;
    if (tokens[0]?.text !== 'class' || tokens[1]?.kind !== TokenKind.name) continue;
    let bases: string[] = [];
    if (isOp(tokens[2], '(')) {
      const close = findClosing(tokens, 2);
      bases = callArguments(tokens, 2, close === -1 ? tokens.length : close)
        .filter((arg) => arg.keyword === null)
        .map((arg) => arg.tokens.map((token) => token.text).join(''));
    }
    let first = i;
    while (first > 0 && lines[first - 1]?.tokens[0]?.text === '@' && lines[first - 1]?.indent === header.indent) first--;
    let bodyEnd = i + 1;
    while (bodyEnd < lines.length && (lines[bodyEnd] as LogicalLine).indent > header.indent) bodyEnd++;
    classes.push({
      name: tokens[1].text,
      bases,
      decorators: lines.slice(first, i),
      headerIndex: i,
      bodyEnd,
      start: (lines[first] as LogicalLine).start,
      end: (lines[bodyEnd - 1] as LogicalLine).end,
    });
  }
  return classes;
}
