import type { Backend, PythonInterpreter } from '../backends/backend.js';
import type { FlowGraph, StepSpec } from '../graph/flow-graph.js';
import { stepOptions, type StepOptions } from './step-options.js';

/**
 * Which backend runs a step. The run has a default (`--backend`), and a step may ask for another
 * (`@docker` runs it in Docker even when the run is local). The scheduler asks per task; the
 * entry point's composition root decides (see engine/composition/backend-choice.ts).
 */
export interface BackendSelector {
  /** The run's default backend name, recorded on the run. */
  readonly name: string;
  backendFor(step: StepSpec, options: StepOptions): Backend;
  /** Passes `Backend.runFinished` on to every backend the run used. */
  runFinished?(runId: string): Promise<void>;
  /** Starts what the run's first task will need (a warm worker for the checked-out flow file). */
  prewarm?(flowFile: string): void;
}

/** Every step on one backend (tests, benchmarks, and a run without per-step choices). */
export function singleBackend(backend: Backend): BackendSelector {
  return { name: backend.name, backendFor: () => backend, runFinished: async (runId) => backend.runFinished?.(runId) };
}

/** Accepts either a backend or a selector, so callers that have one backend need not wrap it. */
export function asSelector(backend: Backend | BackendSelector): BackendSelector {
  return 'backendFor' in backend ? backend : singleBackend(backend);
}

/**
 * The interpreter of a run's local tasks, for its record: asked of each backend the run's steps
 * use that runs tasks with this machine's Python (null for an all-Docker run, or when the
 * interpreter cannot start — its tasks then say so themselves).
 */
export async function localInterpreter(selector: Backend | BackendSelector, graph: FlowGraph): Promise<PythonInterpreter | null> {
  const backends = asSelector(selector);
  const used = new Set<Backend>();
  for (const step of graph.steps) {
    try {
      used.add(backends.backendFor(step, stepOptions(step, graph.flowDecorators)));
    } catch {
      // A step whose backend cannot be made says so when it runs.
    }
  }
  for (const backend of used) {
    if (backend.interpreter) return backend.interpreter().catch(() => null);
  }
  return null;
}
