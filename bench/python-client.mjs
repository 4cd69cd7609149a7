#!/usr/bin/env node
// The Python client, measured against floors taken in the same run with the same interpreter:
//
//   node bench/python-client.mjs          (run `npm run build` first)
//   BENCH_RUNS=2000 BENCH_STARTS=40 node bench/python-client.mjs
//
// (a) what `import flowbench` costs a task (the client is lazy: it must cost nothing), against
//     `python -c pass`, and what importing the client itself would add;
// (b) a notebook's reads over a store of BENCH_RUNS runs of two users: listing my runs and
//     `latest_successful_run.data`, against the floor of reading every run.json and end.json
//     with the json module (what any reader of these records must do).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchHome, engine, median, root } from './lib.mjs';

const { RunStore } = await engine('store/run-store.js');
const { newRunId } = await engine('store/run-id.js');

const runs = Number(process.env.BENCH_RUNS ?? 1000);
const starts = Number(process.env.BENCH_STARTS ?? 30);
const { home, config, remove } = benchHome();
const python = config.python;
const env = { ...process.env, PYTHONPATH: config.runtimePath, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'alice', PYTHONDONTWRITEBYTECODE: '1' };

function pythonMs(code) {
  const started = performance.now();
  const result = spawnSync(python, ['-c', code], { env });
  if (result.status !== 0) throw new Error(`python -c ${code} failed: ${result.stderr}`);
  return performance.now() - started;
}

// (a) interpreter starts, interleaved so that load on the machine hits each alike
const samples = { pass: [], 'import flowbench': [], 'import flowbench.client': [] };
for (let i = 0; i < starts; i += 1) for (const code of Object.keys(samples)) samples[code].push(pythonMs(code));
const floor = median(samples.pass);
console.log(`interpreter: ${python} (${spawnSync(python, ['--version']).stdout.toString().trim()}); median of ${starts} starts`);
for (const [code, values] of Object.entries(samples)) {
  const ms = median(values);
  console.log(`  python -c "${code}"`.padEnd(40) + `${ms.toFixed(1).padStart(7)} ms  ${(ms / floor).toFixed(2)}x floor  (+${(ms - floor).toFixed(1)} ms)`);
}

// (b) a store of `runs` runs (half alice's, half bob's; alice's newest failed), written by the
// engine's own RunStore
const store = RunStore.open(home);
const base = Date.now() - runs * 1000;
for (let i = 0; i < runs; i += 1) {
  const runId = newRunId(base + i * 1000);
  const user = i % 2 === 0 ? 'alice' : 'bob';
  const startedAt = new Date(base + i * 1000).toISOString();
  await store.writeRun({
    version: 1, flow: 'BenchFlow', runId, flowFile: '/bench/bench_flow.py', codeSha: await store.blobs.putBytes(Buffer.from('# bench\n')),
    user, tags: [`user:${user}`], parameters: { i }, startedAt, backend: 'local', maxWorkers: 1, engine: { host: 'bench', pid: 1 },
  });
  const score = Buffer.from(JSON.stringify(i / runs));
  await store.writeTask('BenchFlow', runId, {
    version: 1, step: 'end', taskId: '1', status: 'succeeded', startedAt, finishedAt: startedAt, attempts: 1, splitStack: [], inputs: [],
    artifacts: { score: { sha: await store.blobs.putBytes(score), encoding: 'json', type: 'float', size: score.length, preview: score.toString() } },
    transition: { kind: 'end', targets: [] },
  });
  await store.writeRunEnd('BenchFlow', runId, { version: 1, status: i === runs - 2 ? 'failed' : 'succeeded', finishedAt: startedAt });
}

// Imports happen before the clock starts: (a) measured them; here it is the reading.
const TIMED = (body) => `import time, json, os\nfrom flowbench import Flow\nimport flowbench.client.values\nt = time.perf_counter()\n${body}\nprint((time.perf_counter() - t) * 1000)`;
const floorRead = TIMED(`d = os.path.join(os.environ["FLOWBENCH_HOME"], "runs", "BenchFlow")
for r in sorted(os.listdir(d), reverse=True):
    json.load(open(os.path.join(d, r, "run.json"))); json.load(open(os.path.join(d, r, "end.json")))`);
const listMine = TIMED('mine = [run.id for run in Flow("BenchFlow")]');
const latest = TIMED('score = Flow("BenchFlow").latest_successful_run.data.score');
const measured = { floor: [], list: [], latest: [] };
for (let i = 0; i < 5; i += 1) {
  for (const [name, code] of [['floor', floorRead], ['list', listMine], ['latest', latest]]) {
    const result = spawnSync(python, ['-c', code], { env });
    if (result.status !== 0) throw new Error(`${name} failed: ${result.stderr}`);
    measured[name].push(Number(result.stdout.toString().trim()));
  }
}
const readFloor = median(measured.floor);
console.log(`a store of ${runs} runs (two users); time inside Python, median of 5`);
console.log(`  floor: json.load every run.json + end.json`.padEnd(58) + `${readFloor.toFixed(1).padStart(7)} ms`);
console.log(`  list(Flow(...)) in my namespace (${runs / 2} runs)`.padEnd(58) + `${median(measured.list).toFixed(1).padStart(7)} ms  ${(median(measured.list) / readFloor).toFixed(2)}x floor`);
console.log(`  latest_successful_run.data.score`.padEnd(58) + `${median(measured.latest).toFixed(1).padStart(7)} ms  ${(median(measured.latest) / readFloor).toFixed(2)}x floor`);
console.log(`(built engine: ${join(root, 'out')})`);
remove();
