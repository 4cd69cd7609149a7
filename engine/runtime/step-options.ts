import type { DecoratorSpec, PyValue, StepSpec } from '../graph/flow-graph.js';

/** What the scheduler needs from a step's decorators. */
export interface StepOptions {
  /** Extra attempts after the first (`@retry(times=N)`; Metaflow's default N is 3). */
  readonly retries: number;
  readonly retryDelayMs: number;
  /** `@timeout`: the whole attempt's limit, or null. */
  readonly timeoutMs: number | null;
  /** `@catch(var=...)`: present when failures are caught. */
  readonly catch: { readonly var: string | null; readonly printException: boolean } | null;
  /** `@environment(vars={...})`. */
  readonly environment: { readonly [name: string]: string };
  /** `@resources(cpu=, memory=, gpu=)` (enforced by container backends). */
  readonly resources: { readonly cpu: number | null; readonly memoryMiB: number | null; readonly gpu: number | null };
  /** `@docker(image=...)`. */
  readonly image: string | null;
  /** `@docker(image=..., host=...)`: the step runs in a container (on host NAME when given). */
  readonly docker: { readonly image: string | null; readonly host: string | null } | null;
}

function decorator(step: StepSpec, name: string): DecoratorSpec | undefined {
  return step.decorators.find((d) => d.name === name);
}

function numberArg(d: DecoratorSpec | undefined, name: string, position = -1): number | null {
  if (!d) return null;
  const value: PyValue | undefined = d.args[name] ?? (position >= 0 ? d.positional[position] : undefined);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return null;
}

function stringArg(d: DecoratorSpec | undefined, name: string): string | null {
  const value = d?.args[name];
  return typeof value === 'string' ? value : null;
}

/**
 * Reads a step's decorators into scheduler settings, with Metaflow's defaults. A `@docker(image=)`
 * on the flow class is the image of every step that runs in a container without naming its own;
 * it does not by itself send steps to Docker (the run's backend decides).
 *
 * @example stepOptions(graph.steps[1], graph.flowDecorators).retries // 3 for a bare @retry
 */
export function stepOptions(step: StepSpec, flowDecorators: readonly DecoratorSpec[] = []): StepOptions {
  const retry = decorator(step, 'retry');
  const timeout = decorator(step, 'timeout');
  const caught = decorator(step, 'catch');
  const env = decorator(step, 'environment');
  const resources = decorator(step, 'resources');
  const docker = decorator(step, 'docker');
  const flowImage = stringArg(flowDecorators.find((d) => d.name === 'docker'), 'image');

  let timeoutSeconds: number | null = null;
  if (timeout) {
    timeoutSeconds =
      (numberArg(timeout, 'seconds') ?? 0) + (numberArg(timeout, 'minutes') ?? 0) * 60 + (numberArg(timeout, 'hours') ?? 0) * 3600;
    if (timeoutSeconds <= 0) timeoutSeconds = null;
  }

  const environment: Record<string, string> = {};
  const vars = env?.args['vars'];
  if (vars && typeof vars === 'object' && !Array.isArray(vars) && !('expr' in vars)) {
    for (const [key, value] of Object.entries(vars as Record<string, PyValue>)) {
      if (value !== null && typeof value !== 'object') environment[key] = String(value);
    }
  }

  return {
    retries: retry ? Math.max(0, numberArg(retry, 'times', 0) ?? 3) : 0,
    retryDelayMs: retry ? Math.max(0, numberArg(retry, 'minutes_between_retries', 1) ?? 2) * 60_000 : 0,
    timeoutMs: timeoutSeconds === null ? null : timeoutSeconds * 1000,
    catch: caught ? { var: stringArg(caught, 'var'), printException: caught.args['print_exception'] !== false } : null,
    environment,
    resources: {
      cpu: numberArg(resources, 'cpu'),
      memoryMiB: numberArg(resources, 'memory'),
      gpu: numberArg(resources, 'gpu'),
    },
    image: stringArg(docker, 'image') ?? flowImage,
    docker: docker ? { image: stringArg(docker, 'image') ?? flowImage, host: stringArg(docker, 'host') } : null,
  };
}
