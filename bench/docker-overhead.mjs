#!/usr/bin/env node
// Per-task overhead of the Docker backend against the floor measured here: one
// `docker run --rm IMAGE python3 -c pass` per task, one after another.
//
//   npm run bench:docker            (run `npm run build` first; needs Docker and the image)
//   BENCH_REPEAT=3 BENCH_WIDTH=100 FLOWBENCH_DOCKER_IMAGE=flowbench-python:bookworm npm run bench:docker
//
// (a) a linear 5-step flow against 5 `docker run`s: the per-task cost, target <= 1.3x the floor
//     (and, for reference, a 2-step flow from nothing: container created, used and removed);
// (b) a foreach of BENCH_WIDTH trivial tasks (+3 around it) with 2 workers against BENCH_WIDTH
//     sequential `docker run`s: target <= floor / 1.5 (that is, ratio <= 0.67);
// (c) a pooled container's task (a foreach on 1 worker) against `docker exec CONTAINER python3 -c
//     pass` into a running container: target <= 1.5x (issue 11). Beside it, the same foreach whose
//     task has @environment and so runs by an exec of its own (copy in, exec, copy out: the path
//     every container task took before the warm worker).
//
//   BENCH_PARTS=c npm run bench:docker    runs only the parts named (any of 0abc; default all)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchFlow, benchHome, cpuCount, engine, floorMs, median, timedRun } from './lib.mjs';

const { DockerBackend } = await engine('backends/docker/docker-backend.js');
const { localDockerTarget } = await engine('backends/docker/docker-connection.js');

const repeat = Number(process.env.BENCH_REPEAT ?? 1);
const width = Number(process.env.BENCH_WIDTH ?? 100);
const { home, config, remove } = benchHome();
const image = config.dockerImage;
const dockerCli = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

function runMs(flowFile, maxWorkers, parameters) {
  const backend = new DockerBackend(localDockerTarget(), { runtimePath: config.runtimePath, defaultImage: image });
  return timedRun(home, backend, flowFile, { maxWorkers, parameters, countClose: true }); // removing the containers counts too
}

async function measure(label, flowFile, tasks, floorRuns, maxWorkers, parameters = {}) {
  const floors = [];
  const runs = [];
  for (let i = 0; i < repeat; i += 1) {
    floors.push(floorMs(floorRuns, dockerCli, ['run', '--rm', image, 'python3', '-c', 'pass']));
    runs.push(await runMs(flowFile, maxWorkers, parameters));
  }
  const f = median(floors);
  const r = median(runs);
  const row = (name, ms, n) => `  ${name.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / n).toFixed(1).padStart(6)} ms/task`;
  console.log(`${label} (median of ${repeat})`);
  console.log(row(`floor: ${floorRuns} x docker run --rm python3 -c pass`, f, floorRuns));
  console.log(row(`flowbench --backend docker, ${tasks} tasks, ${maxWorkers} workers`, r, tasks));
  return { floor: f, run: r };
}

/**
 * (c) A pooled container's task against a bare `docker exec CONTAINER python3 -c pass` into a
 * running container of the same image (the floor of any task run by exec): a foreach on one
 * worker, so one warm container runs its tasks one after another.
 */
async function measurePooled(tasks) {
  const floors = [];
  const runs = [];
  const ownExecRuns = [];
  const name = `flowbench-bench-exec-${process.pid}`;
  const started = spawnSync(dockerCli, ['run', '-d', '--rm', '--name', name, '--entrypoint', '', image, 'python3', '-c', 'import signal; signal.pause()']);
  if (started.status !== 0) throw new Error(`docker run -d failed: ${started.stderr}`);
  try {
    for (let i = 0; i < repeat; i += 1) {
      floors.push(floorMs(tasks, dockerCli, ['exec', name, 'python3', '-c', 'pass']) / tasks);
      runs.push((await runMs(benchFlow('foreach_flow.py'), 1, { width: String(tasks) })) / (tasks + 3));
      ownExecRuns.push((await runMs(benchFlow('foreach_env_flow.py'), 1, { width: String(tasks) })) / (tasks + 3));
    }
  } finally {
    spawnSync(dockerCli, ['rm', '-f', name]);
  }
  const f = median(floors);
  const r = median(runs);
  const own = median(ownExecRuns);
  const row = (name, ms) => `  ${name.padEnd(56)} ${ms.toFixed(1).padStart(7)} ms/task  ${(ms / f).toFixed(2)}x`;
  console.log(`(c) a pooled container's task against a bare docker exec (median of ${repeat})`);
  console.log(`  ${'floor: docker exec CONTAINER python3 -c pass'.padEnd(56)} ${f.toFixed(1).padStart(7)} ms/task`);
  console.log(row(`foreach of ${tasks}, 1 worker: the warm worker (target <= 1.5x)`, r));
  console.log(row(`same, the task with @environment: an exec of its own`, own));
  return r / f;
}

const version = spawnSync(dockerCli, ['version', '--format', '{{.Server.Version}}']).stdout.toString().trim();
console.log(`image: ${image}; dockerd ${version}; node ${process.version}; ${cpuCount} CPUs`);
const parts = process.env.BENCH_PARTS ?? '0abc';
const cold = parts.includes('0') ? await measure('(0) 2-step flow, fresh container (reference)', benchFlow('one_step_flow.py'), 2, 2, 1) : null;
const linear = parts.includes('a') ? await measure('(a) linear 5-step flow', benchFlow('linear5_flow.py'), 5, 5, 1) : null;
const foreach = parts.includes('b') ? await measure(`(b) foreach of ${width}`, benchFlow('foreach_flow.py'), width + 3, width, 2, { width: String(width) }) : null;
const pooled = parts.includes('c') ? await measurePooled(Math.min(width, 30)) : null;
console.log('targets: a task <= 1.3x one docker run; the foreach <= (sequential docker runs) / 1.5 = 0.67x; a pooled task <= 1.5x a docker exec');
if (cold) console.log(`  (0) fresh container, 2 tasks: ${(cold.run / cold.floor).toFixed(2)}x two docker runs (reference)`);
if (linear) {
  const perTask = linear.run / linear.floor;
  console.log(`  (a) per task: ${perTask.toFixed(2)}x  ${perTask <= 1.3 ? 'ok' : 'OVER TARGET'}`);
}
if (foreach) {
  const fanOut = foreach.run / foreach.floor;
  console.log(`  (b) foreach:  ${fanOut.toFixed(2)}x  ${fanOut <= 1 / 1.5 ? 'ok' : 'OVER TARGET'}`);
}
if (pooled !== null) console.log(`  (c) pooled task: ${pooled.toFixed(2)}x a bare docker exec  ${pooled <= 1.5 ? 'ok' : 'OVER TARGET'}`);
remove();
