// What the backend benches share: the built engine, a throwaway store, the floor a backend is
// measured against (a command run once per task, one after another), and one timed run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** A module of the built engine (`npm run build` first). */
export const engine = (path) => import(join(root, 'out', 'engine', path));
/** A flow from bench/flows. */
export const benchFlow = (name) => join(root, 'bench', 'flows', name);
export const cpuCount = cpus().length;

const { loadConfig } = await engine('config/config.js');
const { RunStore } = await engine('store/run-store.js');
const { loadFlowForRun } = await engine('flows/load-flow.js');
const { startRun } = await engine('runtime/start-run.js');

/** A fresh store for the bench and the config that points at it; `remove()` when done. */
export function benchHome() {
  const home = mkdtempSync(join(tmpdir(), 'flowbench-bench-'));
  const config = loadConfig({ ...process.env, FLOWBENCH_HOME: home });
  return { home, config, remove: () => rmSync(home, { recursive: true, force: true }) };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Milliseconds for `runs` sequential runs of `command args`; throws on the first failure. */
export function floorMs(runs, command, args) {
  const started = performance.now();
  for (let i = 0; i < runs; i += 1) {
    const result = spawnSync(command, args);
    if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed: ${result.stderr}`);
  }
  return performance.now() - started;
}

/**
 * One whole `flowbench ARGS…` command, as a person runs it (node bin/flowbench.cjs, its start and
 * exit counted): its wall time in ms and its stdout. `env` is added to this process's
 * environment. Throws with the command's stderr when it fails.
 */
export function flowbenchCommand(args, env = {}) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(root, 'bin', 'flowbench.cjs'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`flowbench ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/**
 * Milliseconds for one run of `flowFile` on `backend` (which is closed afterwards), from start to
 * done — with the close counted too when `countClose` (removing containers is part of the cost).
 */
export async function timedRun(home, backend, flowFile, { maxWorkers, parameters = {}, countClose = false, onEvent }) {
  const store = RunStore.open(home);
  let started = 0;
  let elapsed = 0;
  try {
    const flow = await loadFlowForRun(flowFile);
    started = performance.now();
    const run = await startRun({ store, backend, user: 'bench' }, { flow, maxWorkers, parameters });
    if (onEvent) run.subscribe(onEvent);
    const result = await run.done;
    elapsed = performance.now() - started;
    if (result.status !== 'succeeded') throw new Error(`${flowFile}: ${result.status}: ${result.message}`);
  } finally {
    await backend.close();
  }
  return countClose ? performance.now() - started : elapsed;
}
