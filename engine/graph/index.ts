/** The static flow parser: Python source in, FlowGraph out, plus the structure of that graph. */
export * from './flow-graph.js';
export { parseFlow } from './parse-flow.js';
export {
  analyzeGraph,
  StepKind,
  type Cycle,
  type GraphStructure,
  type SplitClosure,
  type SplitStructure,
  type StepStructure,
} from './structure.js';
