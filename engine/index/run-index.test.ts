/**
 * The index is a cache over the store: rebuilt after deletion with the same content, caught up
 * incrementally (runs made by another process, tag events, pulled runs), and usable while another
 * process holds its file. Real runs of real flows, real DuckDB.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { cli, collect, runFlow, spawnCli, tempHome } from '../testing/cli-harness.js';
import { RunIndex } from './run-index.js';
import { TABLES } from './index-tables.js';
import { jsonValue } from './json-values.js';

const list = (value: unknown): unknown => jsonValue(value as never);

const flow = join(import.meta.dirname, 'fixtures', 'inspect_flow.py');
let home: string;
let store: RunStore;
let first: string;

/** Every table's rows, sorted, as text: two indexes with the same content print the same. */
async function contentOf(index: RunIndex): Promise<string> {
  const tables: string[] = [];
  for (const table of TABLES.filter((t) => t.name !== 'run_state')) {
    const rows = await index.read(`SELECT * FROM ${table.name} ORDER BY ALL`);
    tables.push(`${table.name}: ${JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}`);
  }
  return tables.join('\n');
}

beforeAll(async () => {
  home = await tempHome();
  store = RunStore.open(home);
  const run = await runFlow(flow, home, ['--tag', 'exp:1']);
  expect(run.code, run.stderr).toBe(0);
  first = run.result.run;
}, 120_000);

describe('the index', () => {
  let index: RunIndex;
  afterAll(() => index?.close());

  it('holds the views of the issue with their columns, from the records', async () => {
    index = await RunIndex.open(store);
    const report = await index.catchUp();
    expect(report).toMatchObject({ scanned: 1, changed: 1, persisted: true });
    const [run] = await index.read('SELECT flow, run_id, "user", status, duration_s, tags, origin_run_id, pulled FROM runs');
    expect(run).toMatchObject({ flow: 'InspectFlow', run_id: first, user: 'tester', status: 'succeeded', origin_run_id: null, pulled: false });
    expect(list(run!.tags)).toEqual(['user:tester', 'exp:1']);
    expect(Number(run!.duration_s)).toBeGreaterThan(0);
    const params = await index.read('SELECT name, value, value_double FROM params ORDER BY name');
    expect(params).toEqual([
      { name: 'alpha', value: '0.1', value_double: 0.1 },
      { name: 'note', value: '"plain"', value_double: null },
    ]);
    const tasks = await index.read("SELECT task_id, status, attempts, foreach_index FROM tasks WHERE step = 'train' ORDER BY foreach_index");
    expect(tasks.map((t) => t.foreach_index)).toEqual([0, 1, 2]);
    const artifacts = await index.read("SELECT name, type, encoding, size_bytes, sha256 FROM artifacts WHERE step = 'start' ORDER BY name");
    // Parameters are artifacts too (as in Metaflow), so `alpha` and `note` are listed.
    expect(artifacts.map((a) => a.name)).toEqual(['accuracy', 'alpha', 'count', 'df', 'flag', 'grid', 'note', 'picture', 'records', 'shout']);
    expect(artifacts.every((a) => /^[0-9a-f]{64}$/.test(String(a.sha256)))).toBe(true);
    // Numeric scalars only: int and float, not bool.
    const metrics = await index.read("SELECT name, value FROM metrics WHERE step = 'start' ORDER BY name");
    expect(metrics).toEqual([
      { name: 'accuracy', value: 0.6 },
      { name: 'alpha', value: 0.1 },
      { name: 'count', value: 3 },
    ]);
    expect((await index.catchUp()).changed).toBe(0);
  });

  it('is rebuilt after deletion with the same content', async () => {
    const before = await contentOf(index);
    index.close();
    const file = new (await import('./index-file.js')).IndexFile(join(home, 'index', 'index.duckdb'));
    file.remove();
    index = await RunIndex.open(store);
    expect((await index.read('SELECT count(*) AS n FROM runs'))[0]!.n).toBe(0n);
    expect((await index.catchUp()).changed).toBe(1);
    expect(await contentOf(index)).toBe(before);
    // And a second process loads it from the file without reading the store again.
    index.close();
    index = await RunIndex.open(store);
    expect(await contentOf(index)).toBe(before);
    expect((await index.catchUp()).changed).toBe(0);
  });

  it('catches up with a run made by another process, tag events and a pulled marker', async () => {
    const child = await collect(spawnCli(['run', flow, '--json', '--param', 'alpha=0.3'], home));
    expect(child.code, child.stderr).toBe(0);
    const second = JSON.parse(child.stdout.trim().split('\n').pop()!).run as string;
    await store.changeTags('InspectFlow', first, 'add', ['best'], 'tester');
    writeFileSync(join(home, 'runs', 'InspectFlow', second, 'pulled.json'), '{}\n');
    const report = await index.catchUp();
    expect(report.changed).toBe(2);
    const runs = await index.read('SELECT run_id, tags, pulled FROM runs ORDER BY run_id');
    expect(runs.map((r) => [r.run_id, list(r.tags), r.pulled])).toEqual([
      [first, ['user:tester', 'exp:1', 'best'], false],
      [second, ['user:tester'], true],
    ]);
    await store.changeTags('InspectFlow', first, 'remove', ['exp:1'], 'tester');
    expect((await index.catchUp()).changed).toBe(1);
    expect(list((await index.read('SELECT tags FROM runs WHERE run_id = ?', [first]))[0]!.tags)).toEqual(['user:tester', 'best']);
  }, 120_000);

  it('lists a run whose record is corrupt as damaged, with the file, and forgets it once it is gone', async () => {
    const dir = join(home, 'runs', 'InspectFlow', '01BROKEN');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'run.json'), '{"version": 1, "flow"');
    await index.catchUp();
    const [broken] = await index.read("SELECT status, damaged FROM runs WHERE run_id = '01BROKEN'");
    expect(broken!.status).toBe('failed');
    expect(JSON.parse(String(broken!.damaged))).toMatchObject({ file: join(dir, 'run.json') });
    expect((await index.read('SELECT count(*) AS n FROM runs WHERE damaged IS NULL'))[0]!.n).toBe(2n);
    expect(await index.read("SELECT run_id, status, status_note FROM runs WHERE run_id = '01BROKEN'")).toEqual([
      { run_id: '01BROKEN', status: 'failed', status_note: 'its run record is damaged' },
    ]);
    rmSync(dir, { recursive: true });
    expect((await index.catchUp()).removed).toBe(1);
    expect((await index.read('SELECT count(*) AS n FROM runs'))[0]!.n).toBe(2n);
  });

  it('still answers while another process holds the index file', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const holder = await DuckDBInstance.create(join(home, 'index', 'index.duckdb'));
    const connection = await holder.connect();
    try {
      const listed = await cli(['runs', '--json'], home);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(2);
      // A child process too: it waits briefly for the file, then works from memory.
      const child = await collect(spawnCli(['query', 'SELECT count(*) AS n FROM runs', '--json'], home));
      expect(child.code, child.stderr).toBe(0);
      expect(JSON.parse(child.stdout)).toEqual([{ n: 2 }]);
    } finally {
      connection.closeSync();
      holder.closeSync();
    }
  }, 60_000);
});
