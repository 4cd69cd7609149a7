import type { LiveTask } from '../runtime/task-states.js';
import type { ArtifactRecord, TaskRecord } from '../store/records.js';
import type { RunSummary as StoredRun } from '../store/run-store.js';
import type { RunSummary, TaskSummary } from './contract.js';

export { applyRunEvent, type LiveTask } from '../runtime/task-states.js';

/**
 * A run as the runs list shows it. `pulled`: a teammate's run (`RunStore.isPulled`, the test the
 * index uses too).
 */
export function toRunSummary(stored: StoredRun, pulled = false): RunSummary {
  const { record, end } = stored;
  const finishedAt = end?.finishedAt ?? null;
  const message = end?.message ?? stored.statusNote;
  return {
    flow: record.flow,
    runId: record.runId,
    pathspec: `${record.flow}/${record.runId}`,
    status: stored.status,
    user: record.user,
    tags: record.tags,
    parameters: record.parameters,
    startedAt: record.startedAt,
    finishedAt,
    durationMs: finishedAt === null ? null : Math.max(0, Date.parse(finishedAt) - Date.parse(record.startedAt)),
    flowFile: record.flowFile,
    backend: record.backend,
    ...(message !== undefined ? { message } : {}),
    ...(record.origin ? { origin: `${record.flow}/${record.origin.runId}` } : {}),
    ...(stored.damaged ? { damaged: stored.damaged } : {}),
    ...(pulled ? { pulled: true } : {}),
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
 * A run as `flowbench runs --json` and `flowbench show --json` print it: the API's RunSummary
 * (the one view of a run) under the CLI's stable field names (`run` for `runId`, `origin` as
 * the record has it, `statusNote` apart from the end's `message`).
 */
export function toRunJson(stored: StoredRun): Record<string, unknown> {
  const s = toRunSummary(stored);
  return {
    flow: s.flow,
    run: s.runId,
    pathspec: s.pathspec,
    status: s.status,
    ...(stored.statusNote ? { statusNote: stored.statusNote } : {}),
    user: s.user,
    tags: s.tags,
    parameters: s.parameters,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    durationMs: s.durationMs,
    ...(stored.record.origin ? { origin: stored.record.origin } : {}),
    ...(stored.end?.message ? { message: stored.end.message } : {}),
    ...(stored.damaged ? { damaged: stored.damaged } : {}),
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
