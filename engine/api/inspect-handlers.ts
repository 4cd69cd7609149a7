import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { artifactPage, artifactSummary } from '../index/artifact-table.js';
import { compareRuns } from '../index/compare-runs.js';
import { metricSeries, namespaces, querySchema } from '../index/inspect-queries.js';
import { RunIndex } from '../index/run-index.js';
import { metricValue } from '../index/run-rows.js';
import { listRuns } from '../index/run-list.js';
import { toRunSummary } from './run-views.js';
import { cancelQuery, exportUserQuery, runUserQuery } from '../index/user-query.js';
import { parsePathspec } from '../store/pathspec.js';
import type { ArtifactRecord, TaskRecord } from '../store/records.js';
import type { RunStore } from '../store/run-store.js';
import { sqlString } from '../tables/duckdb.js';
import { toPlainJson } from '../util/exact-json.js';
import type { ApiMethod, ApiParsedArgs, ApiResults, ArtifactInfo, ArtifactView, RunComparison } from './contract.js';

/** The methods served by engine/index. */
export type InspectMethod =
  | 'runs.list'
  | 'artifacts.list'
  | 'artifacts.page'
  | 'artifacts.summary'
  | 'query.run'
  | 'query.cancel'
  | 'query.export'
  | 'query.schema'
  | 'runs.compare'
  | 'metrics.series'
  | 'namespaces.list';

type Handlers = { readonly [M in InspectMethod & ApiMethod]: (args: ApiParsedArgs<M>) => Promise<ApiResults[M]> };

/**
 * The index behind the API: opened on first use and kept (warm) for the life of the process;
 * it catches up with the store at most once a second, and at once after `changed()`.
 */
export class IndexHolder {
  private opening: Promise<RunIndex> | null = null;
  private stale = true;

  constructor(
    private readonly store: RunStore,
    private readonly refreshEveryMs?: number,
  ) {}

  async fresh(): Promise<RunIndex> {
    const index = await this.opened();
    if (this.stale) {
      this.stale = false;
      await index.catchUp();
    } else {
      await index.fresh();
    }
    return index;
  }

  /**
   * Runs `use` on the index without scanning the store first — unless what it looks for is not
   * there (a run that finished a moment ago): then it catches up and tries once more. For the
   * artifact browser's pages, which name a finished task the index most likely has.
   */
  async lookup<T>(use: (index: RunIndex) => Promise<T>): Promise<T> {
    const index = await this.opened();
    if (this.stale) return use(await this.fresh());
    try {
      return await use(index);
    } catch (error) {
      if (!(error instanceof FlowbenchError) || error.code !== ErrorCode.notFound) throw error;
      await index.catchUp();
      return use(index);
    }
  }

  /** The index, opened on first use. */
  private opened(): Promise<RunIndex> {
    this.opening ??= RunIndex.open(this.store, this.refreshEveryMs === undefined ? {} : { refreshEveryMs: this.refreshEveryMs });
    return this.opening;
  }

  /** Something was just written (a run started here): the next request catches up first. */
  changed(): void {
    this.stale = true;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (opening) (await opening.catch(() => null))?.close();
  }
}

