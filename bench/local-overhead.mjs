#!/usr/bin/env node
// Per-task overhead of the local backend against the floor measured here, with the same
// interpreter the tasks use: starting `python -c pass` once per task, one after another.
//
//   npm run bench:local            (builds nothing: run `npm run build` first)
//   BENCH_REPEAT=3 BENCH_WIDTH=200 FLOWBENCH_PYTHON=/usr/bin/python3 npm run bench:local
//
// Prints, for (a) a linear 5-step flow and (b) a foreach of BENCH_WIDTH trivial tasks with 2
// workers: the floor, the run with warm workers (fork) and with a cold interpreter per task,
// each as the median of BENCH_REPEAT runs, and their ratios to the floor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const engine = (path) => import(join(root, 'out', 'engine', path));
const { loadConfig } = await engine('config/config.js');
const { RunStore } = await engine('store/run-store.js');
const { LocalBackend } = await engine('backends/local/local-backend.js');
const { loadFlowForRun } = await engine('flows/load-flow.js');
const { startRun } = await engine('runtime/start-run.js');

const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const width = Number(process.env.BENCH_WIDTH ?? 200);
const home = mkdtempSync(join(tmpdir(), 'flowbench-bench-'));
const config = loadConfig({ ...process.env, FLOWBENCH_HOME: home });
const python = config.python;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function floorMs(tasks) {
  const started = performance.now();
  for (let i = 0; i < tasks; i += 1) {
    const result = spawnSync(python, ['-c', 'pass']);
    if (result.status !== 0) throw new Error(`${python} -c pass failed`);
  }
  return performance.now() - started;
}

async function runMs(flowFile, { warm, maxWorkers }) {
  const store = RunStore.open(home);
  const backend = new LocalBackend({ python, runtimePath: config.runtimePath, warmWorkers: warm, bytecodeCache: join(home, 'cache', 'pycache') });
  try {
    const flow = await loadFlowForRun(flowFile);
    const started = performance.now();
    const run = await startRun({ store, backend, user: 'bench' }, { flow, maxWorkers });
    const result = await run.done;
    const elapsed = performance.now() - started;
    if (result.status !== 'succeeded') throw new Error(`${flowFile}: ${result.status}: ${result.message}`);
    return elapsed;
  } finally {
    await backend.close();
  }
}

async function measure(label, flowFile, tasks, maxWorkers) {
  const floors = [];
  const warm = [];
  const cold = [];
  for (let i = 0; i < repeat; i += 1) {
    floors.push(floorMs(tasks));
    warm.push(await runMs(flowFile, { warm: true, maxWorkers }));
    cold.push(await runMs(flowFile, { warm: false, maxWorkers }));
  }
  const f = median(floors);
  const w = median(warm);
  const c = median(cold);
  const row = (name, ms) => `  ${name.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / tasks).toFixed(1).padStart(6)} ms/task  ${(ms / f).toFixed(2)}x floor`;
  console.log(`${label} (${tasks} tasks, max-workers ${maxWorkers}, median of ${repeat})`);
  console.log(row(`floor: ${tasks} x python -c pass`, f));
  console.log(row('flowbench, warm worker (fork)', w));
  console.log(row('flowbench, cold process per task', c));
  return { floor: f, warm: w, cold: c };
}

console.log(`interpreter: ${python} (${spawnSync(python, ['--version']).stdout.toString().trim()}); node ${process.version}; ${(await import('node:os')).cpus().length} CPUs`);
process.env.BENCH_WIDTH = String(width);
const linear = await measure('(a) linear 5-step flow', join(root, 'bench/flows/linear5_flow.py'), 5, 2);
const foreach = await measure(`(b) foreach of ${width}`, join(root, 'bench/flows/foreach_flow.py'), width + 3, 2);
console.log('targets: linear under 3x its floor, foreach under 2x its floor');
console.log(`  linear:  warm ${(linear.warm / linear.floor).toFixed(2)}x, cold ${(linear.cold / linear.floor).toFixed(2)}x`);
console.log(`  foreach: warm ${(foreach.warm / foreach.floor).toFixed(2)}x, cold ${(foreach.cold / foreach.floor).toFixed(2)}x`);
rmSync(home, { recursive: true, force: true });
