import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { RunStore } from '../store/run-store.js';
import { parseExactJson } from '../util/exact-json.js';
import type { ParameterValues } from './parameters.js';

/**
 * A run's parameters exactly as recorded (an integer beyond 2^53, a float 2.0 stay themselves),
 * which `RunStore.readJson` would round through JS numbers. Its own module, not resume-plan.ts
 * (which parses flows), so `flowbench show` loads no flow parser.
 */
export async function readRunParameters(store: RunStore, flow: string, runId: string): Promise<ParameterValues> {
  const bytes = await store.storage.get(`${store.runPrefix(flow, runId)}/run.json`);
  if (bytes === null) throw new FlowbenchError(ErrorCode.notFound, `Run ${flow}/${runId} does not exist in ${store.root}.`);
  const record = parseExactJson(Buffer.from(bytes).toString('utf8')) as { parameters?: ParameterValues };
  return record.parameters ?? {};
}
