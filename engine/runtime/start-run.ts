import { availableParallelism } from 'node:os';
import type { Backend } from '../backends/backend.js';
import type { BackendSelector } from './backend-selector.js';
import type { LoadedFlow } from '../flows/load-flow.js';
import type { RunStore } from '../store/run-store.js';
import { FlowRun } from './flow-run.js';
import { resolveParameters } from './parameters.js';
import { resumeStartStep } from './resume-plan.js';

export interface StartRunRequest {
  readonly flow: LoadedFlow;
  /** Parameter values as typed by a person (strings), converted to the declared types here. */
  readonly parameters?: { readonly [name: string]: string };
  readonly tags?: readonly string[];
  readonly maxWorkers?: number;
  readonly maxNumSplits?: number;
  /** Resume this run of the same flow, from `fromStep` or from its failed step. */
  readonly resume?: { readonly originRunId: string; readonly fromStep?: string };
}

export interface EngineContext {
  readonly store: RunStore;
  readonly backend: Backend | BackendSelector;
  readonly user: string;
}

/**
 * Starts a run (or a resume) of a loaded flow. Everything that can be wrong with the request
 * (an unknown parameter, a bad value, a run to resume that does not exist) is refused here,
 * before anything runs.
 */
export async function startRun(engine: EngineContext, request: StartRunRequest): Promise<FlowRun> {
  const { flow } = request;
  const flowName = flow.graph.flowName!;
  let parameters = resolveParameters(flow.graph, request.parameters ?? {});
  let resume;
  if (request.resume) {
    const { fromStep, originTasks } = await resumeStartStep(engine.store, flow.graph, flowName, request.resume.originRunId, request.resume.fromStep);
    // A resumed run keeps the origin's parameters (its cloned tasks were computed with them).
    const origin = await engine.store.requireRun(flowName, request.resume.originRunId);
    parameters = { ...origin.record.parameters, ...(request.parameters && Object.keys(request.parameters).length ? parameters : {}) };
    resume = { originRunId: request.resume.originRunId, fromStep, originTasks };
  }
  return FlowRun.start(engine, {
    flowFile: flow.flowFile,
    source: flow.source,
    graph: flow.graph,
    parameters,
    tags: request.tags ?? [],
    maxWorkers: Math.max(1, request.maxWorkers ?? availableParallelism()),
    ...(request.maxNumSplits !== undefined ? { maxNumSplits: request.maxNumSplits } : {}),
    ...(resume ? { resume } : {}),
  });
}
