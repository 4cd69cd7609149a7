import type { LiveTask } from '../runtime/task-states.js';
import type { ArtifactRecord, RunStatus, TaskRecord } from '../store/records.js';
import type { RunSummary as StoredRun } from '../store/run-store.js';
import { toPlainJson } from '../util/exact-json.js';
import type { RunSummary, TaskSummary } from './contract.js';

export { applyRunEvent, type LiveTask } from '../runtime/task-states.js';

/**
 * One run as every view shows it, wherever it was read: the index's rows (`IndexedRun` has this
 * shape) or the store's records (`runView`). The API's RunSummary and the CLI's JSON are both
 * made from it, so they cannot drift apart.
 */
export interface RunView {
  readonly flow: string;
  readonly runId: string;
  readonly status: RunStatus;
  /** Why a run without an end record counts as failed (or is damaged). */
  readonly statusNote: string | null;
  readonly user: string;
  readonly tags: readonly string[];
  /** Numbers may be exact (`ExactNumber`, engine/util/exact-json.ts). */
  readonly parameters: { readonly [name: string]: unknown };
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly origin: { readonly runId: string; readonly fromStep: string } | null;
  /** The end record's message. */
  readonly message: string | null;
  readonly flowFile: string;
  readonly backend: string;
  /** A teammate's run (`RunStore.isPulled`). */
  readonly pulled: boolean;
  readonly damaged: { readonly file: string; readonly message: string } | null;
}

/** The view of a run read from the store; `tags` (folded with their events) and `pulled` when the caller has them. */
export function runView(stored: StoredRun, known: { readonly tags?: readonly string[]; readonly pulled?: boolean } = {}): RunView {
  const { record, end } = stored;
  return {
    flow: record.flow,
    runId: record.runId,
    status: stored.status,
    statusNote: stored.statusNote ?? null,
    user: record.user,
    tags: known.tags ?? record.tags,
    parameters: record.parameters,
    startedAt: record.startedAt,
    finishedAt: end?.finishedAt ?? null,
    origin: record.origin ?? null,
    message: end?.message ?? null,
    flowFile: record.flowFile,
    backend: record.backend,
    pulled: known.pulled ?? false,
    damaged: stored.damaged ?? null,
  };
}

function durationMs(run: RunView): number | null {
  return run.finishedAt === null ? null : Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
}

/** A run as the app shows it: plain JSON (an integer beyond ±2^53 as its digits). */
export function toRunSummary(run: RunView): RunSummary {
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
    ...(run.damaged ? { damaged: run.damaged } : {}),
    ...(run.pulled ? { pulled: true } : {}),
  };
}

/**
 * The foreach input of a task as written in Python (`'y'`), from the preview of the
 * `_foreach_values` artifact the step runtime records (one value per foreach frame).
 */
function foreachInput(task: TaskRecord): string | undefined {
  const preview = Object.prototype.hasOwnProperty.call(task.artifacts, '_foreach_values') ? task.artifacts['_foreach_values']?.preview : undefined;
  if (preview === undefined || !preview.startsWith('[') || !preview.endsWith(']')) return undefined;
  const inner = preview.slice(1, -1).trim();
  return inner === '' ? undefined : inner;
}

/**
 * A run as `flowbench runs --json` and `flowbench show --json` print it: the same view under the
 * CLI's stable field names (`run` for `runId`, `origin` as the record has it, `statusNote` apart
 * from the end's `message`). Parameters keep exact numbers: print it with `stringifyExactJson`.
 */
export function toRunJson(run: RunView): Record<string, unknown> {
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

/**
 * A task's artifact by name, or an error sentence naming the ones it has. Only the record's own
 * names count: `constructor` or `__proto__` is an artifact like any other, never Object's.
 */
export function artifactOf(task: TaskRecord, name: string, where: string): ArtifactRecord | string {
  if (Object.prototype.hasOwnProperty.call(task.artifacts, name)) {
    const artifact = task.artifacts[name];
    if (artifact !== undefined) return artifact;
  }
  const names = Object.keys(task.artifacts).filter((n) => !n.startsWith('_'));
  return `${where} has no artifact "${name}". ${names.length ? `Its artifacts: ${names.join(', ')}.` : 'It has no artifacts.'}`;
}

/** A finished task from its record. */
export function toTaskSummary(runPathspec: string, task: TaskRecord): TaskSummary {
  const foreach = [...task.splitStack].reverse().find((frame) => frame.kind === 'foreach');
  const failure = task.exception ?? undefined;
  const input = foreach ? foreachInput(task) : undefined;
  return {
    step: task.step,
    taskId: task.taskId,
    pathspec: `${runPathspec}/${task.step}/${task.taskId}`,
    status: task.status,
    attempt: Math.max(0, task.attempts - 1),
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    ...(foreach ? { foreachIndex: foreach.index, foreachWidth: foreach.width } : {}),
    ...(input !== undefined ? { foreachInput: input } : {}),
    ...(task.origin ? { reused: true } : {}),
    artifacts: Object.entries(task.artifacts)
      .filter(([name]) => !name.startsWith('_'))
      .map(([name, artifact]) => ({ name, type: artifact.type, size: artifact.size, preview: artifact.preview })),
    ...(failure ? { message: `${failure.type}: ${failure.message}` } : {}),
  };
}

/** Stored records win (they carry artifacts); live tasks fill in what has no record yet. */
export function mergeTasks(runPathspec: string, stored: readonly TaskRecord[], live: ReadonlyMap<string, LiveTask> | undefined): TaskSummary[] {
  const byId = new Map(stored.map((task) => [task.taskId, toTaskSummary(runPathspec, task)]));
  for (const task of live?.values() ?? []) {
    if (byId.has(task.taskId)) continue;
    byId.set(task.taskId, {
      step: task.step,
      taskId: task.taskId,
      pathspec: `${runPathspec}/${task.step}/${task.taskId}`,
      status: task.status,
      attempt: task.attempt,
      ...(task.startedAt !== undefined ? { startedAt: task.startedAt } : {}),
      ...(task.finishedAt !== undefined ? { finishedAt: task.finishedAt } : {}),
      ...(task.message !== undefined ? { message: task.message } : {}),
      ...(task.reused ? { reused: true } : {}),
      artifacts: [],
    });
  }
  // A task that failed saved no artifacts: its input comes from the list its split fanned out over.
  const records = new Map(stored.map((task) => [task.taskId, task]));
  for (const task of stored) {
    const summary = byId.get(task.taskId);
    const frame = [...task.splitStack].reverse().find((f) => f.kind === 'foreach');
    if (summary === undefined || summary.foreachInput !== undefined || frame?.foreachVar === undefined) continue;
    const list = records.get(frame.splitTaskId)?.artifacts[frame.foreachVar];
    const input = list === undefined ? undefined : listItems(list.preview)?.[frame.index];
    if (input !== undefined) byId.set(task.taskId, { ...summary, foreachInput: input });
  }
  return [...byId.values()].sort((a, b) => Number(a.taskId) - Number(b.taskId));
}

/**
 * The items of a Python list or tuple as its preview writes them (`['x', 'y']` → `'x'`, `'y'`),
 * or null when the preview is cut short or is not a list.
 */
export function listItems(preview: string): string[] | null {
  const text = preview.trim();
  if (!/^[[(]/.test(text) || !/[\])]$/.test(text) || text.includes('…') || /\.\.\.[\])]$/.test(text)) return null;
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i] as string;
    if (quote !== null) {
      current += ch;
      if (ch === '\\') current += text[++i] ?? '';
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if ('[({'.includes(ch)) depth++;
    else if ('])}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}
