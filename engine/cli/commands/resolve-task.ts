import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import type { Pathspec } from '../../store/pathspec.js';
import type { TaskRecord } from '../../store/records.js';
import type { RunStore } from '../../store/run-store.js';

/**
 * The task a pathspec names: `Flow/Run/step/Task`, or `Flow/Run/step` when that step ran exactly
 * one task (as Metaflow's client allows).
 */
export async function resolveTask(store: RunStore, path: Pathspec): Promise<{ step: string; taskId: string; record: TaskRecord | null }> {
  await store.requireRun(path.flow, path.runId);
  if (!path.step) {
    throw new FlowbenchError(ErrorCode.badArgument, `${path.flow}/${path.runId} names a run; add a step (and a task id if the step ran several).`);
  }
  const ids = await store.listTaskIds(path.flow, path.runId, path.step);
  const where = `${path.flow}/${path.runId}/${path.step}`;
  if (ids.length === 0) throw new FlowbenchError(ErrorCode.notFound, `${where}: the step ran no task in this run.`);
  let taskId = path.taskId;
  if (taskId === undefined) {
    if (ids.length > 1) {
      throw new FlowbenchError(ErrorCode.badArgument, `${where} ran ${ids.length} tasks (${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}); name one: ${where}/${ids[0]}.`);
    }
    taskId = ids[0]!;
  } else if (!ids.includes(taskId)) {
    throw new FlowbenchError(ErrorCode.notFound, `${where}/${taskId} does not exist. Tasks of that step: ${ids.join(', ')}.`);
  }
  const record = await store.readJson<TaskRecord>(`${store.taskPrefix(path.flow, path.runId, path.step, taskId)}/task.json`);
  return { step: path.step, taskId, record };
}
