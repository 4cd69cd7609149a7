import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../backends/backend.js';
import { defaultPython } from '../config/config.js';
import type { LoadedFlow } from '../flows/load-flow.js';
import type { RunStore } from '../store/run-store.js';
import { asSelector, localInterpreter, type BackendSelector } from './backend-selector.js';
import { checkoutCode, snapshotCode } from './code-package.js';
import { evaluateDefaults, type LocalPython } from './evaluate-defaults.js';
import { FlowRun } from './flow-run.js';
import { checkParameterNames, parametersToEvaluate, resolveParameters, type ParameterValues } from './parameters.js';
import { resumeStartStep } from './resume-plan.js';
import { readRunParameters } from './run-parameters.js';

export interface StartRunRequest {
  readonly flow: LoadedFlow;
  /**
   * Parameter values: text as typed on a command line, or values a form has already typed;
   * either way converted to the declared types here (parameters.ts).
   */
  readonly parameters?: { readonly [name: string]: unknown };
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
  /** The Python that evaluates defaults written as code (default: the configured defaults). */
  readonly python?: LocalPython;
}

/**
 * Starts a run (or a resume) of a loaded flow. Everything that can be wrong with the request
 * (an unknown parameter, a bad value, a run to resume that does not exist, a flow folder too
 * large to snapshot) is refused here, before anything runs.
 *
 * 1. the origin of a resume: the step to start from, its tasks, its parameters as recorded;
 * 2. the code: the flow file as parsed and the modules beside it, snapshotted into the store
 *    and checked out, so every task runs this code whatever happens to the file meanwhile;
 * 3. the parameters, resolved once: given values, else the origin's, else defaults (code
 *    evaluated in Python, once).
 */
export async function startRun(engine: EngineContext, request: StartRunRequest): Promise<FlowRun> {
  const { flow } = request;
  const flowName = flow.graph.flowName!;
  const given = request.parameters ?? {};
  checkParameterNames(flow.graph, given);
  // Asked now, so the interpreter's answer comes while the code is snapshotted.
  const python = localInterpreter(engine.backend, flow.graph);

  // 1. a resume keeps the origin's parameters (its cloned tasks were computed with them)
  let resume;
  let origin: ParameterValues | undefined;
  if (request.resume) {
    const { fromStep, originTasks } = await resumeStartStep(engine.store, flow.graph, flowName, request.resume.originRunId, request.resume.fromStep);
    origin = await readRunParameters(engine.store, flowName, request.resume.originRunId);
    resume = { originRunId: request.resume.originRunId, fromStep, originTasks };
  }

  // 2. the code
  const pkg = await snapshotCode(engine.store, flow.flowFile, flow.source);
  const checkout = await checkoutCode(engine.store, pkg);
  // The interpreter of the first task starts while the parameters are resolved and the run starts.
  asSelector(engine.backend).prewarm?.(join(checkout.dir, ...checkout.entry.split('/')));

  // 3. the parameters
  const toEvaluate = parametersToEvaluate(flow.graph, origin);
  let evaluated = {};
  if (toEvaluate.length) {
    const evaluation = evaluateDefaults(engine.python ?? { python: defaultPython() }, {
      flowFile: `${checkout.dir}/${checkout.entry}`,
      flowClass: flowName,
      user: engine.user,
      parameters: toEvaluate,
      given: Object.keys(given),
    });
    // When every such parameter was given a value, Python was asked only for their types: if
    // it cannot import the flow here (its libraries live in a Docker image), the source's types do.
    const allGiven = toEvaluate.every((spec) => given[spec.name] !== undefined);
    evaluated = allGiven ? await evaluation.catch(() => ({})) : await evaluation;
  }
  const parameters = resolveParameters(flow.graph, given, { ...(origin ? { origin } : {}), evaluated });

  return FlowRun.start(engine, {
    flowFile: flow.flowFile,
    graph: flow.graph,
    code: { package: pkg, checkout },
    parameters,
    python,
    tags: request.tags ?? [],
    maxWorkers: Math.max(1, request.maxWorkers ?? availableParallelism()),
    ...(request.maxNumSplits !== undefined ? { maxNumSplits: request.maxNumSplits } : {}),
    ...(resume ? { resume } : {}),
  });
}
