import type { FlowGraph, ParameterSpec, ParseProblem, StepSpec } from './flow-graph.js';
import { readDottedName } from './call-args.js';
import { readDecorator } from './decorator.js';
import { findFlowClass, type ClassLines } from './flow-class.js';
import { LineIndex } from './line-index.js';
import { groupLogicalLines, type LogicalLine } from './logical-lines.js';
import { readParameter } from './parse-parameter.js';
import { isStepMethod, readDecorators, readStep, type MethodLines } from './parse-step.js';
import { checkLogicalLine } from './syntax-check.js';
import { TokenKind, tokenize } from './tokenizer.js';

/**
 * Reads a Metaflow-style flow file without running Python.
 *
 * Never throws and never validates: a syntax error becomes a `ParseProblem` with its line and
 * the rest of the file is still read (the class body is re-synchronised at every line that
 * starts at its indentation). What the flow means is for lint (`lintFlow`) to judge.
 *
 * @example
 * const graph = parseFlow(readFileSync('train_flow.py', 'utf8'));
 * graph.steps.map((step) => step.name); // ['start', 'train', 'end']
 */
export function parseFlow(source: string): FlowGraph {
  // 1. Tokens, then logical lines, each with what Python would reject.
  const index = new LineIndex(source);
  const tokenized = tokenize(source);
  const grouped = groupLogicalLines(tokenized.tokens, index);
  const problems: ParseProblem[] = [...tokenized.problems, ...grouped.problems];
  // A line the tokenizer already flagged (an unclosed bracket swallowing the next line) would
  // only echo that problem, so it is not checked again.
  const tokenProblemLines = new Set(tokenized.problems.map((problem) => problem.line));
  for (const line of grouped.lines) {
    const lastLine = line.tokens[line.tokens.length - 1]?.line ?? line.line;
    let flagged = false;
    for (let l = line.line; l <= lastLine && !flagged; l++) flagged = tokenProblemLines.has(l);
    const problem = flagged ? null : checkLogicalLine(line);
    if (problem) problems.push(problem);
  }
  const lines = grouped.lines;

  // 2. The flow class and what its body declares.
  const flowClass = findFlowClass(lines);
  const flow = flowClass ? readLineage(flowClass.lineage, lines, index, problems) : null;

  return {
    flowName: flowClass?.name ?? null,
    classSpan: flowClass ? index.span(flowClass.start, flowClass.end) : null,
    api: readApi(lines),
    flowDecorators: flowClass ? flowClass.decorators.map((line) => readDecorator(line, index)) : [],
    parameters: flow?.parameters ?? [],
    steps: flow?.steps ?? [],
    problems: oneProblemPerLine(problems),
  };
}

/** Which package the flow imports its API from: the first `flowbench`/`metaflow` import. */
function readApi(lines: readonly LogicalLine[]): FlowGraph['api'] {
  for (const { tokens } of lines) {
    const keyword = tokens[0]?.text;
    if (keyword !== 'from' && keyword !== 'import') continue;
    const root = readDottedName(tokens, 1).parts[0];
    if (root === 'flowbench' || root === 'metaflow') return root;
  }
  return 'unknown';
}

/**
 * Walks the class body member by member. A member starts at every line indented exactly like
 * the first body line; deeper lines belong to the member before. That re-synchronises after a
 * broken method, so one bad step does not hide the ones after it.
 */
function readClassBody(
  flowClass: ClassLines,
  lines: readonly LogicalLine[],
  index: LineIndex,
  problems: ParseProblem[],
): { parameters: ParameterSpec[]; steps: StepSpec[] } {
  const parameters: ParameterSpec[] = [];
  const steps: StepSpec[] = [];
  const stepLines = new Map<string, number>();
  const memberIndent = lines[flowClass.headerIndex + 1]?.indent;
  let decorators: LogicalLine[] = [];

  for (let i = flowClass.headerIndex + 1; i < flowClass.bodyEnd; i++) {
    const line = lines[i] as LogicalLine;
    if (line.indent !== memberIndent) continue;
    const keyword = line.tokens[0]?.text === 'async' ? line.tokens[1]?.text : line.tokens[0]?.text;
    if (keyword === '@' && line.tokens[0]?.kind === TokenKind.op) {
      decorators.push(line);
      continue;
    }
    if (keyword === 'def') {
      let bodyEnd = i + 1;
      while (bodyEnd < flowClass.bodyEnd && (lines[bodyEnd] as LogicalLine).indent !== memberIndent) bodyEnd++;
      const method: MethodLines = { decorators, header: line, body: lines.slice(i + 1, bodyEnd) };
      const specs = readDecorators(method, index);
      const step = isStepMethod(specs) ? readStep(method, specs, index, problems) : null;
      if (step) addStep(step, steps, stepLines, problems);
      decorators = [];
      i = bodyEnd - 1;
      continue;
    }
    if (decorators.length > 0) {
      problems.push({ line: line.line, message: 'invalid syntax: a decorator must be followed by "def"' });
      decorators = [];
    }
    const parameter = readParameter(line, index);
    if (parameter) parameters.push(parameter);
  }
  return { parameters, steps };
}

/**
 * The members of the flow class and of its in-file bases (most basic first): a step or parameter
 * defined again in a more derived class replaces the inherited one. Listed in source order.
 */
function readLineage(
  lineage: readonly ClassLines[],
  lines: readonly LogicalLine[],
  index: LineIndex,
  problems: ParseProblem[],
): { parameters: ParameterSpec[]; steps: StepSpec[] } {
  const steps = new Map<string, StepSpec>();
  const parameters = new Map<string, ParameterSpec>();
  for (const cls of lineage) {
    const members = readClassBody(cls, lines, index, problems);
    for (const step of members.steps) steps.set(step.name, step);
    for (const parameter of members.parameters) parameters.set(parameter.attribute, parameter);
  }
  const bySource = (a: { span: { startOffset: number } }, b: { span: { startOffset: number } }): number => a.span.startOffset - b.span.startOffset;
  return { steps: [...steps.values()].sort(bySource), parameters: [...parameters.values()].sort(bySource) };
}

function addStep(step: StepSpec, steps: StepSpec[], stepLines: Map<string, number>, problems: ParseProblem[]): void {
  const line = step.nameSpan.startLine;
  const firstLine = stepLines.get(step.name);
  if (firstLine !== undefined) {
    problems.push({
      line,
      message: `Step "${step.name}" is already defined on line ${firstLine}; rename this one (the first definition is used).`,
    });
    return;
  }
  stepLines.set(step.name, line);
  steps.push(step);
}

/** Sorted by line; after the first problem on a line, the others are usually its echoes. */
function oneProblemPerLine(problems: readonly ParseProblem[]): ParseProblem[] {
  const seen = new Set<number>();
  const result: ParseProblem[] = [];
  for (const problem of problems) {
    if (seen.has(problem.line)) continue;
    seen.add(problem.line);
    result.push(problem);
  }
  return result.sort((a, b) => a.line - b.line);
}
