import type { RunSummary } from '../api/contract.js';
import type { RunStatus } from '../store/records.js';
import { parseExactJson, toPlainJson } from '../util/exact-json.js';
import { jsonValue } from './json-values.js';
import type { RunIndex } from './run-index.js';

export interface RunFilter {
  readonly flow?: string | undefined;
  /** `user:<name>`, any tag, or `all`. */
  readonly namespace: string;
  /** Every one must be on the run. */
  readonly tags?: readonly string[] | undefined;
  readonly status?: RunStatus | undefined;
  readonly limit?: number | undefined;
}

/** A run as the index holds it: what the runs list, `flowbench runs --json` and compare show. */
export interface IndexedRun {
  readonly flow: string;
  readonly runId: string;
  readonly status: RunStatus;
  readonly statusNote: string | null;
  readonly user: string;
  readonly tags: string[];
  /** Numbers exact: an integer beyond ±2^53 is an `ExactNumber` (engine/util/exact-json.ts). */
  readonly parameters: { [name: string]: unknown };
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly origin: { runId: string; fromStep: string } | null;
  readonly message: string | null;
  readonly flowFile: string;
  readonly backend: string;
  readonly pulled: boolean;
  /** A run whose records cannot be read: which file, and why (RunStore.getRun). */
  readonly damaged: { file: string; message: string } | null;
}

const COLUMNS = 'flow, run_id, status, status_note, "user", tags, parameters, started_at, ended_at, origin_run_id, origin_step, message, flow_file, backend, pulled, damaged';

/**
 * Runs newest first, filtered in SQL (the query behind the runs list and `flowbench runs`).
 *
 * @example
 *   await listRuns(index, { namespace: 'user:ada', tags: ['exp:1'], status: 'succeeded', limit: 50 });
 */
export async function listRuns(index: RunIndex, filter: RunFilter): Promise<IndexedRun[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.flow !== undefined) {
    where.push('flow = ?');
    params.push(filter.flow);
  }
  if (filter.namespace !== 'all') {
    where.push('list_contains(tags, ?)');
    params.push(filter.namespace);
  }
  for (const tag of filter.tags ?? []) {
    where.push('list_contains(tags, ?)');
    params.push(tag);
  }
  if (filter.status !== undefined) {
    where.push('status = ?');
    params.push(filter.status);
  }
  const sql = `SELECT ${COLUMNS} FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY run_id DESC${
    filter.limit !== undefined ? ` LIMIT ${Math.floor(filter.limit)}` : ''
  }`;
  return (await index.read(sql, params)).map(toIndexedRun);
}

/** One run from the index, or null. */
export async function findRun(index: RunIndex, flow: string, runId: string): Promise<IndexedRun | null> {
  const rows = await index.read(`SELECT ${COLUMNS} FROM runs WHERE flow = ? AND run_id = ?`, [flow, runId]);
  return rows[0] ? toIndexedRun(rows[0]) : null;
}

function toIndexedRun(row: Record<string, unknown>): IndexedRun {
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  return {
    flow: String(row.flow),
    runId: String(row.run_id),
    status: String(row.status) as RunStatus,
    statusNote: text(row.status_note),
    user: String(row.user),
    tags: (jsonValue(row.tags as never) as string[] | null) ?? [],
    parameters: parseExactJson(String(row.parameters ?? '{}')) as { [name: string]: unknown },
    startedAt: String(jsonValue(row.started_at as never)),
    finishedAt: text(jsonValue(row.ended_at as never)),
    origin: row.origin_run_id ? { runId: String(row.origin_run_id), fromStep: String(row.origin_step ?? '') } : null,
    message: text(row.message),
    flowFile: String(row.flow_file ?? ''),
    backend: String(row.backend ?? ''),
    pulled: row.pulled === true,
    damaged: row.damaged ? (JSON.parse(String(row.damaged)) as { file: string; message: string }) : null,
  };
}

function durationMs(run: IndexedRun): number | null {
  return run.finishedAt === null ? null : Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
}

/** The contract's RunSummary (the app's runs list): plain JSON, an integer beyond ±2^53 as its digits. */
export function toApiRunSummary(run: IndexedRun): RunSummary {
  const message = run.message ?? run.statusNote;
  return {
    flow: run.flow,
    runId: run.runId,
    pathspec: `${run.flow}/${run.runId}`,
    status: run.status,
    user: run.user,
    tags: run.tags,
    parameters: toPlainJson(run.parameters) as { [name: string]: unknown },
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: durationMs(run),
    flowFile: run.flowFile,
    backend: run.backend,
    ...(message !== null ? { message } : {}),
    ...(run.origin ? { origin: `${run.flow}/${run.origin.runId}` } : {}),
    ...(run.pulled ? { pulled: true } : {}),
    ...(run.damaged ? { damaged: run.damaged } : {}),
  };
}

/**
 * `flowbench runs --json`: the shape scripts already read (engine/cli/commands/runs.ts), tags
 * folded. Parameters keep exact numbers: print it with `stringifyExactJson`.
 */
export function toCliRunJson(run: IndexedRun): object {
  return {
    flow: run.flow,
    run: run.runId,
    pathspec: `${run.flow}/${run.runId}`,
    status: run.status,
    ...(run.statusNote ? { statusNote: run.statusNote } : {}),
    user: run.user,
    tags: run.tags,
    parameters: run.parameters,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: durationMs(run),
    ...(run.origin ? { origin: run.origin } : {}),
    ...(run.message ? { message: run.message } : {}),
    ...(run.pulled ? { pulled: true } : {}),
    ...(run.damaged ? { damaged: run.damaged } : {}),
  };
}
