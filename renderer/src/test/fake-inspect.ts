/** Answers of the inspection and sharing requests, built by hand for component tests. */
import type { RunDetails, RunSummary } from '../api/contract-types.js';
import type { ArtifactInfo, ColumnSummary, TablePage } from '../api/inspect-types.js';
import { trainDocument } from './fake-flow.js';

export function runSummary(runId: string, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    flow: 'TrainFlow',
    runId,
    pathspec: `TrainFlow/${runId}`,
    status: 'succeeded',
    user: 'ada',
    tags: ['user:ada'],
    parameters: { alpha: 0.5 },
    startedAt: '2024-05-01T10:00:00Z',
    finishedAt: '2024-05-01T10:00:05Z',
    durationMs: 5000,
    flowFile: '/flows/train_flow.py',
    backend: 'local',
    ...extra,
  };
}

export function runDetails(runId: string, extra: Partial<RunSummary> = {}): RunDetails {
  const run = runSummary(runId, extra);
  const task = (step: string, taskId: string) => ({ step, taskId, pathspec: `${run.pathspec}/${step}/${taskId}`, status: 'succeeded' as const, attempt: 0, artifacts: [] });
  return { run, code: trainDocument().source, graph: trainDocument().graph, tasks: [task('start', '1'), task('train', '2'), task('end', '3')] };
}

export function info(name: string, extra: Partial<ArtifactInfo> = {}): ArtifactInfo {
  return { name, type: 'int', encoding: 'json', size: 10, sha256: 'ab'.repeat(32), preview: '1', view: 'json', local: true, ...extra };
}

/** A table of `total` rows (id, score), sorted as asked: what artifacts.page answers. */
export function page(total: number, args: { offset?: number; limit?: number; orderBy?: { column: string; descending?: boolean } }): TablePage {
  const offset = args.offset ?? 0;
  const limit = args.limit ?? 100;
  const rows = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) {
    const id = args.orderBy?.descending === true ? total - 1 - i : i;
    rows.push({ id, score: id / 10, label: `row ${id}` });
  }
  return {
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'score', type: 'DOUBLE' },
      { name: 'label', type: 'VARCHAR' },
    ],
    rows,
    offset,
    totalRows: total,
  };
}

export const SUMMARIES: readonly ColumnSummary[] = [
  { name: 'id', type: 'BIGINT', nulls: 0, distinct: 1000, distinctApproximate: false, min: 0, max: 999, histogram: [{ label: '0–499', count: 500 }, { label: '500–999', count: 500 }] },
  { name: 'score', type: 'DOUBLE', nulls: 3, distinct: 997, distinctApproximate: true, min: 0, max: 99.9, histogram: [] },
  { name: 'label', type: 'VARCHAR', nulls: 0, distinct: 1000, distinctApproximate: false, min: 'row 0', max: 'row 999', histogram: [{ label: 'row 1', count: 1 }] },
];
