#!/usr/bin/env node
// What a run pays at its start to be a faithful record, against a floor measured here with the
// interpreter tasks use (`python -c pass`, once):
//   - the code package: snapshot the flow's folder into the store and check it out (unchanged
//     package, as on every run but the first after an edit);
//   - asking the interpreter its path and version (once per run in the CLI, once per process in
//     the app; it overlaps the snapshot);
//   - reading a 20 MB JSON artifact exactly (big integers kept) against JSON.parse.
//
//   node bench/run-start.mjs       (run `npm run build` first)   BENCH_REPEAT=10
import { readFileSync } from 'node:fs';
import { benchFlow, benchHome, engine, floorMs, median } from './lib.mjs';

const { RunStore } = await engine('store/run-store.js');
const { snapshotCode, checkoutCode } = await engine('runtime/code-package.js');
const { probeInterpreter } = await engine('backends/local/python-interpreter.js');
const { parseExactJson } = await engine('util/exact-json.js');

const repeat = Number(process.env.BENCH_REPEAT ?? 10);
const { home, config, remove } = benchHome();
const store = RunStore.open(home);
const flowFile = benchFlow('linear5_flow.py');
const source = readFileSync(flowFile, 'utf8');

async function medianMs(fn) {
  await fn();
  const times = [];
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

try {
  const floor = median(Array.from({ length: repeat }, () => floorMs(1, config.python, ['-c', 'pass'])));
  const snapshot = await medianMs(async () => checkoutCode(store, await snapshotCode(store, flowFile, source)));
  const probe = await medianMs(() => probeInterpreter(config.python));
  const items = Array.from({ length: 200_000 }, (_, i) => ({ sha: `3e${i.toString(16).padStart(62, 'a')}`, v: i * 0.5 }));
  const plain = JSON.stringify(items);
  const big = plain.replace('"v":0', '"v":1152921504606846977');
  const nativeParse = await medianMs(() => JSON.parse(plain));
  const exactParse = await medianMs(() => parseExactJson(plain));
  const exactBig = await medianMs(() => parseExactJson(big));
  const files = Object.keys((await snapshotCode(store, flowFile, source)).manifest.files).length;
  const line = (label, ms, base, unit) => console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / base).toFixed(2)}x ${unit}`);
  console.log(`floor: ${config.python} -c pass: ${floor.toFixed(1)} ms (median of ${repeat})`);
  line(`code package, snapshot + checkout (${files} files, unchanged)`, snapshot, floor, 'the floor');
  line('interpreter probe (path and version)', probe, floor, 'the floor');
  line(`JSON.parse of ${(plain.length / 1e6).toFixed(1)} MB`, nativeParse, nativeParse, 'JSON.parse');
  line('parseExactJson, same document (no big number)', exactParse, nativeParse, 'JSON.parse');
  line('parseExactJson, one integer beyond 2^53', exactBig, nativeParse, 'JSON.parse');
} finally {
  remove();
}
