/**
 * SQL over the artifacts of several real runs, every refusal of the issue, the time limit, and
 * `flowbench runs|query|compare` in their stable forms.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFlowbenchError } from '../errors/flowbench-error.js';
import { RunStore } from '../store/run-store.js';
import { cli, runFlow, tempHome } from '../testing/cli-harness.js';
import { RunIndex } from './run-index.js';
import { cancelQuery, runUserQuery } from './user-query.js';

const flow = join(import.meta.dirname, 'fixtures', 'inspect_flow.py');
let home: string;
let a: string;
let b: string;
let index: RunIndex;

beforeAll(async () => {
  home = await tempHome();
  const first = await runFlow(flow, home);
  expect(first.code, first.stderr).toBe(0);
  const second = await runFlow(flow, home, ['--param', 'note=loud', '--tag', 'exp:2']);
  expect(second.code, second.stderr).toBe(0);
  a = first.result.pathspec;
  b = second.result.pathspec;
  index = await RunIndex.open(RunStore.open(home));
  await index.catchUp();
}, 180_000);
afterAll(() => index?.close());

const query = (sql: string, limit = 1000) => runUserQuery(index, sql, { limit, namespace: 'user:tester' });

/** The refusal's sentence (a FlowbenchError with code `query`). */
async function refusal(sql: string): Promise<string> {
  try {
    await query(sql);
  } catch (error) {
    if (isFlowbenchError(error) && error.code === 'query') return error.message;
    throw error;
  }
  throw new Error(`"${sql}" was not refused`);
}

