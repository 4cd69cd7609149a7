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
import { join } from 'node:path';
import { benchFlow, benchHome, cpuCount, engine, floorMs, median, timedRun } from './lib.mjs';

const { LocalBackend } = await engine('backends/local/local-backend.js');

const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const width = Number(process.env.BENCH_WIDTH ?? 200);
const { home, config, remove } = benchHome();
const python = config.python;

function runMs(flowFile, { warm, maxWorkers, parameters }) {
  const backend = new LocalBackend({ python, runtimePath: config.runtimePath, warmWorkers: warm, bytecodeCache: join(home, 'cache', 'pycache') });
  return timedRun(home, backend, flowFile, { maxWorkers, parameters });
}

async function measure(label, flowFile, tasks, maxWorkers, parameters = {}) {
  const floors = [];
  const warm = [];
  const cold = [];
  for (let i = 0; i < repeat; i += 1) {
    floors.push(floorMs(tasks, python, ['-c', 'pass']));
    warm.push(await runMs(flowFile, { warm: true, maxWorkers, parameters }));
    cold.push(await runMs(flowFile, { warm: false, maxWorkers, parameters }));
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

console.log(`interpreter: ${python} (${spawnSync(python, ['--version']).stdout.toString().trim()}); node ${process.version}; ${cpuCount} CPUs`);
const linear = await measure('(a) linear 5-step flow', benchFlow('linear5_flow.py'), 5, 2);
const foreach = await measure(`(b) foreach of ${width}`, benchFlow('foreach_flow.py'), width + 3, 2, { width: String(width) });
console.log('targets: linear under 3x its floor, foreach under 2x its floor');
console.log(`  linear:  warm ${(linear.warm / linear.floor).toFixed(2)}x, cold ${(linear.cold / linear.floor).toFixed(2)}x`);
console.log(`  foreach: warm ${(foreach.warm / foreach.floor).toFixed(2)}x, cold ${(foreach.cold / foreach.floor).toFixed(2)}x`);
remove();
