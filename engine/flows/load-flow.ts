import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { FlowGraph } from '../graph/flow-graph.js';
import { parseFlow } from '../graph/index.js';
import { lintFlow, type LintFinding } from '../lint/index.js';

export interface LoadedFlow {
  readonly flowFile: string;
  readonly source: string;
  readonly graph: FlowGraph;
  /** Warnings only: a flow with an error-level finding does not load for running. */
  readonly warnings: readonly LintFinding[];
}

/**
 * Reads a flow file for running: parses it and refuses it with the first problem, located at
 * its line (a syntax error, a missing flow class, a lint error). A person fixes one thing at a
 * time, so one problem is reported, the first in the file.
 */
export async function loadFlowForRun(path: string): Promise<LoadedFlow> {
  const flowFile = resolve(path);
  let source: string;
  try {
    source = await readFile(flowFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlowbenchError(
      ErrorCode.fileNotFound,
      code === 'ENOENT' ? `${path}: no such file.` : `${path}: cannot be read (${(error as Error).message}).`,
      { file: path, cause: error },
    );
  }
  const graph = parseFlow(source);
  const syntax = graph.problems[0];
  if (syntax) {
    throw new FlowbenchError(ErrorCode.syntax, `${path}:${syntax.line}: ${syntax.message}`, { file: path, line: syntax.line });
  }
  if (!graph.flowName) {
    throw new FlowbenchError(ErrorCode.noFlow, `${path}: no flow found: define a class that derives from FlowSpec.`, { file: path });
  }
  const findings = lintFlow(graph);
  const error = findings.find((finding) => finding.severity === 'error');
  if (error) {
    throw new FlowbenchError(ErrorCode.lint, `${path}:${error.line}: ${error.message}`, { file: path, line: error.line });
  }
  return { flowFile, source, graph, warnings: findings };
}