/** Handlers of the inspection methods (issue 7), over one store and one warm index. */
export function inspectHandlers(deps: { store: RunStore; user: string; index: IndexHolder }): Handlers {
  const { store, index } = deps;
  const mine = `user:${deps.user}`;
  return {
    'runs.list': async ({ flow, namespace, tags, status, limit }) =>
      (await listRuns(await index.fresh(), { flow, namespace: namespace ?? mine, tags, status, limit })).map(toRunSummary),

    'artifacts.list': async ({ pathspec }) => {
      const record = await taskRecord(store, pathspec);
      return index.lookup(async (ready) => {
        const infos: ArtifactInfo[] = [];
        for (const [name, artifact] of Object.entries(record.artifacts)) {
          if (!name.startsWith('_')) infos.push(await artifactInfo(ready, name, artifact));
        }
        return infos;
      });
    },
    'artifacts.page': async ({ pathspec, name, offset, limit, orderBy }) =>
      index.lookup((ready) => artifactPage(ready, taskPathspec(pathspec), name, { offset, limit, orderBy })),
    'artifacts.summary': async ({ pathspec, name }) => index.lookup((ready) => artifactSummary(ready, taskPathspec(pathspec), name)),

    'query.run': async ({ sql, limit, queryId, namespace }) => runUserQuery(await index.fresh(), sql, { limit, namespace: namespace ?? mine, ...(queryId !== undefined ? { queryId } : {}) }),
    'query.cancel': async ({ queryId }) => {
      cancelQuery(queryId); // a query that already ended needs no cancelling
      return {};
    },
    'query.export': async ({ sql, format, namespace }) => {
      const ready = await index.fresh();
      const dir = join(RunIndex.indexDir(store), 'exports');
      mkdirSync(dir, { recursive: true });
      const target = join(dir, `${randomUUID()}.${format}`);
      try {
        await exportUserQuery(ready, sql, format, target, { namespace: namespace ?? mine });
        return {
          filename: `query.${format}`,
          mime: format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet',
          base64: readFileSync(target).toString('base64'),
        };
      } finally {
        rmSync(target, { force: true });
      }
    },
    'query.schema': async ({ namespace }) => querySchema(await index.fresh(), namespace ?? mine),
    // Plain JSON for the app: a parameter beyond ±2^53 as its digits (the CLI prints it exact).
    'runs.compare': async ({ pathspecs }) => toPlainJson(await compareRuns(await index.fresh(), pathspecs)) as RunComparison,
    'metrics.series': async ({ flow, name, step, namespace }) => metricSeries(await index.fresh(), { flow, name, step, namespace: namespace ?? mine }),
    'namespaces.list': async () => namespaces(await index.fresh(), deps.user),
  };
}

function taskPathspec(text: string): string {
  const path = parsePathspec(text);
  if (path.step === undefined || path.taskId === undefined) {
    throw new FlowbenchError(ErrorCode.badArgument, `"${text}" names a run or a step; name a task: Flow/RunId/step/TaskId.`);
  }
  return text;
}

async function taskRecord(store: RunStore, text: string): Promise<TaskRecord> {
  const path = parsePathspec(taskPathspec(text));
  await store.requireRun(path.flow, path.runId);
  const record = await store.readJson<TaskRecord>(`${store.taskPrefix(path.flow, path.runId, path.step!, path.taskId!)}/task.json`);
  if (!record) throw new FlowbenchError(ErrorCode.notFound, `${text} has not finished yet; its artifacts appear when it does.`);
  return record;
}

function viewOf(artifact: ArtifactRecord): ArtifactView {
  if (artifact.table) return 'table';
  if (artifact.image) return 'image';
  return artifact.encoding === 'json' ? 'json' : 'repr';
}

async function artifactInfo(index: RunIndex, name: string, artifact: ArtifactRecord): Promise<ArtifactInfo> {
  const viewed = artifact.table?.sha ?? artifact.image?.sha ?? artifact.sha;
  const local = await index.store.blobs.has(viewed);
  let table: ArtifactInfo['table'];
  if (artifact.table) {
    let columns = artifact.table.columns.map((column) => ({ name: column.name, type: column.dtype }));
    if (local) {
      // DuckDB's types from the Parquet footer (a few KB read), as the grid and SQL see them.
      const rows = await index.read(`DESCRIBE SELECT * FROM read_parquet(${sqlString(index.store.blobs.pathOf(artifact.table.sha))})`);
      columns = rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
    }
    table = { rows: artifact.table.rows, columns };
  }
  const metric = metricValue(artifact);
  return {
    name,
    type: artifact.type,
    encoding: artifact.encoding,
    size: artifact.size,
    sha256: artifact.sha,
    preview: artifact.preview,
    view: viewOf(artifact),
    ...(table ? { table } : {}),
    ...(metric !== null && Number.isFinite(metric) ? { metric } : {}),
    local,
  };
}
