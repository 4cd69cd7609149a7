#!/usr/bin/env node
// How the app keeps up with a wide foreach, in browser mode with Debian's Chromium (builds
// nothing: `npm run build` first). The app opens bench/flows/foreach_flow.py, shows the timeline,
// and starts a run of BENCH_WIDTH (default 2,000) trivial tasks from the run form, as a person
// would. While the run goes, the page records:
//   - the WebSocket messages it receives, and the run events they carry;
//   - long tasks (PerformanceObserver 'longtask': main-thread work over 50 ms), count, sum, max;
//   - requestAnimationFrame deltas, p50 and p95;
// and, once it ended, the time from the run's end (its end.json written by the engine) to the
// app showing it succeeded (or that it did not within BENCH_LAG_LIMIT_S, default 300). Baseline, measured in the same page just before: the same frames
// with no run (the page idle, vsync-locked at 16.7 ms a frame). Ratios are run / idle.
//
//   node bench/app-run-events.mjs          BENCH_WIDTH=500 node bench/app-run-events.mjs
/* global document, window, requestAnimationFrame -- functions passed to page.evaluate run in the page */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const width = Number(process.env.BENCH_WIDTH ?? 2000);
const idleMs = Number(process.env.BENCH_IDLE_MS ?? 3000);
const lagLimitS = Number(process.env.BENCH_LAG_LIMIT_S ?? 300);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

for (const built of ['out/cli/flowbench.cjs', 'out/renderer/index.html']) {
  if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run "npm run build" first.`);
}

const pick = (v, q) => (v.length === 0 ? NaN : [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * q))]);
const ms = (v) => `${v.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

const tmp = mkdtempSync(join(tmpdir(), 'flowbench-bench-events-'));
const flows = join(tmp, 'flows');
const home = join(tmp, 'home');
mkdirSync(flows);
mkdirSync(home);
const flowFile = join(flows, 'foreach_flow.py');
copyFileSync(join(root, 'bench', 'flows', 'foreach_flow.py'), flowFile);

const server = spawn(process.execPath, [join(root, 'bin/flowbench.cjs'), 'serve', '--port', '0', '--no-open'], {
  cwd: flows,
  env: { ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_PYTHON: process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3' },
  stdio: ['ignore', 'pipe', 'ignore'],
});
const url = await new Promise((ok, fail) => {
  server.once('exit', (code) => fail(new Error(`flowbench serve exited (${code})`)));
  createInterface({ input: server.stdout }).once('line', (line) => ok(line.replace(/^.* at /, '').trim()));
});
const browser = await chromium.launch({ executablePath: process.env.FLOWBENCH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

/** Installed before the app's code: counts what arrives on the socket, long tasks and frames while `recording`. */
function instrument() {
  const bench = { recording: false, messages: 0, events: 0, bytes: 0, longTasks: [], frames: [] };
  window.__bench = bench;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (!bench.recording) return;
        bench.messages += 1;
        bench.bytes += String(e.data).length;
        const message = JSON.parse(String(e.data));
        // One event per message before batching; a batch carries `events`.
        if (Array.isArray(message.events)) bench.events += message.events.length;
        else if (typeof message.event === 'string') bench.events += 1;
      });
    }
  };
  new PerformanceObserver((list) => {
    if (bench.recording) for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  let last = 0;
  const tick = (now) => {
    if (bench.recording && last > 0) bench.frames.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

const startRecording = (page) =>
  page.evaluate(() => {
    Object.assign(window.__bench, { recording: true, messages: 0, events: 0, bytes: 0, longTasks: [], frames: [] });
  });
const stopRecording = (page) =>
  page.evaluate(() => {
    const b = window.__bench;
    b.recording = false;
    return { messages: b.messages, events: b.events, bytes: b.bytes, longTasks: b.longTasks, frames: b.frames.slice(1) };
  });

function describe(label, r, seconds) {
  const sum = r.longTasks.reduce((a, b) => a + b, 0);
  console.log(
    `  ${label}: frames p50 ${ms(pick(r.frames, 0.5))}, p95 ${ms(pick(r.frames, 0.95))}, max ${ms(Math.max(0, ...r.frames))} (${r.frames.length} frames); ` +
      `long tasks ${r.longTasks.length} (sum ${ms(sum)}, max ${ms(Math.max(0, ...r.longTasks))}, ${((sum / (seconds * 1000)) * 100).toFixed(0)}% of the time)`,
  );
}

try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(instrument);
  const target = new URL(url);
  target.searchParams.set('open', flowFile);
  await page.goto(target.toString());
  await page.getByTestId('step-node-start').waitFor({ timeout: 60_000 });
  await page.getByTestId('tab-timeline').click();
  await page.waitForTimeout(500);

  // Baseline: the same page with no run.
  await startRecording(page);
  await page.waitForTimeout(idleMs);
  const idle = await stopRecording(page);

  // The run, started from the run form as a person does.
  await page.getByTestId('run-button').click();
  await page.locator('#param-width').fill(String(width));
  await startRecording(page);
  const started = Date.now();
  await page.getByTestId('run-form-submit').click();
  // The engine's end of the run: its end.json (the one run of this store).
  const runsDir = join(home, 'runs', 'BenchForeachFlow');
  let endFile = null;
  while (endFile === null) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const ids = existsSync(runsDir) ? readdirSync(runsDir) : [];
    endFile = ids.map((id) => join(runsDir, id, 'end.json')).find((f) => existsSync(f)) ?? null;
  }
  const endedAt = statSync(endFile).mtimeMs;
  // Then the app showing it, or a lag past BENCH_LAG_LIMIT_S reported as such.
  const shownAt = await page
    .waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') === 'succeeded' && Date.now(), null, {
      polling: 'raf',
      timeout: lagLimitS * 1000,
    })
    .then((handle) => handle.jsonValue())
    .catch(() => null);
  const during = await stopRecording(page);
  const seconds = ((shownAt ?? Date.now()) - started) / 1000;
  const pathspec = `BenchForeachFlow/${dirname(endFile).split('/').at(-1)}`;
  const progress = shownAt === null ? '(not shown yet)' : await page.getByTestId('step-progress-work').textContent({ timeout: 60_000 }).catch(() => '(no progress shown)');

  console.log(`App run-events bench (Chromium ${browser.version()}, headless; browser mode; foreach of ${width}, timeline shown)`);
  console.log(`  run ${pathspec}: ${seconds.toFixed(1)} s from submit to ${shownAt === null ? 'giving up' : '"succeeded" shown'}; the work card reads "${progress}"`);
  console.log(`  messages received: ${during.messages} carrying ${during.events} events (${(during.events / Math.max(1, during.messages)).toFixed(1)} events a message, ${(during.bytes / 1e6).toFixed(1)} MB)`);
  describe(`idle (baseline, ${(idleMs / 1000).toFixed(0)} s)`, idle, idleMs / 1000);
  describe(`during the run (${seconds.toFixed(0)} s)`, during, seconds);
  console.log(`  ratios run / idle: frame p50 ${ratio(pick(during.frames, 0.5), pick(idle.frames, 0.5))}, p95 ${ratio(pick(during.frames, 0.95), pick(idle.frames, 0.95))}`);
  console.log(`  engine: submit → end.json ${((endedAt - started) / 1000).toFixed(1)} s`);
  console.log(`  run's end (end.json written) → the app shows "succeeded": ${shownAt === null ? `not within ${lagLimitS} s (the page was still working through the run's events)` : ms(shownAt - endedAt)}`);
  await page.close();
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
