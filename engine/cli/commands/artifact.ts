import { dirname } from 'node:path';
import { artifactOf } from '../../api/run-views.js';
import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { readArtifactValue } from '../../store/artifact-value.js';
import { parsePathspec } from '../../store/pathspec.js';
import { stringifyExactJson } from '../../util/exact-json.js';
import type { RunStore } from '../../store/run-store.js';
import { formatTable, type CliOutput } from '../output.js';
import { resolveTask } from './resolve-task.js';

/** `flowbench artifact PATHSPEC NAME [--json]`. */
export async function artifactCommand(store: RunStore, python: string, text: string, name: string, json: boolean, output: CliOutput): Promise<number> {
  const path = parsePathspec(text);
  const { record, step, taskId } = await resolveTask(store, path);
  const where = `${path.flow}/${path.runId}/${step}/${taskId}`;
  if (!record) throw new FlowbenchError(ErrorCode.notFound, `${where} has not finished yet; its artifacts appear when it does.`);
  const artifact = artifactOf(record, name, where);
  if (typeof artifact === 'string') throw new FlowbenchError(ErrorCode.notFound, artifact);
  const run = await store.requireRun(path.flow, path.runId);
  // Exact: an integer beyond 2^53 prints as its digits, a float as Python wrote it (2.0).
  const value = await readArtifactValue(store.blobs, artifact, {
    python,
    flowDir: dirname(run.record.flowFile),
    exact: true,
    unpickle: !(await store.isPulled(path.flow, path.runId)),
  });
  if (json) {
    output.out(stringifyExactJson(value.kind === 'json' ? value.value : value));
    return 0;
  }
  if (value.kind === 'json') output.out(stringifyExactJson(value.value, 2));
  else if (value.kind === 'repr') {
    output.out(value.repr);
    if (value.message) output.err(value.message);
  } else if (value.kind === 'image') output.out(`(${value.mime} image, ${Buffer.from(value.base64, 'base64').length} bytes; open it in the app)`);
  else {
    const rows = value.rows.map((row) => value.columns.map((c) => formatCell(row[c])));
    output.out(formatTable([value.columns, ...rows]));
    if (value.totalRows > value.rows.length) output.out(`… ${value.totalRows} rows in all`);
  }
  return 0;
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
