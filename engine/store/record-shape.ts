import type { RunRecord } from './records.js';
import { runIdTime } from './run-id.js';

/**
 * Enough of a check that a record read back is the kind of object it claims to be: a file that
 * parses as JSON but is not a record (truncated to `1`, replaced by hand) is reported as damaged
 * instead of crashing the code that reads its fields.
 */

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isRunRecord(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value['flow'] === 'string' &&
    typeof value['runId'] === 'string' &&
    typeof value['startedAt'] === 'string' &&
    Array.isArray(value['tags']) &&
    isObject(value['engine']) &&
    typeof value['engine']['host'] === 'string'
  );
}

export function isEndRecord(value: unknown): boolean {
  return isObject(value) && typeof value['status'] === 'string' && typeof value['finishedAt'] === 'string';
}

export function isHeartbeat(value: unknown): boolean {
  return isObject(value) && typeof value['at'] === 'string';
}

/** What a run's folder tells when its run.json cannot be read: names, and the time its id encodes. */
export function placeholderRecord(flow: string, runId: string): RunRecord {
  const started = runIdTime(runId);
  return {
    version: 1,
    flow,
    runId,
    flowFile: '',
    codeSha: '',
    user: 'unknown',
    tags: [],
    parameters: {},
    startedAt: started === null ? '' : new Date(started).toISOString(),
    backend: 'unknown',
    maxWorkers: 0,
    engine: { host: '', pid: 0 },
  };
}

