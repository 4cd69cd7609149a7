#!/usr/bin/env node
// Inspection speed (issue 7), against baselines measured in this same script:
//   (1) a 10-million-row table artifact: its first page engine-side (target < 200 ms);
//   (2) a GROUP BY over it through `flowbench query` vs DuckDB querying the same Parquet file
//       directly (target <= 1.2x), both as a fresh process and in-process;
//   (3) 10,000 runs in a store: the query behind `flowbench runs --tag T --json` and behind the
//       runs list's first screen, engine-side with the index warm (target < 100 ms each), and a
//       full index rebuild.
//
//   npm run build:engine && node bench/inspect.mjs   (BENCH_ROWS, BENCH_RUNS, BENCH_REPEAT, BENCH_PARTS=table,runs)
//
// Records are written directly (no flow runs): the bench measures reading, not running.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { benchHome, cpuCount, engine, median, root } from './lib.mjs';

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const runCount = Number(process.env.BENCH_RUNS ?? 10_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 5);
/** `table` for (1) and (2), `runs` for (3). */
const parts = new Set((process.env.BENCH_PARTS ?? 'table,runs').split(','));

const { DuckDBInstance } = await import('@duckdb/node-api');
const { RunStore } = await engine('store/run-store.js');
const { sha256OfFile, blobKey } = await engine('store/content-addressed-store.js');
const { RunIndex } = await engine('index/run-index.js');
const { artifactPage } = await engine('index/artifact-table.js');
const { runUserQuery } = await engine('index/user-query.js');
const { listRuns } = await engine('index/run-list.js');
const { newRunId } = await engine('store/run-id.js');

const ms = (value) => `${value.toFixed(1).padStart(8)} ms`;
const time = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
};
const medianOf = async (n, fn) => {
  const times = [];
  for (let i = 0; i < n; i += 1) times.push((await time(fn)).ms);
  return median(times);
};

/** Writes a run's records straight into the store's layout (what a finished run leaves). */
function writeRun(store, codeSha, { flow, runId, tags, parameters, artifacts, startedAt }) {
  const dir = join(store.root, 'runs', flow, runId);
  mkdirSync(join(dir, 'tasks', 'start', '1'), { recursive: true });
  const finishedAt = new Date(Date.parse(startedAt) + 1500).toISOString();
  const record = { version: 1, flow, runId, flowFile: `/bench/${flow}.py`, codeSha, user: 'bench', tags, parameters, startedAt, backend: 'local', maxWorkers: 2, engine: { host: 'bench', pid: 1 } };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(record));
  writeFileSync(join(dir, 'tasks', 'start', '1', 'task.json'), JSON.stringify({ version: 1, step: 'start', taskId: '1', status: 'succeeded', startedAt, finishedAt, attempts: 1, splitStack: [], inputs: [], artifacts }));
  writeFileSync(join(dir, 'end.json'), JSON.stringify({ version: 1, status: 'succeeded', finishedAt }));
}

console.log(`node ${process.version}; ${cpuCount} CPUs; ${rows.toLocaleString('en')} rows; ${runCount.toLocaleString('en')} runs; median of ${repeat}`);

