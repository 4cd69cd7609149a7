import { execFile } from 'node:child_process';
import { delimiter } from 'node:path';
import { defaultRuntimePath } from '../config/config.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { ParameterSpec, ParameterType } from '../graph/flow-graph.js';
import { parseExactJson } from '../util/exact-json.js';
import type { EvaluatedDefault } from './parameters.js';

/** This machine's Python, as the engine runs it outside tasks. */
export interface LocalPython {
  readonly python: string;
  /** The folder holding the `flowbench` package (default: the one beside the engine). */
  readonly runtimePath?: string;
}

interface Answer {
  readonly defaults?: { readonly [name: string]: { readonly value: unknown; readonly type: ParameterType | null; readonly callable: boolean; readonly skipped?: boolean } };
  readonly error?: string;
}

/**
 * Evaluates defaults written as code (`default=lambda ctx: ...`, `default=SOME_CONSTANT`) once,
 * at run start, by importing the run's snapshot of the flow in this machine's Python — where
 * Metaflow evaluates them too (the process that starts the run). Every task then gets the
 * values in its spec, so a default such as `time.time()` is the same in every step.
 *
 * @example await evaluateDefaults(python, { flowFile, flowClass: 'Train', user: 'ada', parameters: [seedSpec] })
 *   // { seed: { value: 1718000000, declaredType: 'int', callable: true } }
 */
export async function evaluateDefaults(
  python: LocalPython,
  request: {
    readonly flowFile: string;
    readonly flowClass: string;
    readonly user: string;
    readonly parameters: readonly ParameterSpec[];
    /** Parameters given a value: a default that is a function is not called for them. */
    readonly given?: readonly string[];
  },
): Promise<{ [name: string]: EvaluatedDefault }> {
  const names = request.parameters.map((p) => p.name);
  const payload = JSON.stringify({ flow_file: request.flowFile, flow_class: request.flowClass, flow_name: request.flowClass, username: request.user, names, given: request.given ?? [] });
  const env = { ...process.env, PYTHONPATH: [python.runtimePath ?? defaultRuntimePath(), process.env['PYTHONPATH']].filter(Boolean).join(delimiter), PYTHONDONTWRITEBYTECODE: '1' };
  const failed = (why: string): FlowbenchError =>
    new FlowbenchError(
      ErrorCode.badParameter,
      `The default of ${names.map((n) => `"${n}"`).join(', ')} is code, evaluated once at run start with ${python.python}, which failed: ${why}. ` +
        `Pass ${names.map((n) => `--param ${n}=VALUE`).join(' ')} or fix the default.`,
      { line: request.parameters[0]!.span.startLine },
    );
  const { stdout, stderr, error } = await new Promise<{ stdout: string; stderr: string; error: Error | null }>((resolve) =>
    execFile(python.python, ['-m', 'flowbench.resolve_defaults', payload], { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, out, errText) =>
      resolve({ stdout: out, stderr: errText, error: err }),
    ),
  );
  let answer: Answer;
  try {
    answer = parseExactJson(stdout.trim().split('\n').pop() ?? '') as Answer;
  } catch {
    throw failed(error ? `${error.message}${stderr.trim() ? ` (${stderr.trim().split('\n').pop()})` : ''}` : 'it printed no answer');
  }
  if (answer.error || !answer.defaults) throw failed(answer.error ?? 'no answer');
  const result: { [name: string]: EvaluatedDefault } = {};
  for (const [name, found] of Object.entries(answer.defaults)) {
    result[name] = { value: found.value, declaredType: found.type ?? null, callable: found.callable, ...(found.skipped ? { skipped: true } : {}) };
  }
  return result;
}
