import { openSync, readSync, closeSync } from 'node:fs';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { parsePathspec } from '../store/pathspec.js';
import { sqlString } from '../tables/duckdb.js';
import { checkedBlobPath } from '../store/checked-blob.js';
import type { RunIndex } from './run-index.js';

/** Namespace for `latest`: `user:<name>`, any tag, or `all`. */
export interface ResolveOptions {
  readonly namespace: string;
}

interface ArtifactRow {
  readonly task_id: string;
  readonly type: string;
  readonly encoding: string;
  readonly sha256: string;
  readonly table_sha256: string | null;
  readonly table_rows: bigint | null;
  readonly foreach_index: number | null;
}

/** An artifact as SQL: a parenthesized subquery, and its row count when the records know it. */
export interface ResolvedArtifact {
  readonly sql: string;
  /** Known without reading data for tables (the record holds their row count); null otherwise. */
  readonly rows: number | null;
}

/**
 * `artifact('Flow/RunId/step[/TaskId]', 'name')` as a SQL subquery over the artifact's blob(s): a
 * table straight from its Parquet file, a list of records through read_json, a scalar as one row
 * with a column `value`. `RunId` may be `latest` (the newest succeeded run of the flow in the
 * namespace). A foreach step without a TaskId gives all its tasks' rows with a `task_id` column.
 * Nothing is read into the engine's memory but a scalar's few bytes.
 */
export async function artifactSource(index: RunIndex, pathspecText: string, name: string, options: ResolveOptions): Promise<string> {
  return (await resolveArtifact(index, pathspecText, name, options)).sql;
}

/** `artifactSource` with the row count when it is known (the artifact browser's pages). */
export async function resolveArtifact(index: RunIndex, pathspecText: string, name: string, options: ResolveOptions): Promise<ResolvedArtifact> {
  const path = parsePathspec(pathspecText);
  if (path.step === undefined) {
    throw new FlowbenchError(ErrorCode.badArgument, `artifact('${pathspecText}', '${name}'): name a step, Flow/RunId/step (or a task, Flow/RunId/step/TaskId).`);
  }
  const runId = path.runId === 'latest' ? await latestRun(index, path.flow, options.namespace) : path.runId;
  const rows = (await index.read(
    `SELECT task_id, type, encoding, sha256, table_sha256, table_rows, foreach_index FROM artifacts
      WHERE flow = ? AND run_id = ? AND step = ? AND name = ? ${path.taskId !== undefined ? 'AND task_id = ?' : ''}
      ORDER BY foreach_index NULLS FIRST, TRY_CAST(task_id AS BIGINT)`,
    [path.flow, runId, path.step, name, ...(path.taskId !== undefined ? [path.taskId] : [])],
  )) as unknown as ArtifactRow[];
  const where = `${path.flow}/${runId}/${path.step}${path.taskId !== undefined ? `/${path.taskId}` : ''}`;
  if (rows.length === 0) throw new FlowbenchError(ErrorCode.notFound, await missingSentence(index, where, path.flow, runId, path.step, name));
  const sources = await Promise.all(rows.map((row) => taskSource(index, row, `${where}`, name)));
  const known = rows.every((row) => row.table_rows !== null) ? rows.reduce((sum, row) => sum + Number(row.table_rows), 0) : null;
  const foreach = path.taskId === undefined && (rows.length > 1 || rows[0]!.foreach_index !== null);
  if (!foreach) return { sql: `(${sources[0]!})`, rows: known };
  return {
    sql: `(${sources.map((source, i) => `SELECT *, ${sqlString(rows[i]!.task_id)} AS task_id FROM (${source})`).join(' UNION ALL BY NAME ')})`,
    rows: known,
  };
}

async function taskSource(index: RunIndex, row: ArtifactRow, where: string, name: string): Promise<string> {
  if (row.table_sha256) return `SELECT * FROM read_parquet(${sqlString(await checkedBlobPath(index.store.blobs, row.table_sha256, index.verifiedDir))})`;
  if (row.encoding !== 'json') {
    throw new FlowbenchError(
      ErrorCode.query,
      `${where} "${name}" is a pickled ${row.type}: SQL reads tables (DataFrames), JSON values and lists of records only.`,
    );
  }
  const path = await checkedBlobPath(index.store.blobs, row.sha256, index.verifiedDir);
  const shape = jsonShape(path);
  switch (shape) {
    case 'records':
      return `SELECT * FROM read_json(${sqlString(path)}, format = 'array')`;
    case 'list':
      return `SELECT json AS value FROM read_json(${sqlString(path)}, format = 'array', records = false)`;
    case 'empty':
      return 'SELECT NULL AS value WHERE false';
    case 'object':
      return `SELECT * FROM read_json(${sqlString(path)}, format = 'unstructured')`;
    case 'scalar':
      return `SELECT json AS value FROM read_json(${sqlString(path)}, format = 'unstructured', records = false)`;
  }
}

/** What a JSON blob holds, from its first characters: enough to pick DuckDB's reader. */
function jsonShape(path: string): 'records' | 'list' | 'empty' | 'object' | 'scalar' {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(4096);
  let text: string;
  try {
    text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return 'object';
  if (!trimmed.startsWith('[')) return 'scalar';
  const inner = trimmed.slice(1).trimStart();
  if (inner.startsWith(']')) return 'empty';
  return inner.startsWith('{') ? 'records' : 'list';
}

/** The newest succeeded run of a flow in a namespace (`latest` in a pathspec). */
export async function latestRun(index: RunIndex, flow: string, namespace: string): Promise<string> {
  const rows = await index.read(
    `SELECT run_id FROM runs WHERE flow = ? AND status = 'succeeded' AND (? = 'all' OR list_contains(tags, ?)) ORDER BY run_id DESC LIMIT 1`,
    [flow, namespace, namespace],
  );
  const runId = rows[0]?.run_id;
  if (typeof runId !== 'string') {
    throw new FlowbenchError(ErrorCode.notFound, `${flow} has no succeeded run in the namespace ${namespace}, so ${flow}/latest names nothing.`);
  }
  return runId;
}

async function missingSentence(index: RunIndex, where: string, flow: string, runId: string, step: string, name: string): Promise<string> {
  const runs = await index.read('SELECT 1 FROM runs WHERE flow = ? AND run_id = ?', [flow, runId]);
  if (runs.length === 0) return `There is no run ${flow}/${runId} in the store.`;
  const names = await index.read('SELECT DISTINCT name FROM artifacts WHERE flow = ? AND run_id = ? AND step = ? ORDER BY name', [flow, runId, step]);
  if (names.length === 0) return `${flow}/${runId} has no finished task of a step "${step}".`;
  return `${where} has no artifact "${name}". Its artifacts: ${names.map((row) => String(row.name)).join(', ')}.`;
}
