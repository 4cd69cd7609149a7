import type { RunView } from '../api/run-views.js';
import type { RunStatus } from '../store/records.js';
import { parseExactJson } from '../util/exact-json.js';
import { storedRow, type TableRow } from './index-tables.js';
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

/**
 * A run as the index holds it: what the runs list, `flowbench runs --json` and compare show. It is
 * a RunView, so the API and the CLI make their views of it with engine/api/run-views.ts.
 */
export interface IndexedRun extends RunView {
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

/**
 * The same filter over runs already read (the runs snapshot, runs-snapshot.ts), newest first as
 * given. What `listRuns` says in SQL, said in code; a test holds the two to the same answers.
 */
export function filterRuns(runs: readonly IndexedRun[], filter: RunFilter): IndexedRun[] {
  const matching = runs.filter(
    (run) =>
      (filter.flow === undefined || run.flow === filter.flow) &&
      (filter.namespace === 'all' || run.tags.includes(filter.namespace)) &&
      (filter.tags ?? []).every((tag) => run.tags.includes(tag)) &&
      (filter.status === undefined || run.status === filter.status),
  );
  return filter.limit === undefined ? matching : matching.slice(0, Math.max(0, Math.floor(filter.limit)));
}

/** One run from the index, or null. */
export async function findRun(index: RunIndex, flow: string, runId: string): Promise<IndexedRun | null> {
  const rows = await index.read(`SELECT ${COLUMNS} FROM runs WHERE flow = ? AND run_id = ?`, [flow, runId]);
  return rows[0] ? toIndexedRun(rows[0]) : null;
}

/** A run as DuckDB gives its `runs` row. */
function toIndexedRun(row: Record<string, unknown>): IndexedRun {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) values[name] = jsonValue(value as never);
  return indexedRunOf(values);
}

/**
 * A run from its `runs` row as the index stores it, without DuckDB (`storedRow`): how the runs
 * snapshot takes in a few new runs. The same run as `listRuns` gives, which a test checks.
 */
export function indexedRunFromRow(row: TableRow): IndexedRun {
  return indexedRunOf(storedRow('runs', row));
}

/** A run from its `runs` row's values as JSON carries them (`jsonValue`), by column name. */
function indexedRunOf(row: Record<string, unknown>): IndexedRun {
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  return {
    flow: String(row.flow),
    runId: String(row.run_id),
    status: String(row.status) as RunStatus,
    statusNote: text(row.status_note),
    user: String(row.user),
    tags: (row.tags as string[] | null) ?? [],
    parameters: parseExactJson(String(row.parameters ?? '{}')) as { [name: string]: unknown },
    startedAt: String(row.started_at),
    finishedAt: text(row.ended_at),
    origin: row.origin_run_id ? { runId: String(row.origin_run_id), fromStep: String(row.origin_step ?? '') } : null,
    message: text(row.message),
    flowFile: String(row.flow_file ?? ''),
    backend: String(row.backend ?? ''),
    pulled: row.pulled === true,
    damaged: row.damaged ? (JSON.parse(String(row.damaged)) as { file: string; message: string }) : null,
  };
}
