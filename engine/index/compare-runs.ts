import type { Column, ComparedArtifact, RunComparison } from '../api/contract.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { parseFlow } from '../graph/index.js';
import { parsePathspec } from '../store/pathspec.js';
import { sqlString } from '../tables/duckdb.js';
import type { RunIndex } from './run-index.js';
import { toRunSummary } from '../api/run-views.js';
import { findRun, type IndexedRun } from './run-list.js';
import { unifiedDiff } from './unified-diff.js';
import { stringifyExactJson } from '../util/exact-json.js';

/**
 * Runs side by side (the first is the baseline): parameters, metrics, artifacts (the same digest
 * is the same value, so `same` is exact), tags, each run's code with a unified diff against the
 * first, and the steps whose code differs. A step of a foreach appears once per split, as
 * `train[0]`, `train[1]`, …
 */
export async function compareRuns(index: RunIndex, pathspecs: readonly string[]): Promise<RunComparison> {
  const runs: IndexedRun[] = [];
  for (const text of pathspecs) {
    const path = parsePathspec(text);
    const run = await findRun(index, path.flow, path.runId);
    if (!run) throw new FlowbenchError(ErrorCode.notFound, `There is no run ${path.flow}/${path.runId} in the store.`);
    runs.push(run);
  }
  const codes = await Promise.all(runs.map(async (run) => index.store.readCode((await index.store.requireRun(run.flow, run.runId)).record)));
  const metricRows = await rowsOf(index, runs, 'SELECT flow, run_id, step, task_id, name, value, (SELECT foreach_index FROM tasks t WHERE t.flow = m.flow AND t.run_id = m.run_id AND t.task_id = m.task_id) AS foreach_index FROM metrics m');
  const artifactRows = await rowsOf(index, runs, 'SELECT flow, run_id, step, name, sha256, type, size_bytes, table_sha256, table_rows, foreach_index FROM artifacts');
  const artifacts = new Map<string, Map<number, ComparedArtifact>>();
  for (const row of artifactRows) {
    const compared: ComparedArtifact = {
      sha256: String(row.sha256),
      type: String(row.type),
      size: Number(row.size_bytes),
      ...(row.table_sha256 ? { table: { rows: Number(row.table_rows), columns: await tableColumns(index, String(row.table_sha256)) } } : {}),
    };
    put(artifacts, keyOf(row), Number(row.run), compared);
  }
  const metrics = new Map<string, Map<number, number>>();
  for (const row of metricRows) put(metrics, keyOf(row), Number(row.run), Number(row.value));

  const paramNames = [...new Set(runs.flatMap((run) => Object.keys(run.parameters)))];
  const graphs = codes.map((code) => parseFlow(code));
  return {
    runs: runs.map(toRunSummary),
    params: paramNames.map((name) => {
      const values = runs.map((run) => (Object.prototype.hasOwnProperty.call(run.parameters, name) ? run.parameters[name] : null));
      return { name, values, same: allSame(runs.map((run) => (name in run.parameters ? stringifyExactJson(run.parameters[name]) : undefined))) };
    }),
    metrics: [...metrics].map(([key, byRun]) => {
      const values = runs.map((_, i) => byRun.get(i) ?? null);
      return { ...splitKey(key), values, same: allSame(values.map((value) => (value === null ? undefined : Object.is(value, -0) ? 0 : value))) };
    }),
    artifacts: [...artifacts].map(([key, byRun]) => {
      const values = runs.map((_, i) => byRun.get(i) ?? null);
      return { ...splitKey(key), values, same: allSame(values.map((value) => value?.sha256)) };
    }),
    tags: { values: runs.map((run) => run.tags), same: allSame(runs.map((run) => JSON.stringify([...run.tags].sort()))) },
    code: codes.map((source, i) => ({
      source,
      diff: unifiedDiff(codes[0]!, source, { fromName: `${pathspecs[0]}/${fileName(runs[0]!)}`, toName: `${pathspecs[i]}/${fileName(runs[i]!)}` }),
    })),
    changedSteps: graphs.map((graph, i) => {
      if (i === 0) return [];
      const base = new Map(graphs[0]!.steps.map((step) => [step.name, stepText(codes[0]!, step.span)]));
      return graph.steps.filter((step) => base.get(step.name) !== stepText(codes[i]!, step.span)).map((step) => step.name);
    }),
  };
}

/** The two-run comparison `flowbench compare A B --json` prints (issue 7's shape). */
export function twoRunJson(comparison: RunComparison): object {
  const [a, b] = comparison.runs;
  const pair = <V>(values: readonly (V | null)[]): { a: V | null; b: V | null } => ({ a: values[0] ?? null, b: values[1] ?? null });
  return {
    a: a!.pathspec,
    b: b!.pathspec,
    params: comparison.params.map((row) => ({ name: row.name, ...pair(row.values), same: row.same })),
    metrics: comparison.metrics.map((row) => ({ step: row.step, name: row.name, ...pair(row.values), same: row.same })),
    artifacts: comparison.artifacts.map((row) => ({ step: row.step, name: row.name, ...pair(row.values.map((value) => value?.sha256 ?? null)), same: row.same })),
    tags: { ...pair(comparison.tags.values), same: comparison.tags.same },
    code: comparison.code[1]?.diff ?? '',
  };
}

async function rowsOf(index: RunIndex, runs: readonly IndexedRun[], select: string): Promise<Record<string, unknown>[]> {
  const cases = runs.map((run, i) => `WHEN flow = ${sqlString(run.flow)} AND run_id = ${sqlString(run.runId)} THEN ${i}`).join(' ');
  const keys = runs.map((run) => sqlString(`${run.flow}/${run.runId}`)).join(', ');
  const rows = await index.read(`SELECT *, CASE ${cases} END AS run FROM (${select}) WHERE flow || '/' || run_id IN (${keys}) ORDER BY step, foreach_index NULLS FIRST, name`);
  // The same run given twice compares with itself: repeat its rows for the later positions.
  return rows.flatMap((row) =>
    runs.flatMap((run, i) => (run.flow === row.flow && run.runId === row.run_id ? [{ ...row, run: i }] : [])),
  );
}

function keyOf(row: Record<string, unknown>): string {
  const split = row.foreach_index === null || row.foreach_index === undefined ? '' : `[${String(row.foreach_index)}]`;
  return `${String(row.step)}${split}\u0000${String(row.name)}`;
}

function splitKey(key: string): { step: string; name: string } {
  const [step, name] = key.split('\u0000') as [string, string];
  return { step, name };
}

function put<V>(map: Map<string, Map<number, V>>, key: string, run: number, value: V): void {
  let byRun = map.get(key);
  if (!byRun) map.set(key, (byRun = new Map()));
  byRun.set(run, value);
}

/** Every run has it and all are equal. */
function allSame(values: readonly unknown[]): boolean {
  return values.every((value) => value !== undefined && value !== null) && values.every((value) => value === values[0]);
}

function stepText(source: string, span: { startLine: number; endLine: number }): string {
  return source.split('\n').slice(span.startLine - 1, span.endLine).join('\n');
}

function fileName(run: IndexedRun): string {
  return run.flowFile.split(/[\\/]/).pop() || 'flow.py';
}

async function tableColumns(index: RunIndex, sha: string): Promise<Column[]> {
  if (!(await index.store.blobs.has(sha))) return []; // a teammate's table not downloaded yet
  const rows = await index.read(`DESCRIBE SELECT * FROM read_parquet(${sqlString(index.store.blobs.pathOf(sha))})`);
  return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}
