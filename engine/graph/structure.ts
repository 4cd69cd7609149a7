import type { FlowGraph, StepSpec } from './flow-graph.js';

/**
 * The shape of a flow's graph: who leads where, which join closes which split. Shared by lint
 * (which judges it) and the scheduler (which needs parents and join matching to run it).
 *
 * Follows Metaflow's semantics: a branch or foreach opens a split that exactly one join (a step
 * taking `inputs`) must close, innermost first; a switch opens nothing, its cases meet again at
 * a common step without a join, and a switch may loop back. `end` has no successors: whatever
 * its `self.next` names is ignored here (lint reports it).
 */

export const StepKind = {
  start: 'start',
  end: 'end',
  linear: 'linear',
  branch: 'branch',
  foreach: 'foreach',
  switch: 'switch',
  join: 'join',
} as const;
export type StepKind = (typeof StepKind)[keyof typeof StepKind];

export interface SplitClosure {
  /** The branch or foreach step whose paths meet here. */
  readonly split: string;
  readonly foreach: boolean;
}

export interface StepStructure {
  readonly name: string;
  /** Like Metaflow's node type: a split's kind wins over start and join. */
  readonly kind: StepKind;
  /** Steps whose `self.next` names this one, in source order. */
  readonly parents: readonly string[];
  /** Existing steps this one's `self.next` names, without duplicates. */
  readonly children: readonly string[];
  /** Reachable from `start`. */
  readonly reachable: boolean;
  /**
   * The split this step closes: it is where that split's paths meet. Set for a join, and also
   * for a step where branches meet that forgot to take `inputs` (lint reports that).
   */
  readonly closes: SplitClosure | null;
  /** Splits still open while this step runs, outermost first. Empty when unreachable. */
  readonly openSplits: readonly string[];
}

export interface SplitStructure {
  readonly split: string;
  readonly foreach: boolean;
  /** The steps its paths start with (the targets of its `self.next`). */
  readonly paths: readonly string[];
  /** Steps that close this split, each with the paths that arrive there. Balanced: one, with every path. */
  readonly joins: readonly { readonly step: string; readonly paths: readonly string[] }[];
  /** Steps where this split's paths run into paths of another split, or reach `end` still open. */
  readonly tangledAt: readonly string[];
}

/** A cycle made without a switch edge: `steps` runs from `to` around to `from`, whose `self.next` closes it. */
export interface Cycle {
  readonly from: string;
  readonly to: string;
  readonly steps: readonly string[];
}

export interface GraphStructure {
  readonly steps: ReadonlyMap<string, StepStructure>;
  readonly splits: ReadonlyMap<string, SplitStructure>;
  /** Cycles with no switch edge in them; only a switch may loop. */
  readonly cycles: readonly Cycle[];
}

interface Frame {
  readonly split: string;
  /** The first step of the split's path this frame is on. */
  readonly path: string;
}

interface MutableSplit {
  split: string;
  foreach: boolean;
  paths: string[];
  joins: { step: string; paths: string[] }[];
  tangledAt: string[];
}

/** One outgoing edge of a step as the canvas draws it. */
export interface Successor {
  readonly to: string;
  /** The foreach variable or the switch case value, shown on the edge. */
  readonly label?: string;
  readonly kind: 'linear' | 'branch' | 'foreach' | 'switch';
}

/** A step's outgoing edges in written order (a switch's in the order of its cases). */
export function successors(step: StepSpec): Successor[] {
  const t = step.transition;
  switch (t.kind) {
    case 'linear':
      return [{ to: t.targets[0], kind: 'linear' }];
    case 'branch':
      return t.targets.map((to) => ({ to, kind: 'branch' as const }));
    case 'foreach':
      return [{ to: t.targets[0], kind: 'foreach', label: t.foreach ?? t.foreachExpr ?? 'foreach' }];
    case 'switch':
      return Object.entries(t.cases).map(([value, to]) => ({ to, kind: 'switch' as const, label: value }));
    case 'end':
      return [];
  }
}

/**
 * Analyses the graph's structure. Pure, linear in steps and edges.
 *
 * @example
 * const structure = analyzeGraph(parseFlow(source));
 * structure.steps.get('join')?.closes; // { split: 'start', foreach: false }
 */
