/** What the canvas needs to know about a step: its kind, its outgoing edges and their labels. */
import type { FlowGraph } from '../../../engine/graph/flow-graph.js';
import { analyzeGraph, type StepKind } from '../../../engine/graph/structure.js';

/** A step's outgoing edges, as the engine's layout reads them too. */
export { successors, type Successor } from '../../../engine/graph/structure.js';

/** A step's kind as the engine reads it (a split's kind wins over start and join). */
export type NodeKind = StepKind;

/** Every step's kind, from the engine's own analysis of the graph (lint and the scheduler use it too). */
export function stepKinds(graph: FlowGraph): ReadonlyMap<string, NodeKind> {
  return new Map([...analyzeGraph(graph).steps.values()].map((s) => [s.name, s.kind]));
}
