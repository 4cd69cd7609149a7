#!/usr/bin/env node
// The same flow files run with Metaflow and with Flowbench, in one sitting, whole commands as a
// person types them:
//   metaflow:  python3 FLOW.py run [--width N] --max-workers 2      (METAFLOW_SRC on PYTHONPATH)
//   flowbench: flowbench run FLOW.py [--param width=N] --max-workers 2
// The flows (bench/flows/metaflow/) import `metaflow`; Flowbench runs them unchanged.
//
//   METAFLOW_SRC=/path/to/metaflow-checkout npm run bench:metaflow
//   BENCH_REPEAT=3 BENCH_WIDTH=50 ...
//
// Skips, saying so, when METAFLOW_SRC is not set or does not hold the `metaflow` package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuCount, median, root } from './lib.mjs';

const source = process.env.METAFLOW_SRC;
if (!source || !existsSync(join(source, 'metaflow', '__init__.py'))) {
  console.log(
    `compare-metaflow: skipped: ${source ? `METAFLOW_SRC=${source} holds no metaflow/__init__.py` : 'METAFLOW_SRC is not set'}. ` +
      'Point it at a Metaflow checkout (its folder holding the metaflow package) to compare.',
  );
  process.exit(0);
}

const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const width = Number(process.env.BENCH_WIDTH ?? 50);
// The interpreter itself, not a launcher in front of it (a pyenv shim runs a shell script and
// pyenv before Python at every start: Flowbench's worker would pay it, Metaflow's tasks not).
const python = interpreterPath(process.env.FLOWBENCH_PYTHON ?? 'python3');
const scratch = mkdtempSync(join(tmpdir(), 'flowbench-vs-metaflow-'));
const env = {
  ...process.env,
  PYTHONPATH: [source, process.env.PYTHONPATH].filter(Boolean).join(':'),
  FLOWBENCH_HOME: join(scratch, 'flowbench-home'),
  FLOWBENCH_PYTHON: python,
  USERNAME: 'bench', // Metaflow's local datastore goes to .metaflow in the working folder (scratch)
};

/** `sys.executable` of what `command` starts; the command as given if it does not start. */
function interpreterPath(command) {
  const asked = spawnSync(command, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return asked.status === 0 && asked.stdout.trim() ? asked.stdout.trim() : command;
}

function timed(command, args) {
  const started = performance.now();
  const result = spawnSync(command, args, { env, cwd: scratch, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  return ms;
}

const flows = [
  { label: 'linear 5-step flow', file: join(root, 'bench', 'flows', 'metaflow', 'linear5_mf_flow.py'), metaflowArgs: [], flowbenchArgs: [] },
  { label: `foreach of ${width} + join`, file: join(root, 'bench', 'flows', 'metaflow', 'foreach_mf_flow.py'), metaflowArgs: ['--width', String(width)], flowbenchArgs: ['--param', `width=${width}`] },
];
// Both run with the same interpreter, which must import Metaflow (it needs `requests`).
const probe = spawnSync(python, ['-c', 'import metaflow; print(metaflow.__version__)'], { env, cwd: scratch, encoding: 'utf8' });
if (probe.status !== 0) {
  console.log(`compare-metaflow: skipped: ${python} cannot import metaflow from ${source}: ${probe.stderr.trim().split('\n').pop()}. Set FLOWBENCH_PYTHON to an interpreter that can.`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
}
console.log(`Metaflow ${probe.stdout.trim()} from ${source}; ${python}; node ${process.version}; ${cpuCount} CPUs; median of ${repeat}`);
try {
  for (const flow of flows) {
    const metaflow = [];
    const flowbench = [];
    for (let i = 0; i < repeat; i += 1) {
      metaflow.push(timed(python, [flow.file, '--quiet', 'run', '--max-workers', '2', ...flow.metaflowArgs]));
      flowbench.push(timed(process.execPath, [join(root, 'bin', 'flowbench.cjs'), 'run', flow.file, '--max-workers', '2', ...flow.flowbenchArgs]));
    }
    const m = median(metaflow);
    const f = median(flowbench);
    console.log(`  ${flow.label.padEnd(24)} metaflow ${(m / 1000).toFixed(2).padStart(7)} s   flowbench ${(f / 1000).toFixed(2).padStart(6)} s   flowbench is ${(m / f).toFixed(1)}x faster`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
