#!/usr/bin/env node
// The `flowbench` command as a person runs it, whole processes, against floors measured here:
//   (a) `flowbench --help`, `runs`, `show`, `artifact` against `node -e 0` (target: each < 1.5x);
//   (b) `flowbench run` of the linear 5-step flow against five `python3 -c pass` (target: < 2x).
//
//   npm run bench:cli              (run `npm run build:engine` first)
//   BENCH_REPEAT=9 FLOWBENCH_PYTHON=/usr/bin/python3 npm run bench:cli
//
// Each round runs every command once, in turn, so a busy machine slows them alike; the figures
// are medians over the rounds. The store is a fresh one holding one small run (so `runs`,
// `show` and `artifact` have something to read), and one more run per round. `runs` is timed
// three times per round: after that round's new run (it reads that run and adds it to the index's
// runs snapshot), with nothing changed (it answers from the snapshot), and without the snapshot
// (the DuckDB index catches up and writes it again).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchFlow, benchHome, cpuCount, flowbenchCommand, median } from './lib.mjs';

const repeat = Number(process.env.BENCH_REPEAT ?? 7);
const { home, config, remove } = benchHome();

/** A floor's process (`node -e 0`, `python3 -c pass`): its wall time in ms. */
function timed(command, args) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${result.status}): ${result.stderr}`);
  return { ms };
}
const cli = (...args) => flowbenchCommand(args, { FLOWBENCH_HOME: home, FLOWBENCH_PYTHON: config.python });

// One small run to look at: start stores `items`.
const prepared = JSON.parse(cli('run', benchFlow('foreach_flow.py'), '--param', 'width=2', '--json').stdout);
const runPath = prepared.pathspec;

const cases = {
  'node -e 0': () => timed(process.execPath, ['-e', '0']).ms,
  'flowbench --help': () => cli('--help').ms,
  'flowbench runs, after a new run': () => cli('runs').ms,
  'flowbench runs': () => cli('runs').ms,
  'flowbench runs, without the snapshot (DuckDB)': () => {
    rmSync(join(home, 'index', 'runs.json'), { force: true });
    return cli('runs').ms;
  },
  [`flowbench show ${runPath}`]: () => cli('show', runPath).ms,
  'flowbench artifact RUN/start items': () => cli('artifact', `${runPath}/start`, 'items').ms,
  '5 x python3 -c pass': () => [1, 2, 3, 4, 5].reduce((sum) => sum + timed(config.python, ['-c', 'pass']).ms, 0),
  'flowbench run linear5_flow.py': () => cli('run', benchFlow('linear5_flow.py')).ms,
};
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < repeat; round += 1) for (const [name, run] of Object.entries(cases)) samples[name].push(run());
const ms = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));

const row = (name, floor) => `  ${name.padEnd(46)} ${ms[name].toFixed(0).padStart(6)} ms  ${(ms[name] / ms[floor]).toFixed(2)}x`;
console.log(`node ${process.version}; ${config.python}; ${cpuCount} CPUs; median of ${repeat} rounds`);
console.log('(a) commands that look at results, against node -e 0 (target < 1.5x)');
for (const name of Object.keys(cases).slice(0, 7)) console.log(row(name, 'node -e 0'));
console.log('(b) a linear 5-step flow, against five python3 -c pass (target < 2x)');
console.log(row('5 x python3 -c pass', '5 x python3 -c pass'));
console.log(row('flowbench run linear5_flow.py', '5 x python3 -c pass'));
remove();
