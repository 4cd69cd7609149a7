#!/usr/bin/env node
// A foreach of BENCH_SIZES trivial tasks (default 1,000 and 10,000) on the local backend with
// warm workers, whose join reads the value of every input: the time of the run, the engine's
// peak memory (each size in its own engine process) and the time per task, against the floor
// measured here (python3 -c pass, started 20 times). Target: 10,000 in under 2 minutes, memory
// bounded.
//
//   npm run bench:scale            (run `npm run build:engine` first)
//   BENCH_SIZES=1000,10000 BENCH_WORKERS=2 FLOWBENCH_PYTHON=/usr/bin/python3 npm run bench:scale
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  // One size, in a process of its own so that its peak RSS is its own.
  const { benchFlow, benchHome, engine, timedRun } = await import('./lib.mjs');
  const { LocalBackend } = await engine('backends/local/local-backend.js');
  const width = Number(process.argv[3]);
  const workers = Number(process.argv[4]);
  const { home, config, remove } = benchHome();
  const backend = new LocalBackend({ python: config.python, runtimePath: config.runtimePath, warmWorkers: true, bytecodeCache: join(home, 'cache', 'pycache') });
  let events = 0;
  const ms = await timedRun(home, backend, benchFlow('foreach_join_flow.py'), { maxWorkers: workers, parameters: { width: String(width) }, onEvent: () => (events += 1) });
  console.log(JSON.stringify({ width, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024, events }));
  remove();
  process.exit(0);
}

const { cpuCount, floorMs } = await import('./lib.mjs');
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const python = process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3';
const floorPerTask = floorMs(20, python, ['-c', 'pass']) / 20;
console.log(`node ${process.version}; ${python}; ${cpuCount} CPUs; ${workers} workers`);
console.log(`floor: python3 -c pass ${floorPerTask.toFixed(1)} ms per start (20 started one after another)`);
for (const width of sizes) {
  const child = spawnSync(process.execPath, [self, '--child', String(width), String(workers)], { encoding: 'utf8', env: { ...process.env, FLOWBENCH_PYTHON: python } });
  if (child.status !== 0) throw new Error(`foreach of ${width} failed: ${child.stderr}`);
  const { ms, peakRssMiB } = JSON.parse(child.stdout.trim().split('\n').pop());
  const tasks = width + 3;
  console.log(
    `  foreach of ${String(width).padStart(6)}: ${(ms / 1000).toFixed(1).padStart(6)} s  ${(ms / tasks).toFixed(1).padStart(5)} ms/task (${(ms / tasks / floorPerTask).toFixed(2)}x a python3 -c pass)  engine peak RSS ${peakRssMiB.toFixed(0)} MiB` +
      (width >= 10_000 ? `  ${ms < 120_000 ? 'ok' : 'OVER'} (target < 120 s)` : ''),
  );
}
