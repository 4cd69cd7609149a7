#!/usr/bin/env node
// How fast the canvas is, in browser mode with Debian's Chromium (builds nothing: `npm run
// build` first).
//   (a) load → interactive: from navigation start to the moment every step of a generated
//       50-step flow is drawn and measured on the canvas (median of BENCH_REPEAT page loads);
//   (b) panning: requestAnimationFrame deltas while the mouse drags the view of a generated
//       500-step flow, once zoomed to fit (all 500 nodes drawn) and once at 100 % zoom (React Flow
//       draws only what is visible), median and p95.
// Targets (issue 4): (a) under 1 s; (b) median frame under 16 ms.
//
//   node bench/app-canvas.mjs            BENCH_REPEAT=5 node bench/app-canvas.mjs
/* global document, window, requestAnimationFrame -- functions passed to page.evaluate run in the page */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

for (const built of ['out/engine/cli/main.js', 'out/renderer/index.html']) {
  if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run "npm run build" first.`);
}

/**
 * A flow of about `total` steps: start → a branch into `lanes` chains → a join → end, so the
 * layout is two-dimensional like real flows, not one long column.
 */
function generateFlow(className, total, lanes) {
  // start, fan, gather and end plus the lanes' steps, the remainder spread over the first lanes.
  const laneLength = (l) => Math.floor((total - 4) / lanes) + (l < (total - 4) % lanes ? 1 : 0);
  const out = ['from flowbench import FlowSpec, step', '', '', `class ${className}(FlowSpec):`];
  const method = (name, body, next, join = false) =>
    out.push('    @step', `    def ${name}(self${join ? ', inputs' : ''}):`, `        ${body}`, `        self.next(${next})`, '');
  const heads = Array.from({ length: lanes }, (_, l) => `self.l${l}_0`).join(', ');
  method('start', 'self.x = 1', `self.fan`);
  method('fan', 'self.x = 2', heads);
  for (let l = 0; l < lanes; l += 1) {
    const length = laneLength(l);
    for (let i = 0; i < length; i += 1) {
      method(`l${l}_${i}`, `self.x = ${i}`, i === length - 1 ? 'self.gather' : `self.l${l}_${i + 1}`);
    }
  }
  method('gather', 'self.x = len(inputs)', 'self.end', true);
  out.push('    @step', '    def end(self):', '        pass', '');
  return { source: out.join('\n'), steps: total };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const p95 = (v) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.95))];
const ms = (v) => `${v.toFixed(1)} ms`;

const tmp = mkdtempSync(join(tmpdir(), 'flowbench-bench-app-'));
const flows = join(tmp, 'flows');
mkdirSync(flows);
mkdirSync(join(tmp, 'home'));
const small = generateFlow('Bench50Flow', 50, 4);
const large = generateFlow('Bench500Flow', 500, 10);
writeFileSync(join(flows, 'bench50_flow.py'), small.source);
writeFileSync(join(flows, 'bench500_flow.py'), large.source);

const server = spawn(process.execPath, [join(root, 'bin/flowbench.mjs'), 'serve', '--port', '0', '--no-open'], {
  cwd: flows,
  env: { ...process.env, FLOWBENCH_HOME: join(tmp, 'home') },
  stdio: ['ignore', 'pipe', 'ignore'],
});
const url = await new Promise((ok, fail) => {
  server.once('exit', (code) => fail(new Error(`flowbench serve exited (${code})`)));
  createInterface({ input: server.stdout }).once('line', (line) => ok(line.replace(/^.* at /, '').trim()));
});
const browser = await chromium.launch({ executablePath: process.env.FLOWBENCH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

const openUrl = (file) => `${url}&open=${encodeURIComponent(join(flows, file))}`;

/** Milliseconds from navigation start until `count` nodes are drawn and measured. */
async function loadToInteractive(file, count) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(openUrl(file), { waitUntil: 'commit' });
  const t = await page.waitForFunction(
    (n) => {
      const nodes = document.querySelectorAll('.react-flow__node');
      if (nodes.length < n) return false;
      for (const node of nodes) if (node.style.visibility === 'hidden') return false;
      return performance.now();
    },
    count,
    { polling: 'raf', timeout: 30_000 },
  );
  const value = await t.jsonValue();
  await page.close();
  return value;
}

/**
 * A point just left of the flow's leftmost node: empty at every height, so dragging up and down
 * from it pans the view (and never drags a node), at any zoom.
 */
async function emptyPointLeftOfFlow(page) {
  const box = await page.getByTestId('canvas').boundingBox();
  const left = await page.evaluate(() => Math.min(...[...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect().left)));
  return { x: Math.max(box.x + 4, left - 6), y: box.y + box.height / 2 };
}

/**
 * rAF deltas while dragging the view up and down for ~2 s from (x, y), and the renderer's
 * main-thread work per frame over the same time (Chrome's TaskDuration, from the DevTools
 * protocol): rAF deltas are locked to 60 Hz and read 16.7 ms for every frame that was on time,
 * so the work per frame is what says how much room a frame has left.
 */
async function panFrames(page, { x, y }) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const busyBefore = await taskSeconds();
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    w.__recording = true;
    let last = performance.now();
    const tick = (now) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(x, y);
  await page.mouse.down();
  const started = Date.now();
  for (let i = 1; Date.now() - started < 2000; i += 1) {
    await page.mouse.move(x, y + Math.sin(i / 15) * 300);
    await page.waitForTimeout(4);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window;
    w.__recording = false;
    return w.__frames.slice(2); // the first deltas include the recorder's start
  });
  const busyMs = ((await taskSeconds()) - busyBefore) * 1000;
  await cdp.detach();
  frames.workPerFrame = busyMs / (frames.length + 2);
  return frames;
}

try {
  // (a) load → interactive, 50 steps
  await loadToInteractive('bench50_flow.py', small.steps); // warm-up (disk cache, engine JIT)
  const loads = [];
  for (let i = 0; i < repeat; i += 1) loads.push(await loadToInteractive('bench50_flow.py', small.steps));

  // (b) panning, 500 steps
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(openUrl('bench500_flow.py'));
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  const drawnFit = await page.locator('.react-flow__node').count();
  const point = await emptyPointLeftOfFlow(page);
  const fit = await panFrames(page, point);
  // Zoom to 100 % around that point: it stays where it is on screen, and stays empty.
  await page.mouse.move(point.x, point.y);
  const zoom = () => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1] ?? 1));
  for (let i = 0; i < 60 && (await zoom()) < 0.98; i += 1) {
    await page.mouse.wheel(0, -60);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(300);
  const drawnZoomed = await page.locator('.react-flow__node').count();
  const zoomPercent = Math.round((await zoom()) * 100);
  const zoomed = await panFrames(page, point);
  await page.close();

  console.log(`Canvas bench (Chromium ${browser.version()}, headless, software rendering; ${repeat} loads)`);
  console.log(`  load → interactive, ${small.steps}-step flow: median ${ms(median(loads))} (runs: ${loads.map((v) => v.toFixed(0)).join(', ')} ms; target < 1000 ms)`);
  console.log(`  pan ${large.steps}-step flow, fit view (${drawnFit} nodes drawn): median frame ${ms(median(fit))}, p95 ${ms(p95(fit))}, ${fit.length} frames; main-thread work ${ms(fit.workPerFrame)} per frame (target median < 16 ms; rAF is vsync-locked at 60 Hz, so 16.7 ms means no frame dropped)`);
  console.log(`  pan ${large.steps}-step flow, ${zoomPercent} % zoom (${drawnZoomed} nodes drawn): median frame ${ms(median(zoomed))}, p95 ${ms(p95(zoomed))}, ${zoomed.length} frames; main-thread work ${ms(zoomed.workPerFrame)} per frame`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