export function analyzeGraph(graph: FlowGraph): GraphStructure {
  const byName = new Map(graph.steps.map((step) => [step.name, step]));
  const children = new Map(graph.steps.map((step) => [step.name, childrenOf(step, byName)]));
  const parents = new Map<string, string[]>(graph.steps.map((step) => [step.name, []]));
  for (const step of graph.steps) {
    for (const child of children.get(step.name) ?? []) parents.get(child)?.push(step.name);
  }

  // 1. Depth-first from start: reachable steps, a topological order, and the loop edges.
  const order: string[] = [];
  const backEdges = new Set<string>();
  const visited = new Set<string>();
  const onPath = new Set<string>();
  const visit = (name: string): void => {
    visited.add(name);
    onPath.add(name);
    // Children in reverse, so the reverse postorder below lists earlier branches first.
    for (const child of [...(children.get(name) ?? [])].reverse()) {
      if (onPath.has(child)) backEdges.add(edgeKey(name, child));
      else if (!visited.has(child)) visit(child);
    }
    onPath.delete(name);
    order.push(name);
  };
  if (byName.has('start')) visit('start');
  order.reverse();

  // 2. Open splits along the way, in topological order so every forward parent is done first.
  const splits = new Map<string, MutableSplit>();
  for (const step of graph.steps) {
    const kind = step.transition.kind;
    if (kind === 'branch' || kind === 'foreach') {
      const paths = children.get(step.name) ?? [];
      splits.set(step.name, { split: step.name, foreach: kind === 'foreach', paths, joins: [], tangledAt: [] });
    }
  }
  const contexts = new Map<string, readonly Frame[]>();
  const closes = new Map<string, SplitClosure>();
  for (const name of order) {
    const step = byName.get(name) as StepSpec;
    const arrivals: (readonly Frame[])[] = name === 'start' ? [[]] : [];
    for (const parent of parents.get(name) ?? []) {
      const parentContext = contexts.get(parent);
      if (!parentContext || backEdges.has(edgeKey(parent, name))) continue;
      arrivals.push(splits.has(parent) ? [...parentContext, { split: parent, path: name }] : parentContext);
    }
    contexts.set(name, arrive(step, arrivals, splits, closes));
  }

  const structure = new Map<string, StepStructure>();
  for (const step of graph.steps) {
    const closure = closes.get(step.name) ?? null;
    structure.set(step.name, {
      name: step.name,
      kind: kindOf(step, closure),
      parents: parents.get(step.name) ?? [],
      children: children.get(step.name) ?? [],
      reachable: visited.has(step.name),
      closes: closure,
      openSplits: (contexts.get(step.name) ?? []).map((frame) => frame.split),
    });
  }
  return { steps: structure, splits, cycles: findCycles(graph, children, byName) };
}

/**
 * Works out the open splits at a step from what its parents pass in, and whether it closes one.
 * Arrivals agree on a common prefix of splits; frames past it belong to splits that were not
 * closed where they should have been ("tangled"), and the step goes on with the prefix.
 */
function arrive(
  step: StepSpec,
  arrivals: readonly (readonly Frame[])[],
  splits: Map<string, MutableSplit>,
  closes: Map<string, SplitClosure>,
): readonly Frame[] {
  const [first = []] = arrivals;
  let common = first.length;
  for (const arrival of arrivals) {
    let i = 0;
    while (i < common && i < arrival.length && arrival[i]?.split === first[i]?.split) i++;
    common = i;
  }
  for (const arrival of arrivals) {
    for (const frame of arrival.slice(common)) {
      const split = splits.get(frame.split);
      if (split && !split.tangledAt.includes(step.name)) split.tangledAt.push(step.name);
    }
  }
  const prefix = first.slice(0, common);
  const top = prefix[prefix.length - 1];
  if (step.name === 'end') {
    // `end` never joins: a split still open here was never closed.
    for (const frame of prefix) {
      const split = splits.get(frame.split);
      if (split && !split.tangledAt.includes(step.name)) split.tangledAt.push(step.name);
    }
    return prefix;
  }
  if (!top) return prefix;
  const paths = [...new Set(arrivals.map((arrival) => (arrival[common - 1] as Frame).path))];
  // A join closes the innermost split; so does a step where that split's paths meet without `inputs`.
  if (!step.isJoin && paths.length < 2) return prefix;
  const split = splits.get(top.split) as MutableSplit;
  split.joins.push({ step: step.name, paths });
  closes.set(step.name, { split: top.split, foreach: split.foreach });
  return prefix.slice(0, -1);
}

function childrenOf(step: StepSpec, byName: ReadonlyMap<string, StepSpec>): string[] {
  if (step.name === 'end' || step.transition.kind === 'end') return [];
  return [...new Set(step.transition.targets)].filter((target) => byName.has(target));
}

function kindOf(step: StepSpec, closure: SplitClosure | null): StepKind {
  if (step.name === 'end') return StepKind.end;
  const transition = step.transition.kind;
  if (transition === 'branch' || transition === 'foreach' || transition === 'switch') return transition;
  if (step.name === 'start') return StepKind.start;
  return closure || step.isJoin ? StepKind.join : StepKind.linear;
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** Cycles over every edge except a switch's: depth-first from each step, in source order. */
function findCycles(
  graph: FlowGraph,
  children: ReadonlyMap<string, readonly string[]>,
  byName: ReadonlyMap<string, StepSpec>,
): Cycle[] {
  const cycles: Cycle[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): void => {
    path.push(name);
    const isSwitch = byName.get(name)?.transition.kind === 'switch';
    for (const child of isSwitch ? [] : (children.get(name) ?? [])) {
      const at = path.indexOf(child);
      if (at !== -1) cycles.push({ from: name, to: child, steps: path.slice(at) });
      else if (!done.has(child)) visit(child);
    }
    path.pop();
    done.add(name);
  };
  for (const step of graph.steps) if (!done.has(step.name)) visit(step.name);
  return cycles;
}
