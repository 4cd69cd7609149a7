#!/usr/bin/env node
// A foreach of BENCH_SIZES trivial tasks (default 1,000 and 10,000) whose join reads the value of
// every input, run as a person runs it: the whole `flowbench run` command (local backend, warm
// workers, --max-workers BENCH_WORKERS), in a fresh store. Prints the command's time, the time per
// task against the floor measured here (python3 -c pass, started 20 times), and the engine
// process's peak memory (VmHWM of the `flowbench` process, read from /proc while it runs).
// Target: 10,000 in under 2 minutes, memory bounded.
//
//   npm run bench:scale            (run `npm run build:engine` first)
//   BENCH_SIZES=1000,10000 BENCH_WORKERS=2 FLOWBENCH_PYTHON=/usr/bin/python3 npm run bench:scale
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchFlow, benchHome, cpuCount, floorMs, root } from './lib.mjs';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const python = process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3';

/** The peak resident memory of a live process so far, in MiB (null once it is gone). */
function peakRssMiB(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line === undefined ? null : Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return null;
  }
}

/** One `flowbench run` of the foreach at `width`: its wall time and the engine's peak RSS. */
function timedCommand(width) {
  const { home, remove } = benchHome();
  const args = [join(root, 'bin', 'flowbench.cjs'), 'run', benchFlow('foreach_join_flow.py'), '--param', `width=${width}`, '--max-workers', String(workers)];
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_PYTHON: python }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMiB(child.pid) ?? 0)), 100);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      clearInterval(sampler);
      remove();
      if (code !== 0) reject(new Error(`flowbench run of a foreach of ${width} exited ${code}: ${stderr}`));
      else resolve({ ms, peakRssMiB: peak });
    });
  });
}

const floorPerTask = floorMs(20, python, ['-c', 'pass']) / 20;
console.log(`node ${process.version}; ${python}; ${cpuCount} CPUs; flowbench run --max-workers ${workers}`);
console.log(`floor: python3 -c pass ${floorPerTask.toFixed(1)} ms per start (20 started one after another)`);
for (const width of sizes) {
  const { ms, peakRssMiB: rss } = await timedCommand(width);
  const tasks = width + 3;
  console.log(
    `  foreach of ${String(width).padStart(6)}: ${(ms / 1000).toFixed(1).padStart(6)} s  ${(ms / tasks).toFixed(1).padStart(5)} ms/task (${(ms / tasks / floorPerTask).toFixed(2)}x a python3 -c pass)  engine peak RSS ${rss.toFixed(0)} MiB` +
      (width >= 10_000 ? `  ${ms < 120_000 ? 'ok' : 'OVER'} (target < 120 s)` : ''),
  );
}
