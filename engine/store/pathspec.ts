import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';

export interface Pathspec {
  readonly flow: string;
  readonly runId: string;
  readonly step?: string;
  readonly taskId?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RUN_ID = /^[A-Za-z0-9_-]+$/;
const TASK_ID = /^[0-9]+$/;

/**
 * Reads `Flow/RunId`, `Flow/RunId/step` or `Flow/RunId/step/TaskId` (Metaflow's pathspecs).
 * Each part is checked, so a pathspec can never name a path outside the store.
 */
export function parsePathspec(text: string): Pathspec {
  const parts = text.split('/');
  const [flow, runId, step, taskId] = parts;
  const bad = (why: string): never => {
    throw new FlowbenchError(ErrorCode.badArgument, `"${text}" is not a pathspec (${why}); write Flow/RunId, Flow/RunId/step or Flow/RunId/step/TaskId.`);
  };
  if (parts.length < 2 || parts.length > 4) bad('wrong number of parts');
  if (!NAME.test(flow!)) bad('the flow name');
  if (!RUN_ID.test(runId!)) bad('the run id');
  if (step !== undefined && !NAME.test(step)) bad('the step name');
  if (taskId !== undefined && !TASK_ID.test(taskId)) bad('the task id');
  return { flow: flow!, runId: runId!, ...(step !== undefined ? { step } : {}), ...(taskId !== undefined ? { taskId } : {}) };
}
