import { runView, toRunJson } from '../../api/run-views.js';
import { readRunParameters } from '../../runtime/run-parameters.js';
import { parsePathspec } from '../../store/pathspec.js';
import type { TaskRecord } from '../../store/records.js';
import type { RunStore } from '../../store/run-store.js';
import { stringifyExactJson } from '../../util/exact-json.js';
import { formatDuration, formatTable, type CliOutput } from '../output.js';
import { resolveTask } from './resolve-task.js';

function taskJson(flow: string, runId: string, task: TaskRecord): object {
  return {
    pathspec: `${flow}/${runId}/${task.step}/${task.taskId}`,
    step: task.step,
    taskId: task.taskId,
    status: task.status,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    durationMs: Date.parse(task.finishedAt) - Date.parse(task.startedAt),
    attempts: task.attempts,
    foreachIndices: task.splitStack.filter((f) => f.kind === 'foreach').map((f) => f.index),
    ...(task.origin ? { origin: task.origin } : {}),
    ...(task.transition ? { transition: task.transition } : {}),
    ...(task.caught ? { caught: task.caught } : {}),
    ...(task.exception ? { exception: { type: task.exception.type, message: task.exception.message } } : {}),
    artifacts: Object.fromEntries(
      Object.entries(task.artifacts)
        .filter(([name]) => !name.startsWith('_'))
        .map(([name, a]) => [name, { type: a.type, size: a.size, encoding: a.encoding, preview: a.preview, ...(a.table ? { table: { rows: a.table.rows, columns: a.table.columns } } : {}) }]),
    ),
  };
}

function taskLine(task: TaskRecord): string[] {
  const indices = task.splitStack.filter((f) => f.kind === 'foreach').map((f) => f.index);
  return [
    task.step,
    task.taskId,
    task.status + (task.origin ? ' (reused)' : task.caught ? ' (caught)' : ''),
    formatDuration(Date.parse(task.finishedAt) - Date.parse(task.startedAt)),
    indices.length ? `[${indices.join(',')}]` : '',
  ];
}

/** `flowbench show PATHSPEC [--json]`: a run, a step or a task. */
export async function showCommand(store: RunStore, text: string, json: boolean, output: CliOutput): Promise<number> {
  const path = parsePathspec(text);
  const run = await store.requireRun(path.flow, path.runId);

  if (path.step && path.taskId !== undefined) {
    const { record, step, taskId } = await resolveTask(store, path);
    const attempts = await store.listAttempts(path.flow, path.runId, step, taskId);
    if (json) {
      output.out(JSON.stringify(record ? taskJson(path.flow, path.runId, record) : { pathspec: text, status: 'running', attempts: attempts.length }));
      return 0;
    }
    if (!record) {
      output.out(`${text}: running (attempt ${attempts.length})`);
      return 0;
    }
    output.out(`${text}: ${taskLine(record).slice(2).join('  ')}`);
    if (record.origin) output.out(`reused from ${record.origin}`);
    if (record.exception) output.out(`error: ${record.exception.type}: ${record.exception.message}`);
    if (record.caught) output.out(`caught: ${record.caught.type}: ${record.caught.message}`);
    output.out(`attempts: ${record.attempts}`);
    const artifacts = Object.entries(record.artifacts).filter(([name]) => !name.startsWith('_'));
    if (artifacts.length) {
      output.out(formatTable([['ARTIFACT', 'TYPE', 'SIZE', 'PREVIEW'], ...artifacts.map(([name, a]) => [name, a.type, `${a.size} B`, a.preview.replace(/\n/g, ' ')])]));
    }
    return 0;
  }

  const inStep = (task: { step: string }): boolean => !path.step || task.step === path.step;
  // Unfinished: started, no task record: running now (or, when the run's engine died, never finished).
  const states = await store.listTaskStates(path.flow, path.runId);
  const tasks = states.finished.filter(inStep);
  const unfinishedStatus = run.status === 'running' ? 'running' : 'unfinished';
  const unfinished = states.unfinished.filter(inStep);
  // Read exactly: a parameter of 2**60 + 1 or a float 2.0 is shown as the run recorded it.
  const parameters = await readRunParameters(store, path.flow, path.runId);
  const { codeSha, codePackageSha, python } = run.record;
  if (json) {
    output.out(
      stringifyExactJson({
        ...toRunJson(runView(run)),
        parameters,
        code: { sha: codeSha, ...(codePackageSha ? { packageSha: codePackageSha } : {}) },
        ...(python ? { python } : {}),
        ...(path.step ? { step: path.step } : {}),
        tasks: [
          ...tasks.map((t) => taskJson(path.flow, path.runId, t)),
          ...unfinished.map((t) => ({ pathspec: `${path.flow}/${path.runId}/${t.step}/${t.taskId}`, ...t, status: unfinishedStatus })),
        ],
      }),
    );
    return 0;
  }
  const summary = toRunJson(runView(run)) as { status: string; durationMs: number | null; message?: string };
  output.out(`${path.flow}/${path.runId}${path.step ? `/${path.step}` : ''}: ${summary.status}${summary.durationMs !== null ? ` in ${formatDuration(summary.durationMs)}` : ''}`);
  output.out(`user: ${run.record.user}   started: ${run.record.startedAt}   tags: ${run.record.tags.join(', ')}`);
  if (Object.keys(parameters).length) output.out(`parameters: ${stringifyExactJson(parameters)}`);
  if (python) output.out(`python: ${python.path} (${python.version})`);
  if (codePackageSha) output.out(`code: package ${codePackageSha} (the flow file and the modules beside it, as the run started)`);
  if (run.record.origin) output.out(`resumed from ${path.flow}/${run.record.origin.runId} at step ${run.record.origin.fromStep}`);
  if (summary.message) output.out(summary.message);
  if (run.statusNote) output.out(`note: ${run.statusNote}`);
  const unfinishedLines = unfinished.map((t) => [t.step, t.taskId, `${unfinishedStatus} (attempt ${t.attempts})`, t.startedAt ? formatDuration(Date.now() - Date.parse(t.startedAt)) : '', '']);
  output.out(formatTable([['STEP', 'TASK', 'STATUS', 'DURATION', 'FOREACH'], ...tasks.map(taskLine), ...unfinishedLines]));
  return 0;
}