// ---- (1) and (2): one run with a 10-million-row table artifact ----
if (parts.has('table')) {
  const { home, remove } = benchHome();
  const store = RunStore.open(home);
  const codeSha = await store.blobs.putBytes(Buffer.from('class BigFlow: pass\n'));
  const made = join(home, 'big.parquet');
  const maker = await (await DuckDBInstance.create(':memory:')).connect();
  const build = await time(() =>
    maker.run(`COPY (SELECT i AS id, i % 1000 AS g, (i * 7919) % 100003 / 100003.0 AS x, 'name ' || (i % 97) AS s FROM range(${rows}) t(i)) TO '${made}' (FORMAT parquet)`),
  );
  maker.closeSync();
  const tableSha = await sha256OfFile(made);
  const target = join(home, blobKey(tableSha));
  mkdirSync(dirname(target), { recursive: true });
  renameSync(made, target);
  const pickleSha = await store.blobs.putBytes(Buffer.from('not really a pickle'));
  const runId = newRunId();
  writeRun(store, codeSha, {
    flow: 'BigFlow', runId, tags: ['user:bench'], parameters: {}, startedAt: new Date().toISOString(),
    artifacts: { big: { sha: pickleSha, encoding: 'pickle', type: 'pandas.DataFrame', size: 19, preview: `${rows} rows`, table: { sha: tableSha, format: 'parquet', rows, columns: [{ name: 'id', dtype: 'int64' }, { name: 'g', dtype: 'int64' }, { name: 'x', dtype: 'float64' }, { name: 's', dtype: 'object' }] } } },
  });
  const task = `BigFlow/${runId}/start/1`;
  console.log(`\n(1) a ${rows.toLocaleString('en')}-row table artifact (Parquet made in ${(build.ms / 1000).toFixed(1)} s)`);
  const index = await RunIndex.open(store);
  await index.catchUp();
  const firstEver = await time(() => artifactPage(index, task, 'big', { offset: 0, limit: 100 }));
  const firstPage = await medianOf(repeat, () => artifactPage(index, task, 'big', { offset: 0, limit: 100 }));
  const deepPage = await medianOf(repeat, () => artifactPage(index, task, 'big', { offset: Math.floor(rows / 2), limit: 100 }));
  const sorted = await medianOf(Math.min(repeat, 3), () => artifactPage(index, task, 'big', { offset: 0, limit: 100, orderBy: { column: 'x', descending: true } }));
  console.log(`  first page ever (includes the streamed sha256 check of the blob, once) ${ms(firstEver.ms)}`);
  console.log(`  first page (100 rows), blob already checked       ${ms(firstPage)}   target < 200 ms: ${firstPage < 200 ? 'met' : 'NOT met'}`);
  console.log(`  a page in the middle (offset ${Math.floor(rows / 2)})              ${ms(deepPage)}`);
  console.log(`  first page sorted by a column (a full sort)         ${ms(sorted)}`);

  // ---- (2) GROUP BY through the command vs DuckDB directly ----
  const groupBy = (from) => `SELECT g, count(*) AS n, avg(x) AS mean_x, max(s) AS top FROM ${from} GROUP BY g ORDER BY g`;
  const direct = await (await DuckDBInstance.create(':memory:')).connect();
  const directMs = await medianOf(repeat, () => direct.runAndReadAll(groupBy(`read_parquet('${target}')`)));
  direct.closeSync();
  const engineMs = await medianOf(repeat, () => runUserQuery(index, groupBy(`artifact('BigFlow/${runId}/start', 'big')`), { limit: 100_000, namespace: 'all' }));
  index.close();
  const env = { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'bench' };
  const processMs = (args) => medianOf(repeat, async () => {
    const result = spawnSync(process.execPath, args, { env, cwd: root, maxBuffer: 64 << 20 });
    if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  });
  const script = `import { DuckDBInstance } from '@duckdb/node-api'; const c = await (await DuckDBInstance.create(':memory:')).connect(); const r = await c.runAndReadAll(${JSON.stringify(groupBy(`read_parquet('${target}')`))}); console.log(JSON.stringify(r.getRowObjectsJson()));`;
  const directProcessMs = await processMs(['--input-type=module', '-e', script]);
  const cliMs = await processMs([join(root, 'bin', 'flowbench.cjs'), 'query', groupBy(`artifact('BigFlow/${runId}/start', 'big')`), '--json']);
  console.log(`\n(2) GROUP BY g over ${rows.toLocaleString('en')} rows (1000 groups)`);
  console.log(`  DuckDB directly on the Parquet file, in-process     ${ms(directMs)}   baseline`);
  console.log(`  engine: runUserQuery (rewrite, checks, confinement)  ${ms(engineMs)}   ${(engineMs / directMs).toFixed(2)}x`);
  console.log(`  node process: DuckDB directly on the file            ${ms(directProcessMs)}   baseline`);
  console.log(`  node process: flowbench query "…" --json             ${ms(cliMs)}   ${(cliMs / directProcessMs).toFixed(2)}x   target <= 1.2x: ${cliMs / directProcessMs <= 1.2 ? 'met' : 'NOT met'}`);
  remove();
}