describe('SQL over artifacts', () => {
  it('reads a DataFrame of several runs, a foreach step with task_id, records, scalars and latest', async () => {
    const both = await query(`SELECT 'a' AS run, count(*) AS n, sum(weight) AS w FROM artifact('${a}/start', 'df')
                              UNION ALL SELECT 'b', count(*), sum(weight) FROM artifact('${b}/start', 'df') ORDER BY run`);
    expect(both.rows).toEqual([
      { run: 'a', n: 20, w: 95 },
      { run: 'b', n: 20, w: 95 },
    ]);
    expect(both.columns.map((c) => c.type)).toEqual(['VARCHAR', 'BIGINT', 'DOUBLE']);
    const parts = await query(`SELECT task_id, k, v FROM artifact('${a}/train', 'part') ORDER BY k, v`);
    expect(parts.rows.map((row) => row.k)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(new Set(parts.rows.map((row) => row.task_id)).size).toBe(3);
    expect((await query(`SELECT * FROM artifact('${a}/start', 'records') ORDER BY id`)).rows).toEqual([
      { id: 1, label: 'one' },
      { id: 2, label: 'two' },
    ]);
    expect((await query(`SELECT value FROM artifact('${b}/start', 'shout')`)).rows).toEqual([{ value: 'LOUD' }]);
    expect((await query(`SELECT sum(value) AS s FROM artifact('${a}/train', 'score')`)).rows).toEqual([{ s: 60 }]);
    expect((await query(`SELECT value FROM artifact('InspectFlow/latest/start', 'shout')`)).rows).toEqual([{ value: 'LOUD' }]);
    const task = (await query(`SELECT task_id FROM tasks WHERE pathspec LIKE '${a}/train/%' ORDER BY foreach_index LIMIT 1`)).rows[0]!.task_id;
    expect((await query(`SELECT k FROM artifact('${a}/train/${String(task)}', 'part')`)).rows).toEqual([{ k: 1 }, { k: 1 }]);
  });

  it('joins the views: a metric of every run where a parameter has a value', async () => {
    const result = await query(`SELECT r.run_id, m.value AS accuracy FROM runs r
      JOIN params p ON p.flow = r.flow AND p.run_id = r.run_id AND p.name = 'note' AND p.value = '"loud"'
      JOIN metrics m ON m.flow = r.flow AND m.run_id = r.run_id AND m.step = 'start' AND m.name = 'accuracy'`);
    expect(result.rows).toEqual([{ run_id: b.split('/')[1], accuracy: 0.6 }]);
  });

  it('says what is wrong with an artifact() it cannot read', async () => {
    await expect(query(`SELECT * FROM artifact('${a}/start', 'picture')`)).rejects.toThrow(/is a pickled bytes: SQL reads tables/);
    await expect(query(`SELECT * FROM artifact('${a}/start', 'nope')`)).rejects.toThrow(/has no artifact "nope"\. Its artifacts: .*accuracy/);
    await expect(query(`SELECT * FROM artifact('${a}', 'df')`)).rejects.toThrow(/name a step/);
    await expect(query(`SELECT * FROM artifact('NoFlow/latest/start', 'df')`)).rejects.toThrow(/NoFlow has no succeeded run/);
    await expect(query(`SELECT * FROM artifact(1, 'df')`)).rejects.toThrow(/takes two text literals/);
  });

  it('limits the rows returned and says it did', async () => {
    const result = await query('SELECT * FROM range(5000)', 100);
    expect(result.rows).toHaveLength(100);
    expect(result.truncated).toBe(true);
  });
});

describe('confinement: every refusal is one sentence', () => {
  it.each([
    ["COPY (SELECT 1) TO '/tmp/flowbench-leak.csv'", /^COPY writes files/],
    ["ATTACH '/tmp/other.duckdb' AS other", /^ATTACH opens another database/],
    ["SELECT * FROM read_csv('/etc/passwd')", /reads \/etc\/passwd, which is outside the store/],
    ["SELECT * FROM read_text('../../etc/passwd')", /outside the store/],
    ["SET memory_limit = '64GB'", /^SET changes DuckDB's settings/],
    ["SET enable_external_access = true", /^SET changes DuckDB's settings/],
    ['INSTALL httpfs', /^INSTALL adds a DuckDB extension/],
    ['LOAD httpfs', /^LOAD loads a DuckDB extension/],
    ["PRAGMA memory_limit = '64GB'", /^PRAGMA reads or changes/],
    ['CREATE TABLE t AS SELECT 1', /^CREATE changes data/],
    ['DELETE FROM runs', /^DELETE changes data/],
    ['SELECT 1; SELECT 2', /^That is 2 statements/],
    ["/* hidden */ copy runs to 'x.csv'", /^COPY writes files/],
    ["EXPLAIN SELECT 1", /^Only SELECT queries can run here, and this is a EXPLAIN statement/],
  ])('%s', async (sql, sentence) => {
    const message = await refusal(sql);
    expect(message).toMatch(sentence);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('a file inside the blobs folder through a path that leaves it is refused too', async () => {
    expect(await refusal(`SELECT * FROM read_text('${join(home, 'blobs')}/../runs/InspectFlow/*/run.json')`)).toMatch(/outside the store/);
  });
});

describe('time limit and cancel', () => {
  it('stops a query at its time limit', async () => {
    const slow = runUserQuery(index, 'SELECT count(*) FROM range(100000000000)', { limit: 10, namespace: 'all', timeLimitMs: 300 });
    await expect(slow).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(/longer than its time limit \(0\.3 s\)/) });
  });

  it('cancels a query by its id', async () => {
    const slow = runUserQuery(index, 'SELECT count(*) FROM range(100000000000)', { limit: 10, namespace: 'all', queryId: 'q1' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cancelQuery('q1')).toBe(true);
    await expect(slow).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancelQuery('q1')).toBe(false);
  });
});

describe('the CLI forms', () => {
  it('runs [FLOW] --tag --status --namespace --json, through the index', async () => {
    const all = JSON.parse((await cli(['runs', 'InspectFlow', '--json'], home)).stdout);
    expect(all.map((run: { pathspec: string }) => run.pathspec)).toEqual([b, a]);
    expect(all[0]).toMatchObject({ flow: 'InspectFlow', status: 'succeeded', user: 'tester', tags: ['user:tester', 'exp:2'], parameters: { note: 'loud' } });
    expect(Object.keys(all[0])).toEqual(['flow', 'run', 'pathspec', 'status', 'user', 'tags', 'parameters', 'startedAt', 'finishedAt', 'durationMs']);
    const tagged = JSON.parse((await cli(['runs', '--tag', 'exp:2', '--json'], home)).stdout);
    expect(tagged.map((run: { pathspec: string }) => run.pathspec)).toEqual([b]);
    expect(JSON.parse((await cli(['runs', '--status', 'failed', '--json'], home)).stdout)).toEqual([]);
    expect(JSON.parse((await cli(['runs', '--namespace', 'user:someone', '--json'], home)).stdout)).toEqual([]);
    expect(JSON.parse((await cli(['runs', '--namespace', 'exp:2', '--json'], home)).stdout)).toHaveLength(1);
    expect(JSON.parse((await cli(['runs', '--json'], home, { FLOWBENCH_USER: 'someone' })).stdout)).toEqual([]);
    expect(JSON.parse((await cli(['runs', '--namespace', 'all', '--json'], home, { FLOWBENCH_USER: 'someone' })).stdout)).toHaveLength(2);
    expect((await cli(['runs', '--status', 'done'], home)).stderr).toMatch(/--status expects one of running, succeeded, failed, cancelled/);
    const text = await cli(['runs', '--tag', 'exp:2'], home);
    expect(text.stdout).toMatch(/PATHSPEC\s+STATUS\s+STARTED \(UTC\)\s+DURATION\s+TAGS/);
    expect(text.stdout).toContain(b);
  });

  it('query prints a table, --json one array, --csv a header; a bad query exits 1 with one line', async () => {
    const sql = "SELECT name, value, 9007199254740993 AS big, TIMESTAMP '2024-05-01 12:00:00' AS at FROM params WHERE name = 'alpha' LIMIT 1";
    expect(JSON.parse((await cli(['query', sql, '--json'], home)).stdout)).toEqual([{ name: 'alpha', value: '0.1', big: '9007199254740993', at: '2024-05-01T12:00:00.000Z' }]);
    expect((await cli(['query', sql, '--csv'], home)).stdout).toBe('name,value,big,at\nalpha,0.1,9007199254740993,2024-05-01T12:00:00.000Z\n');
    expect((await cli(['query', "SELECT 'a,\"b' AS x", '--csv'], home)).stdout).toBe('x\n"a,""b"\n');
    expect((await cli(['query', sql], home)).stdout).toMatch(/^name\s+value\s+big\s+at\nalpha\s+0\.1/);
    const bad = await cli(['query', 'SELECT nope FROM runs'], home);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^flowbench: Binder Error: Referenced column "nope" not found/);
    const refused = await cli(['query', "COPY runs TO '/tmp/x.csv'"], home);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^flowbench: COPY writes files/);
  });

  it('compare A B --json: one parameter and one artifact differ, by content, with the code diff', async () => {
    const out = await cli(['compare', a, b, '--json'], home);
    expect(out.code, out.stderr).toBe(0);
    const comparison = JSON.parse(out.stdout);
    expect(Object.keys(comparison)).toEqual(['a', 'b', 'params', 'metrics', 'artifacts', 'tags', 'code']);
    expect(comparison.a).toBe(a);
    expect(comparison.params).toEqual([
      { name: 'alpha', a: 0.1, b: 0.1, same: true },
      { name: 'note', a: 'plain', b: 'loud', same: false },
    ]);
    expect(comparison.metrics.every((row: { same: boolean }) => row.same)).toBe(true);
    expect(comparison.metrics).toContainEqual({ step: 'start', name: 'accuracy', a: 0.6, b: 0.6, same: true });
    const differing = comparison.artifacts.filter((row: { same: boolean }) => !row.same);
    expect(new Set(differing.map((row: { name: string }) => row.name))).toEqual(new Set(['shout']));
    expect(differing[0].a).toMatch(/^[0-9a-f]{64}$/);
    expect(comparison.artifacts).toContainEqual(expect.objectContaining({ step: 'start', name: 'df', same: true }));
    expect(comparison.artifacts).toContainEqual(expect.objectContaining({ step: 'train[1]', name: 'part', same: true }));
    expect(comparison.tags).toEqual({ a: ['user:tester'], b: ['user:tester', 'exp:2'], same: false });
    expect(comparison.code).toBe('');
    const text = await cli(['compare', a, b], home);
    expect(text.stdout).toMatch(/note\s+plain\s+loud/);
    expect(text.stdout).toMatch(/start\.shout/);
    expect(text.stdout).toContain('Code: identical.');
  });
});
