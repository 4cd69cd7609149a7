import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { loadFlowForRun } from '../../flows/load-flow.js';
import { latestResumableRun } from '../../runtime/resume-plan.js';
import { startRun, type EngineContext, type StartRunRequest } from '../../runtime/start-run.js';
import type { CliOutput } from '../output.js';
import { printProgress } from '../progress.js';

export interface RunCommand {
  readonly flowPath: string;
  readonly parameters: { readonly [name: string]: string };
  readonly tags: readonly string[];
  readonly maxWorkers?: number;
  readonly maxNumSplits?: number;
  readonly json: boolean;
  readonly resume?: { readonly runId?: string; readonly fromStep?: string };
}

/** `--param NAME=VALUE` pairs → a map; a malformed pair is refused naming it. */
export function parseParameterPairs(pairs: readonly string[]): { [name: string]: string } {
  const values: { [name: string]: string } = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new FlowbenchError(ErrorCode.badParameter, `--param ${pair}: write it as NAME=VALUE.`);
    values[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return values;
}

/**
 * `flowbench run` and `flowbench resume`: progress on stderr; with --json, stdout is exactly one
 * object `{flow, run, pathspec, status}`. Ctrl-C cancels (a second Ctrl-C leaves at once).
 * Returns the exit code: 0 only when the run succeeded.
 */
export async function runCommand(engine: EngineContext, command: RunCommand, output: CliOutput): Promise<number> {
  const flow = await loadFlowForRun(command.flowPath);
  for (const warning of flow.warnings) output.err(`${command.flowPath}:${warning.line}: warning: ${warning.message}`);
  const flowName = flow.graph.flowName!;

  let resume: StartRunRequest['resume'];
  if (command.resume) {
    const runId = command.resume.runId ?? (await latestResumableRun(engine.store, flowName, engine.user));
    resume = { originRunId: runId, ...(command.resume.fromStep ? { fromStep: command.resume.fromStep } : {}) };
  }

  const run = await startRun(engine, {
    flow,
    parameters: command.parameters,
    tags: command.tags,
    ...(command.maxWorkers !== undefined ? { maxWorkers: command.maxWorkers } : {}),
    ...(command.maxNumSplits !== undefined ? { maxNumSplits: command.maxNumSplits } : {}),
    ...(resume ? { resume } : {}),
  });
  run.subscribe((event) => printProgress(event, output, run.pathspec));

  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    if (interrupts === 1) {
      output.err('Cancelling: stopping running tasks (Ctrl-C again to leave at once)…');
      run.cancel();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    const result = await run.done;
    if (command.json) output.out(JSON.stringify({ flow: result.flow, run: result.runId, pathspec: result.pathspec, status: result.status }));
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