// ---- (3) 10,000 runs ----
if (parts.has('runs')) {
  const { home, remove } = benchHome();
  const store = RunStore.open(home);
  const codeSha = await store.blobs.putBytes(Buffer.from('class ManyFlow: pass\n'));
  const start = Date.now() - runCount * 60_000;
  const written = await time(async () => {
    for (let i = 0; i < runCount; i += 1) {
      const accuracy = (i % 1000) / 1000;
      writeRun(store, codeSha, {
        flow: i % 2 ? 'TrainFlow' : 'EvalFlow',
        runId: newRunId(),
        tags: ['user:bench', ...(i % 100 === 0 ? ['T'] : []), `batch:${i % 10}`],
        parameters: { alpha: accuracy, name: `run ${i}` },
        startedAt: new Date(start + i * 60_000).toISOString(),
        artifacts: {
          accuracy: { sha: codeSha, encoding: 'json', type: 'float', size: 5, preview: String(accuracy) },
          count: { sha: codeSha, encoding: 'json', type: 'int', size: 2, preview: String(i) },
        },
      });
    }
  });
  console.log(`\n(3) ${runCount.toLocaleString('en')} runs (records written in ${(written.ms / 1000).toFixed(1)} s)`);
  let index = await RunIndex.open(store);
  const rebuild = await time(() => index.catchUp());
  index.close();
  const reopen = await time(() => RunIndex.open(store));
  index = reopen.value;
  const scan = await medianOf(repeat, () => index.catchUp());
  const tagged = await medianOf(repeat, () => listRuns(index, { namespace: 'user:bench', tags: ['T'] }));
  const firstScreen = await medianOf(repeat, () => listRuns(index, { namespace: 'user:bench', limit: 50 }));
  const oneFlow = await medianOf(repeat, () => listRuns(index, { flow: 'TrainFlow', namespace: 'user:bench', limit: 50 }));
  const found = (await listRuns(index, { namespace: 'user:bench', tags: ['T'] })).length;
  index.close();
  const env = { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'bench' };
  const cli = await medianOf(Math.min(repeat, 3), async () => {
    const result = spawnSync(process.execPath, [join(root, 'bin', 'flowbench.cjs'), 'runs', '--tag', 'T', '--json'], { env, maxBuffer: 64 << 20 });
    if (result.status !== 0) throw new Error(String(result.stderr));
  });
  // Baseline in the same run: the records read through fs/promises, 32 runs at a time (as before
  // sync-read-storage.ts); then the default, synchronous reads in batches.
  const rebuildWith = (recordReads) => time(async () => {
    const fresh = await RunIndex.open(store, { recordReads });
    await fresh.rebuild();
    fresh.close();
  });
  const asyncRebuild = await rebuildWith('async');
  const fullRebuild = await rebuildWith('sync');
  console.log(`  full index build from the records (first open)      ${ms(rebuild.ms)}`);
  console.log(`  full rebuild, records read async (baseline)         ${ms(asyncRebuild.ms)}   baseline`);
  console.log(`  full rebuild (rebuild(), file rewritten)            ${ms(fullRebuild.ms)}   ${(fullRebuild.ms / asyncRebuild.ms).toFixed(2)}x`);
  console.log(`  open in a new process (load the index file)         ${ms(reopen.ms)}`);
  console.log(`  catch-up with nothing new (scan of every run folder) ${ms(scan)}`);
  console.log(`  query behind runs --tag T --json (${found} runs), warm     ${ms(tagged)}   target < 100 ms: ${tagged < 100 ? 'met' : 'NOT met'}`);
  console.log(`  query behind the runs list's first screen (50), warm ${ms(firstScreen)}   target < 100 ms: ${firstScreen < 100 ? 'met' : 'NOT met'}`);
  console.log(`  the same for one flow                               ${ms(oneFlow)}`);
  console.log(`  whole command: flowbench runs --tag T --json        ${ms(cli)}   (a new process: load, catch up, query)`);
  remove();
}
