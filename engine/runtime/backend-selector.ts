import type { Backend } from '../backends/backend.js';
import type { StepSpec } from '../graph/flow-graph.js';
import type { StepOptions } from './step-options.js';

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
}

/** Every step on one backend (tests, benchmarks, and a run without per-step choices). */
export function singleBackend(backend: Backend): BackendSelector {
  return { name: backend.name, backendFor: () => backend, runFinished: async (runId) => backend.runFinished?.(runId) };
}

/** Accepts either a backend or a selector, so callers that have one backend need not wrap it. */
export function asSelector(backend: Backend | BackendSelector): BackendSelector {
  return 'backendFor' in backend ? backend : singleBackend(backend);
}
