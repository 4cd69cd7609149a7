import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { FlowGraph } from '../graph/flow-graph.js';
import { analyzeGraph } from '../graph/index.js';
import type { SplitFrame, TaskRecord } from '../store/records.js';
import type { RunStore } from '../store/run-store.js';
import { positionKey } from './split-stack.js';

/**
 * Which tasks a resumed run reuses. Every step from `fromStep` on (it and everything reachable
 * from it) runs again; a task of any other step whose position (step and split indices) matches
 * a successful task of the origin run is cloned from it instead of run.
 */
export class ResumePlan {
  private readonly rerun = new Set<string>();
  private readonly available = new Map<string, TaskRecord[]>();

  constructor(graph: FlowGraph, fromStep: string, originTasks: readonly TaskRecord[]) {
    const structure = analyzeGraph(graph).steps;
    const pending = [fromStep];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (this.rerun.has(name)) continue;
      this.rerun.add(name);
      pending.push(...(structure.get(name)?.children ?? []));
    }
    for (const task of originTasks) {
      if (task.status !== 'succeeded') continue;
      const key = positionKey(task.step, task.splitStack);
      const list = this.available.get(key) ?? [];
      list.push(task);
      this.available.set(key, list);
    }
  }

  /** The origin task to reuse for a task about to run, if any (each origin task is used once). */
  cloneFor(step: string, stack: readonly SplitFrame[]): TaskRecord | undefined {
    if (this.rerun.has(step)) return undefined;
    return this.available.get(positionKey(step, stack))?.shift();
  }
}

/**
 * Finds the step a resume starts from: the one given, else the earliest step whose task failed
 * (or was still running when its engine died) in the origin run.
 */
export async function resumeStartStep(
  store: RunStore,
  graph: FlowGraph,
  flow: string,
  originRunId: string,
  fromStep: string | undefined,
): Promise<{ fromStep: string; originTasks: TaskRecord[] }> {
  const origin = await store.requireRun(flow, originRunId);
  const originTasks = await store.listTasks(flow, originRunId);
  const stepNames = graph.steps.map((s) => s.name);
  if (fromStep !== undefined) {
    if (!stepNames.includes(fromStep)) {
      throw new FlowbenchError(ErrorCode.badArgument, `--from ${fromStep}: ${flow} has no step "${fromStep}". Its steps are: ${stepNames.join(', ')}.`);
    }
    return { fromStep, originTasks };
  }
  // Failed steps first; tasks that were only stopped because of them (cancelled) come next.
  const unfinished = new Set<string>(origin.end?.failedSteps ?? []);
  for (const task of originTasks) if (task.status === 'failed') unfinished.add(task.step);
  if (unfinished.size === 0) for (const task of originTasks) if (task.status !== 'succeeded') unfinished.add(task.step);
  if (unfinished.size === 0 && origin.status !== 'succeeded') {
    // The engine died mid-run: the tasks it was running have attempts but no task record.
    for (const step of stepNames) {
      const ids = await store.listTaskIds(flow, originRunId, step);
      if (ids.some((id) => !originTasks.some((t) => t.step === step && t.taskId === id))) unfinished.add(step);
    }
  }
  if (unfinished.size === 0) {
    throw new FlowbenchError(
      ErrorCode.badArgument,
      origin.status === 'succeeded'
        ? `Run ${flow}/${originRunId} succeeded: there is nothing to resume. Use --from STEP to run it again from a step.`
        : `Run ${flow}/${originRunId} has no failed step to resume from. Use --from STEP.`,
    );
  }
  // The earliest by start time among the unfinished steps' tasks; source order breaks ties.
  const firstStart = (step: string): string =>
    originTasks.filter((t) => t.step === step).map((t) => t.startedAt).sort()[0] ?? '\uffff';
  const ordered = [...unfinished].sort((a, b) => firstStart(a).localeCompare(firstStart(b)) || stepNames.indexOf(a) - stepNames.indexOf(b));
  return { fromStep: ordered[0]!, originTasks };
}

/**
 * The run `flowbench resume FLOW.py` resumes when given no run id: the newest run of this
 * flow by this user that can be resumed (it failed or was cancelled) — never a teammate's run
 * pulled into the store, never one that succeeded or is still running.
 */
export async function latestResumableRun(store: RunStore, flow: string, user: string): Promise<string> {
  const runs = await store.listRuns(flow);
  const mine = runs.filter((run) => run.record.user === user);
  const resumable = mine.find((run) => run.status === 'failed' || run.status === 'cancelled');
  if (resumable) return resumable.record.runId;
  const why = mine.length === 0
    ? `${flow} has no runs by ${user}${runs.length ? ` (${runs.length} by others: name one to resume it)` : ''}`
    : `none of ${user}'s ${mine.length} run${mine.length === 1 ? '' : 's'} of ${flow} failed or was cancelled (newest: ${mine[0]!.record.runId}, ${mine[0]!.status})`;
  throw new FlowbenchError(ErrorCode.notFound, `Nothing to resume: ${why}. Give a run id, and --from STEP to re-run a succeeded run from a step.`);
}
