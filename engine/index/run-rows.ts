import type { ArtifactRecord, TaskRecord } from '../store/records.js';
import type { RunStore, RunSummary } from '../store/run-store.js';
import { ExactNumber, stringifyExactJson } from '../util/exact-json.js';
import { emptyRows, type IndexRows, type TableRow } from './index-tables.js';

/** What the store looked like when a run was read (see store-scan.ts). */
export interface RunStamp {
  readonly dirMtime: string;
  readonly tagsMtime: string;
}

/**
 * Every index row of one run, read from its records: the run (status as RunStore.getRun decides
 * it, tags folded with their events), its parameters, tasks (finished and unfinished), artifacts
 * and metrics. Null when the folder holds no run record (yet).
 */
export async function readRunRows(store: RunStore, flow: string, runId: string, stamp: RunStamp): Promise<IndexRows | null> {
  const own = await readRunRow(store, flow, runId, stamp);
  if (!own) return null;
  const { summary: run } = own;
  const rows = emptyRows();
  rows.runs.push(own.run);
  // Exact: `params.value` and the runs' `parameters` keep 2**60 + 1 as written (RunStore.getRun).
  const parameters = run.record.parameters;
  for (const [name, value] of Object.entries(parameters)) {
    const double = typeof value === 'number' ? value : value instanceof ExactNumber ? Number(value) : null;
    rows.params.push([flow, runId, name, stringifyExactJson(value), double]);
  }
  const pathspec = `${flow}/${runId}`;
  for (const task of await store.listTasks(flow, runId)) addTask(rows, pathspec, flow, runId, task);
  if (run.end === null) {
    // Tasks that started but have no record: running, or stopped with their engine.
    for (const task of await store.listUnfinishedTasks(flow, runId)) {
      const started = task.startedAt || null;
      rows.tasks.push([
        flow, runId, task.step, task.taskId, run.status === 'running' ? 'running' : 'failed', task.attempts, started, null, null, null,
        `${pathspec}/${task.step}/${task.taskId}`, run.statusNote ?? null,
      ]);
    }
  }
  rows.run_state.push(own.state);
  return rows;
}

/**
 * A run's own rows, without its tasks: its `runs` row and its `run_state` row (whether it is
 * finished for good: ended and readable), with the summary they come from. Null when the folder
 * holds no run record (yet).
 */
export async function readRunRow(
  store: RunStore,
  flow: string,
  runId: string,
  stamp: RunStamp,
): Promise<{ summary: RunSummary; run: TableRow; state: TableRow; finished: boolean } | null> {
  const summary = await store.getRun(flow, runId);
  if (!summary) return null;
  const tags = await store.tagsOf(summary.record);
  const pulled = await store.isPulled(flow, runId);
  const finished = summary.end !== null && summary.damaged === undefined;
  return {
    summary,
    run: runRow(summary, tags, pulled, summary.record.parameters),
    state: [flow, runId, stamp.dirMtime, stamp.tagsMtime, finished],
    finished,
  };
}

function runRow(run: RunSummary, tags: readonly string[], pulled: boolean, parameters: RunSummary['record']['parameters']): unknown[] {
  const { record, end } = run;
  const ended = end?.finishedAt ?? null;
  return [
    record.flow, record.runId, record.user, run.status, record.startedAt, ended, seconds(record.startedAt, ended), tags,
    record.origin?.runId ?? null, pulled, `${record.flow}/${record.runId}`, record.origin?.fromStep ?? null,
    end?.message ?? null, run.statusNote ?? null, stringifyExactJson(parameters), record.flowFile, record.backend,
    run.damaged ? JSON.stringify(run.damaged) : null,
  ];
}

function addTask(rows: IndexRows, runPathspec: string, flow: string, runId: string, task: TaskRecord): void {
  const foreach = [...task.splitStack].reverse().find((frame) => frame.kind === 'foreach');
  const foreachIndex = foreach?.index ?? null;
  const failure = task.exception ? `${task.exception.type}: ${task.exception.message}` : null;
  rows.tasks.push([
    flow, runId, task.step, task.taskId, task.status, task.attempts, task.startedAt, task.finishedAt,
    seconds(task.startedAt, task.finishedAt), foreachIndex, `${runPathspec}/${task.step}/${task.taskId}`, failure,
  ]);
  for (const [name, artifact] of Object.entries(task.artifacts)) {
    if (name.startsWith('_')) continue; // the runtime's own bookkeeping, not the person's results
    rows.artifacts.push([
      flow, runId, task.step, task.taskId, name, artifact.type, artifact.encoding, artifact.size, artifact.sha, artifact.preview,
      artifact.table?.sha ?? null, artifact.table?.rows ?? null, artifact.table ? artifact.table.columns.map((column) => column.name) : null,
      artifact.image?.sha ?? null, artifact.image?.mime ?? null, foreachIndex,
    ]);
    const value = metricValue(artifact);
    if (value !== null) rows.metrics.push([flow, runId, task.step, task.taskId, name, value]);
  }
}

const NUMPY_SCALAR = /^numpy\.(float|int|uint)\d*$/;
/** `0.5`, `np.float64(0.5)` (numpy 2's repr), `nan`, `-inf`. */
const NUMBER_TEXT = /^(?:np\.\w+\()?(-?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|nan|inf))\)?$/i;

/**
 * A numeric scalar artifact's value (int, float and numpy's number scalars; never bool), read
 * from the record's preview — which for a number is its full repr — so a teammate's run needs
 * no blob for its metrics.
 */
export function metricValue(artifact: ArtifactRecord): number | null {
  const numeric = (artifact.encoding === 'json' && (artifact.type === 'int' || artifact.type === 'float')) || NUMPY_SCALAR.test(artifact.type);
  if (!numeric) return null;
  const match = NUMBER_TEXT.exec(artifact.preview.trim());
  if (!match) return null;
  const text = match[1]!.toLowerCase();
  if (text === 'nan') return Number.NaN;
  if (text.endsWith('inf')) return text.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}

function seconds(from: string, to: string | null): number | null {
  if (to === null) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) / 1000 : null;
}
