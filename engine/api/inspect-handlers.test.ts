/**
 * The inspection methods of the contract, through `createApi` over real runs: what the app's
 * artifact browser, SQL console, compare view and metric chart call.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ArtifactInfo, ColumnSummary, MetricPoint, Namespaces, QueryResult, QuerySchema, RunComparison, RunRef, RunSummary, TablePage } from './contract.js';
import { testApi, valueOf, waitFor, type TestApi } from './test-support/test-api.js';

let t: TestApi;
let a: RunRef;
let b: RunRef;

async function finished(ref: RunRef): Promise<void> {
  await waitFor(
    () => t.events.some((e) => e.event === 'run.event' && e.payload.pathspec === ref.pathspec && e.payload.event.type === 'run-finished'),
    120_000,
    `${ref.pathspec} to finish`,
  );
}

beforeAll(async () => {
  t = await testApi();
  const path = join(t.dir, 'inspect_flow.py');
  await copyFile(join(import.meta.dirname, '..', 'index', 'fixtures', 'inspect_flow.py'), path);
  a = valueOf(await t.api.dispatch('runs.start', { path, tags: ['exp:a'] })) as RunRef;
  await finished(a);
  // The second run: another alpha, and the train step's code changed.
  await writeFile(path, (await readFile(path, 'utf8')).replace('self.score = self.input * 10', 'self.score = self.input * 100'));
  b = valueOf(await t.api.dispatch('runs.start', { path, parameters: { alpha: '0.3' } })) as RunRef;
  await finished(b);
}, 240_000);
afterAll(async () => t?.close());

const call = async <T>(method: string, args: object): Promise<T> => valueOf(await t.api.dispatch(method, args)) as T;

describe('runs and namespaces', () => {
  test('runs.list filters through the index', async () => {
    const all = await call<RunSummary[]>('runs.list', { flow: 'InspectFlow' });
    expect(all.map((run) => run.pathspec)).toEqual([b.pathspec, a.pathspec]);
    expect(all[1]).toMatchObject({ status: 'succeeded', user: 'tester', tags: ['user:tester', 'exp:a'], parameters: { alpha: 0.1 } });
    expect((await call<RunSummary[]>('runs.list', { tags: ['exp:a'] })).map((run) => run.pathspec)).toEqual([a.pathspec]);
    expect(await call<RunSummary[]>('runs.list', { status: 'failed' })).toEqual([]);
    expect(await call<RunSummary[]>('runs.list', { namespace: 'user:nobody' })).toEqual([]);
    expect(await call<RunSummary[]>('runs.list', { namespace: 'all', limit: 1 })).toHaveLength(1);
    expect(await call<Namespaces>('namespaces.list', {})).toEqual({ current: 'user:tester', users: ['tester'], tags: ['exp:a'] });
  });
});

describe('the artifact browser', () => {
  let start: string;
  test('artifacts.list tells each artifact view, table columns, metrics and images', async () => {
    const rows = valueOf(await t.api.dispatch('query.run', { sql: `SELECT pathspec FROM tasks WHERE run_id = '${a.runId}' AND step = 'start'` })) as QueryResult;
    start = String(rows.rows[0]!.pathspec);
    const infos = await call<ArtifactInfo[]>('artifacts.list', { pathspec: start });
    const byName = Object.fromEntries(infos.map((info) => [info.name, info]));
    expect(byName.df).toMatchObject({ view: 'table', local: true, table: { rows: 20, columns: [{ name: 'x', type: 'BIGINT' }, { name: 'group', type: 'VARCHAR' }, { name: 'weight', type: 'DOUBLE' }] } });
    expect(byName.records).toMatchObject({ view: 'json', encoding: 'json' });
    expect(byName.accuracy).toMatchObject({ view: 'json', metric: 0.6 });
    expect(byName.flag!.metric).toBeUndefined();
    expect(byName.picture).toMatchObject({ view: 'image', type: 'bytes' });
    const image = await call<{ kind: string; mime: string; base64: string }>('artifacts.get', { pathspec: start, name: 'picture' });
    expect(image.kind).toBe('image');
    expect(image.mime).toBe('image/png');
    expect(Buffer.from(image.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  test('artifacts.page pages and sorts a table; artifacts.summary describes its columns', async () => {
    const page = await call<TablePage>('artifacts.page', { pathspec: start, name: 'df', offset: 5, limit: 3, orderBy: { column: 'weight', descending: true } });
    expect(page.totalRows).toBe(20);
    expect(page.rows).toEqual([
      { x: 14, group: 'a', weight: 7 },
      { x: 13, group: 'b', weight: 6.5 },
      { x: 12, group: 'a', weight: 6 },
    ]);
    expect(page.columns.map((c) => c.name)).toEqual(['x', 'group', 'weight']);
    const records = await call<TablePage>('artifacts.page', { pathspec: start, name: 'records' });
    expect(records.rows).toEqual([{ id: 1, label: 'one' }, { id: 2, label: 'two' }]);
    expect(await t.api.dispatch('artifacts.page', { pathspec: start, name: 'df', orderBy: { column: 'nope' } })).toMatchObject({
      ok: false,
      error: { code: 'bad-argument', message: expect.stringMatching(/has no column "nope"/) },
    });
    const summary = await call<ColumnSummary[]>('artifacts.summary', { pathspec: start, name: 'df' });
    const weight = summary.find((column) => column.name === 'weight')!;
    expect(weight).toMatchObject({ type: 'DOUBLE', nulls: 0, min: 0, max: 9.5 });
    expect(weight.histogram).toHaveLength(10);
    expect(weight.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(20);
    const group = summary.find((column) => column.name === 'group')!;
    expect(group.histogram).toEqual([{ label: 'a', count: 10 }, { label: 'b', count: 10 }]);
    expect(group.distinct).toBe(2);
  });
});

describe('the SQL console', () => {
  test('query.run, its refusals as values, export and schema', async () => {
    const result = await call<QueryResult>('query.run', { sql: `SELECT count(*) AS n FROM artifact('${a.pathspec}/start', 'df')` });
    expect(result.rows).toEqual([{ n: 20 }]);
    expect(result.truncated).toBe(false);
    expect(await t.api.dispatch('query.run', { sql: "COPY runs TO 'x.csv'" })).toMatchObject({ ok: false, error: { code: 'query', message: expect.stringMatching(/^COPY writes files/) } });
    const csv = await call<{ filename: string; mime: string; base64: string }>('query.export', { sql: 'SELECT name, value FROM params ORDER BY run_id, name', format: 'csv' });
    expect(Buffer.from(csv.base64, 'base64').toString()).toBe('name,value\nalpha,0.1\nnote,"""plain"""\nalpha,0.3\nnote,"""plain"""\n');
    const parquet = await call<{ base64: string }>('query.export', { sql: 'SELECT * FROM runs', format: 'parquet' });
    expect(Buffer.from(parquet.base64, 'base64').subarray(0, 4).toString()).toBe('PAR1');
    expect(await t.api.dispatch('query.export', { sql: "SELECT * FROM read_csv('/etc/passwd')", format: 'csv' })).toMatchObject({ ok: false, error: { code: 'query' } });
    const schema = await call<QuerySchema>('query.schema', {});
    expect(schema.views.map((view) => view.name)).toEqual(['runs', 'params', 'tasks', 'artifacts', 'metrics']);
    expect(schema.views[0]!.columns.slice(0, 9)).toEqual(['flow', 'run_id', 'user', 'status', 'started_at', 'ended_at', 'duration_s', 'tags', 'origin_run_id']);
    expect(schema.artifacts).toContainEqual({ pathspec: `${a.pathspec}/start`, name: 'df', columns: ['x', 'group', 'weight'] });
    expect(valueOf(await t.api.dispatch('query.cancel', { queryId: 'not-running' }))).toEqual({});
  });
});

describe('the SQL console follows the namespace', () => {
  const runIds = async (namespace?: string): Promise<unknown[]> =>
    (await call<QueryResult>('query.run', { sql: 'SELECT run_id FROM runs ORDER BY run_id', ...(namespace ? { namespace } : {}) })).rows.map((row) => row.run_id);

  test('query.run: the views show the namespace\'s runs and latest is its newest', async () => {
    expect(await runIds()).toEqual([a.runId, b.runId]);
    expect(await runIds('all')).toEqual([a.runId, b.runId]);
    expect(await runIds('exp:a')).toEqual([a.runId]);
    expect(await runIds('user:nobody')).toEqual([]);
    const params = await call<QueryResult>('query.run', { sql: 'SELECT DISTINCT run_id FROM params', namespace: 'exp:a' });
    expect(params.rows).toEqual([{ run_id: a.runId }]);
    const metrics = await call<QueryResult>('query.run', { sql: 'SELECT DISTINCT run_id FROM metrics UNION SELECT DISTINCT run_id FROM tasks UNION SELECT DISTINCT run_id FROM artifacts', namespace: 'exp:a' });
    expect(metrics.rows).toEqual([{ run_id: a.runId }]);
    const latest = (namespace?: string): Promise<QueryResult> =>
      call<QueryResult>('query.run', { sql: "SELECT value::DOUBLE AS accuracy FROM artifact('InspectFlow/latest/start', 'accuracy')", ...(namespace ? { namespace } : {}) });
    expect((await latest()).rows).toEqual([{ accuracy: 0.8 }]);
    expect((await latest('exp:a')).rows).toEqual([{ accuracy: 0.6 }]);
    // An explicit run id reads a run of any namespace: a namespace is a lens, not a permission.
    const explicit = await call<QueryResult>('query.run', { sql: `SELECT count(*) AS n FROM artifact('${b.pathspec}/start', 'df')`, namespace: 'exp:a' });
    expect(explicit.rows).toEqual([{ n: 20 }]);
    expect(await t.api.dispatch('query.run', { sql: "SELECT * FROM artifact('InspectFlow/latest/start', 'df')", namespace: 'user:nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/no succeeded run in the namespace user:nobody/) },
    });
  });

  test('query.export and query.schema take the namespace too', async () => {
    const csv = await call<{ base64: string }>('query.export', { sql: 'SELECT run_id FROM runs', format: 'csv', namespace: 'exp:a' });
    expect(Buffer.from(csv.base64, 'base64').toString()).toBe(`run_id\n${a.runId}\n`);
    const schema = await call<QuerySchema>('query.schema', { namespace: 'exp:a' });
    expect(new Set(schema.artifacts.map((artifact) => artifact.pathspec.split('/')[1]))).toEqual(new Set([a.runId]));
    expect((await call<QuerySchema>('query.schema', { namespace: 'user:nobody' })).artifacts).toEqual([]);
  });
});

describe('compare and metrics', () => {
  test('runs.compare: parameters, metrics, artifacts by content, tags, code diff and changed steps', async () => {
    const comparison = await call<RunComparison>('runs.compare', { pathspecs: [a.pathspec, b.pathspec] });
    expect(comparison.params.find((row) => row.name === 'alpha')).toEqual({ name: 'alpha', values: [0.1, 0.3], same: false });
    expect(comparison.metrics.find((row) => row.step === 'start' && row.name === 'accuracy')).toMatchObject({ values: [0.6, 0.8], same: false });
    expect(comparison.metrics.find((row) => row.step === 'train[1]' && row.name === 'score')).toMatchObject({ values: [20, 200], same: false });
    expect(comparison.artifacts.find((row) => row.step === 'start' && row.name === 'df')).toMatchObject({ same: true, values: [{ table: { rows: 20 } }, { table: { rows: 20 } }] });
    expect(comparison.tags).toEqual({ values: [['user:tester', 'exp:a'], ['user:tester']], same: false });
    expect(comparison.code[0]!.diff).toBe('');
    expect(comparison.code[1]!.diff).toContain('-        self.score = self.input * 10\n+        self.score = self.input * 100\n');
    expect(comparison.changedSteps).toEqual([[], ['train']]);
  });

  test('metrics.series: one metric across runs, with their parameters', async () => {
    const points = await call<MetricPoint[]>('metrics.series', { flow: 'InspectFlow', name: 'accuracy', step: 'start' });
    expect(points.map((point) => [point.runId, point.value, point.parameters.alpha])).toEqual([
      [a.runId, 0.6, 0.1],
      [b.runId, 0.8, 0.3],
    ]);
  });
});

describe('a teammate\'s run', () => {
  test('runs.get and runs.list both mark a pulled run (its pulled.json marker)', async () => {
    const get = async (): Promise<RunSummary> => (await call<{ run: RunSummary }>('runs.get', { pathspec: a.pathspec })).run;
    expect((await get()).pulled).toBeUndefined();
    await writeFile(join(t.home, 'runs', 'InspectFlow', a.runId, 'pulled.json'), '{"remote": "team"}\n');
    expect((await get()).pulled).toBe(true);
    // The index catches up at most once a second: the list shows it within two.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const listed = await call<RunSummary[]>('runs.list', { flow: 'InspectFlow' });
    expect(listed.find((run) => run.runId === a.runId)?.pulled).toBe(true);
  });
});
